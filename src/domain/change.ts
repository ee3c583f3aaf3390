import type { ChangeType, EntityType } from './entity';
import { idocSourceId, idocVersion } from './idoc/control';
import { parsedEnvelope, type IdocEnvelope } from './idoc/split';
import { idocHandlerFor } from './idoc-handlers';

/** What the Kafka ingester needs to route one IDoc to its entity's workflow: just enough, no full transform. */
export interface ChangeRef {
  entityType: EntityType;
  /** Canonical key, the same as the transformed record's entityKey. */
  entityKey: string;
  /** The same as the transformed record's version. */
  version: string;
  changeType: ChangeType;
  /** `${senderPartner ?? '-'}/${client ?? '-'}/${docnum}`: identifies one IDoc. */
  sourceId: string;
  messageType: string;
  idocType: string;
  /**
   * Who sent it, for mapping to a SAP system (sap-system.ts): an IDoc's SNDPRN (logical system); a business
   * event's `source` (its last segment names the tenant or logical system).
   */
  sender?: string;
}

/**
 * Routing facts of one IDoc. Dispatches on message type / basic type; throws SapDocumentError
 * UNSUPPORTED_IDOC_TYPE for IDocs no transform handles, and the errors of reading the key otherwise.
 */
export function describeIdoc(envelope: IdocEnvelope): ChangeRef {
  const idoc = parsedEnvelope(envelope);
  const { control } = idoc;
  const handler = idocHandlerFor(control);
  const { entityKey, changeType } = handler.describe(idoc);
  return {
    entityType: handler.entityType,
    entityKey,
    version: idocVersion(control),
    changeType,
    sourceId: idocSourceId(control),
    messageType: control.messageType,
    idocType: control.idocType,
    ...(control.senderPartner !== undefined ? { sender: control.senderPartner } : {}),
  };
}
