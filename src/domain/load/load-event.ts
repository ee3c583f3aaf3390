import { businessPartnerRecordSource, readBusinessPartnerEntity } from '../business-partner/transform';
import type { ChangeRef } from '../change';
import { SapDocumentError } from '../errors';
import type { SapCloudEvent } from '../events/cloud-event';
import {
  CLOUD_EVENT_IDOC_TYPE,
  canonicalBusinessPartnerNumber,
  describeBusinessPartnerEvent,
  eventSourceId,
} from '../events/describe';
import { SAP_EVENT_TYPES, isLoadEventType, type LoadEventType } from '../events/event-types';
import { canonicalMaterialNumber } from '../keys';
import { productRecordSource, readProductEntity } from '../material/product-entity';
import type { CanonicalRecord } from '../record';
import { businessPartnerLoadVersion, productLoadVersion } from './load-version';

/*
 * An initial-load event is a CloudEvent whose `data` is one whole OData entity as the API returned it. It
 * travels the same way as every other change (Kafka topic of its entity type, one workflow per entity, the
 * version guard), and is transformed from the entity it carries: nothing is read from SAP a second time.
 */

/** Where a loaded entity came from: its service and entity set. */
function loadInfo(type: LoadEventType): { service: string; entitySet: string } {
  return SAP_EVENT_TYPES[type].load!;
}

function keyOf(event: Pick<SapCloudEvent, 'type' | 'data'>): string {
  const key = event.data[SAP_EVENT_TYPES[event.type].keyField];
  return typeof key === 'string' ? key.trim() : '';
}

function labelOf(type: LoadEventType, key: string): string {
  return `OData ${loadInfo(type).entitySet}('${key}')`;
}

/** Canonical key and version of a loaded entity, from the entity itself. */
function identify(
  type: LoadEventType,
  data: Record<string, unknown>,
): { entityKey: string; version: string } {
  const key = keyOf({ type, data });
  const label = labelOf(type, key);
  if (SAP_EVENT_TYPES[type].entityType === 'material') {
    return { entityKey: canonicalMaterialNumber(key), version: productLoadVersion(data, label) };
  }
  return { entityKey: canonicalBusinessPartnerNumber(key), version: businessPartnerLoadVersion(data, label) };
}

/**
 * Routing facts of an initial-load event: key and version from the entity it carries (the version from the
 * entity's own change time with document number 0, see load-version.ts), sourceId `${source}/${id}`.
 */
export function describeLoadEvent(event: SapCloudEvent): ChangeRef {
  if (!isLoadEventType(event.type)) {
    throw new SapDocumentError('UNSUPPORTED_EVENT_TYPE', `'${event.type}' is not an initial-load event`);
  }
  const info = SAP_EVENT_TYPES[event.type];
  return {
    entityType: info.entityType,
    ...identify(event.type, event.data),
    changeType: info.changeType,
    sourceId: eventSourceId(event),
    // `/synchub/load/<service>/<system alias>`: the ingester takes the entity's SAP system from its end.
    sender: event.source,
    messageType: event.type,
    idocType: CLOUD_EVENT_IDOC_TYPE,
  };
}

/** Routing facts of any supported event: a business event announcing a change, or an initial-load event. */
export function describeSapEvent(event: SapCloudEvent): ChangeRef {
  return isLoadEventType(event.type) ? describeLoadEvent(event) : describeBusinessPartnerEvent(event);
}

/** The canonical record of an initial-load event, from the entity it carries. */
export function transformLoadEvent(event: SapCloudEvent): CanonicalRecord {
  if (!isLoadEventType(event.type)) {
    throw new SapDocumentError('UNSUPPORTED_EVENT_TYPE', `'${event.type}' is not an initial-load event`);
  }
  return recordFromODataEntity(event.type, event.data);
}

/** The canonical record of one entity of the entity set `type` names, as a load of it makes it. */
export function recordFromODataEntity(type: LoadEventType, entity: Record<string, unknown>): CanonicalRecord {
  const ref = { ...identify(type, entity), changeType: SAP_EVENT_TYPES[type].changeType };
  if (SAP_EVENT_TYPES[type].entityType === 'material') {
    const data = readProductEntity(entity);
    return {
      entityType: 'material',
      entityKey: ref.entityKey,
      version: ref.version,
      changeType: ref.changeType,
      deleted: data.markedForDeletion,
      source: productRecordSource(entity),
      data,
    };
  }
  const { data, etag } = readBusinessPartnerEntity(entity);
  const source = businessPartnerRecordSource(etag);
  return {
    entityType: 'businessPartner',
    entityKey: ref.entityKey,
    version: ref.version,
    changeType: ref.changeType,
    deleted: data.markedForArchiving,
    source,
    data,
  };
}

/** What `synchub load` needs to know to turn one entity into its event. */
export interface LoadEventOptions {
  /** CloudEvent source, e.g. '/synchub/load/API_PRODUCT_SRV'. */
  source: string;
  /** When the entity was read (RFC 3339). */
  time: string;
}

/**
 * The initial-load event of one entity, as structured CloudEvent JSON, with the key and version it routes
 * by. Its id is `<entitySet>('<key>')@<version>`, the same each time the same state is loaded, so a page
 * produced twice (a load resumed after a crash) repeats the same change, which is then a duplicate.
 * Throws SapDocumentError when the entity has no key or no change time to version it by.
 */
export function loadEvent(
  type: LoadEventType,
  entity: Record<string, unknown>,
  options: LoadEventOptions,
): { json: string; entityKey: string; version: string } {
  const key = keyOf({ type, data: entity });
  if (key === '') {
    throw new SapDocumentError(
      'MISSING_FIELD',
      `OData ${loadInfo(type).entitySet} entity has no ${SAP_EVENT_TYPES[type].keyField}`,
      { field: SAP_EVENT_TYPES[type].keyField },
    );
  }
  const { entityKey, version } = identify(type, entity);
  const event = {
    specversion: '1.0',
    id: `${loadInfo(type).entitySet}('${key}')@${version}`,
    type,
    source: options.source,
    time: options.time,
    datacontenttype: 'application/json',
    data: entity,
  };
  return { json: JSON.stringify(event), entityKey, version };
}
