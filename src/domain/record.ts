import type { ChangeType, EntityType } from './entity';
import { sapDateTime } from './fields';
import type { EventRecordSource } from './events/record-source';
import type { IdocControl } from './idoc/control';
import type { ErasureSource } from './data-protection/erasure';

/**
 * What SyncHub itself sets instead of SAP's change type: `blocked` for an entity SAP blocked (stored and
 * published minimised), `erased` for the tombstone of an erased entity.
 */
export type DataProtectionChange = 'blocked' | 'erased';

/**
 * Where a canonical record came from: an IDoc, a business event enriched from the OData API, or an OData
 * response read on its own (full load, resync).
 */
export type RecordSource = IdocRecordSource | EventRecordSource | ODataRecordSource | ErasureSource;

export interface ODataRecordSource {
  format: 'odata';
  /** The OData service, e.g. 'API_BUSINESS_PARTNER'. */
  service: string;
  entitySet: string;
  etag?: string;
}

/** Where an IDoc record came from. Optional members are omitted (never undefined) when not known. */
export interface IdocRecordSource {
  format: 'idoc';
  idocType: string;
  extension?: string;
  messageType: string;
  docnum: string;
  senderPartner?: string;
  client?: string;
  serial?: string;
  /** ISO local date-time without zone ('2024-05-07T06:45:20'), from CREDAT/CRETIM (SAP server local time). */
  createdAt?: string;
}

export interface CanonicalRecord<T = unknown> {
  entityType: EntityType;
  /** Canonical business key (e.g. the 18-digit padded material number). */
  entityKey: string;
  /**
   * Alias of the SAP system the record came from (SYNCHUB_SAP_SYSTEMS; `SAP` when none is configured).
   * Absent only on records stored before systems existed, which belong to the default system.
   */
  sourceSystem?: string;
  /** `${timestamp14}.${docnum16}`, see version.ts. */
  version: string;
  /** 'delete' only for an explicit delete (MSGFN 003); 'blocked' and 'erased' see DataProtectionChange. */
  changeType: ChangeType | DataProtectionChange;
  /** True for a delete and for a soft delete (deletion flag set at the object's top level). */
  deleted: boolean;
  source: RecordSource;
  data: T;
}

/** CREDAT/CRETIM as ISO local date-time; undefined when CREDAT is missing or not a date. */
function createdAt(control: IdocControl): string | undefined {
  try {
    return sapDateTime(control.createdDate, control.createdTime) ?? undefined;
  } catch {
    try {
      return sapDateTime(control.createdDate, undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }
}

export function idocRecordSource(control: IdocControl): IdocRecordSource {
  const source: IdocRecordSource = {
    format: 'idoc',
    idocType: control.idocType,
    messageType: control.messageType,
    docnum: control.docnum,
  };
  if (control.extension !== undefined) source.extension = control.extension;
  if (control.senderPartner !== undefined) source.senderPartner = control.senderPartner;
  if (control.client !== undefined) source.client = control.client;
  if (control.serial !== undefined) source.serial = control.serial;
  const created = createdAt(control);
  if (created !== undefined) source.createdAt = created;
  return source;
}
