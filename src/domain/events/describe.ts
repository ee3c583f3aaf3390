import type { ChangeRef } from '../change';
import { SapDocumentError } from '../errors';
import { alphaKey } from '../keys';
import type { SapCloudEvent } from './cloud-event';
import { eventVersion } from './event-time';
import { SAP_EVENT_TYPES, type SapEventType } from './event-types';

/** What ChangeRef.idocType holds for a change that arrived as a business event. */
export const CLOUD_EVENT_IDOC_TYPE = 'CloudEvent';

/** Routing facts of a business partner event: the same shape as an IDoc's ChangeRef. */
export interface BusinessPartnerEventRef extends ChangeRef {
  entityType: 'businessPartner';
  /** The event type, e.g. 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1'. */
  messageType: SapEventType;
  idocType: typeof CLOUD_EVENT_IDOC_TYPE;
}

/** Length of the business partner number (BUT000-PARTNER, CHAR 10 with ALPHA conversion). */
export const BUSINESS_PARTNER_NUMBER_LENGTH = 10;

/** The canonical business partner number: numeric keys zero-padded to 10 ('1000746' -> '0001000746'). */
export function canonicalBusinessPartnerNumber(raw: string): string {
  const text = raw.trim();
  if (text === '')
    throw new SapDocumentError('INVALID_VALUE', 'business partner number is empty', { value: raw });
  if (text.length > BUSINESS_PARTNER_NUMBER_LENGTH) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `business partner number '${text}' is longer than ${BUSINESS_PARTNER_NUMBER_LENGTH} characters`,
      { value: raw },
    );
  }
  return alphaKey(text, BUSINESS_PARTNER_NUMBER_LENGTH);
}

/** `${source}/${id}`: identifies one event (CloudEvents ids are unique per source). */
export function eventSourceId(event: Pick<SapCloudEvent, 'source' | 'id'>): string {
  return `${event.source}/${event.id}`;
}

/**
 * Routing facts of a business partner event, without reading the partner: key = the ALPHA form of
 * data.BusinessPartner, version from the event time (see eventVersion), sourceId `${source}/${id}`.
 * changeType is 'upsert': SAP defines no Deleted business partner event (archiving arrives as Changed).
 */
export function describeBusinessPartnerEvent(event: SapCloudEvent): BusinessPartnerEventRef {
  const info = SAP_EVENT_TYPES[event.type];
  return {
    entityType: 'businessPartner',
    entityKey: canonicalBusinessPartnerNumber(String(event.data.BusinessPartner)),
    version: eventVersion(event.time, event.id),
    changeType: info.changeType,
    sourceId: eventSourceId(event),
    messageType: event.type,
    idocType: CLOUD_EVENT_IDOC_TYPE,
    sender: event.source,
  };
}
