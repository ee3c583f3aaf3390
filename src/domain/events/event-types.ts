import type { ChangeType, EntityType } from '../entity';

/*
 * SAP S/4HANA business event types SyncHub handles. SAP publishes the business partner events as
 * CE_BUSINESSPARTNEREVENTS (S/4HANA Cloud) / OP_BUSINESSPARTNEREVENTS (on premise) with exactly two event
 * types, Created and Changed, both carrying only the key in `data.BusinessPartner`. There is no Deleted
 * event: A_BusinessPartner is not deletable through the API (sap:deletable false); a partner is flagged for
 * archiving instead, which arrives as Changed and is read from the entity (IsMarkedForArchiving).
 */

export const BUSINESS_PARTNER_CREATED = 'sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1';
export const BUSINESS_PARTNER_CHANGED = 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1';

export type BusinessPartnerEventType = typeof BUSINESS_PARTNER_CREATED | typeof BUSINESS_PARTNER_CHANGED;

/** Every event type parseCloudEvent accepts (all others are UNSUPPORTED_EVENT_TYPE). */
export type SapEventType = BusinessPartnerEventType;

export interface SapEventTypeInfo {
  entityType: EntityType;
  /** The field of `data` that holds the entity's key. */
  keyField: string;
  /** 'delete' only for an event type that announces a deletion (none of the supported ones does). */
  changeType: ChangeType;
}

export const SAP_EVENT_TYPES: Readonly<Record<SapEventType, SapEventTypeInfo>> = Object.freeze({
  [BUSINESS_PARTNER_CREATED]: {
    entityType: 'businessPartner',
    keyField: 'BusinessPartner',
    changeType: 'upsert',
  },
  [BUSINESS_PARTNER_CHANGED]: {
    entityType: 'businessPartner',
    keyField: 'BusinessPartner',
    changeType: 'upsert',
  },
});

export function isSapEventType(value: unknown): value is SapEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SAP_EVENT_TYPES, value);
}

export function isBusinessPartnerEventType(value: unknown): value is BusinessPartnerEventType {
  return value === BUSINESS_PARTNER_CREATED || value === BUSINESS_PARTNER_CHANGED;
}
