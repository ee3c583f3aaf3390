import type { SapCloudEvent } from './cloud-event';

/**
 * Where a canonical record that came from a business event came from: the counterpart of the IDoc
 * RecordSource (record.ts), to be merged into it as `format: 'idoc' | 'event'`. Optional members are
 * omitted (never undefined) when not known.
 */
export interface EventRecordSource {
  format: 'event';
  /** CloudEvent id. */
  eventId: string;
  /** CloudEvent type, e.g. 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1'. */
  eventType: string;
  /** CloudEvent source: the sending tenant, '/default/sap.s4.beh/<tenant>'. */
  eventSource: string;
  /** CloudEvent time as sent (RFC 3339). */
  eventTime: string;
  /** ETag of the entity as read from the OData API (e.g. 'CC000000000220180212174905'). */
  etag?: string;
}

export function eventRecordSource(event: SapCloudEvent, etag?: string | null): EventRecordSource {
  const source: EventRecordSource = {
    format: 'event',
    eventId: event.id,
    eventType: event.type,
    eventSource: event.source,
    eventTime: event.time,
  };
  if (etag !== undefined && etag !== null && etag !== '') source.etag = etag;
  return source;
}
