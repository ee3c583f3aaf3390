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

/*
 * Initial load (`synchub load`): one event per entity read from an OData API, its `data` the whole entity as
 * the API returned it (with its expansions). Named after the entity set whose entities `data` holds.
 */
export const LOAD_PRODUCT = 'synchub.load.v1.A_Product';
export const LOAD_BUSINESS_PARTNER = 'synchub.load.v1.A_BusinessPartner';

export type LoadEventType = typeof LOAD_PRODUCT | typeof LOAD_BUSINESS_PARTNER;

/** Every event type parseCloudEvent accepts (all others are UNSUPPORTED_EVENT_TYPE). */
export type SapEventType = BusinessPartnerEventType | LoadEventType;

export interface SapEventTypeInfo {
  entityType: EntityType;
  /** The field of `data` that holds the entity's key. */
  keyField: string;
  /** Longest key (characters) the field may hold. */
  keyLength: number;
  /** Set for initial-load events: `data` is the whole entity of this OData service and entity set. */
  load?: { service: string; entitySet: string };
  /** 'delete' only for an event type that announces a deletion (none of the supported ones does). */
  changeType: ChangeType;
}

export const SAP_EVENT_TYPES: Readonly<Record<SapEventType, SapEventTypeInfo>> = Object.freeze({
  [BUSINESS_PARTNER_CREATED]: {
    entityType: 'businessPartner',
    keyField: 'BusinessPartner',
    keyLength: 10,
    changeType: 'upsert',
  },
  [BUSINESS_PARTNER_CHANGED]: {
    entityType: 'businessPartner',
    keyField: 'BusinessPartner',
    keyLength: 10,
    changeType: 'upsert',
  },
  [LOAD_PRODUCT]: {
    entityType: 'material',
    keyField: 'Product',
    keyLength: 40,
    changeType: 'upsert',
    load: { service: 'API_PRODUCT_SRV', entitySet: 'A_Product' },
  },
  [LOAD_BUSINESS_PARTNER]: {
    entityType: 'businessPartner',
    keyField: 'BusinessPartner',
    keyLength: 10,
    changeType: 'upsert',
    load: { service: 'API_BUSINESS_PARTNER', entitySet: 'A_BusinessPartner' },
  },
});

export function isSapEventType(value: unknown): value is SapEventType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SAP_EVENT_TYPES, value);
}

export function isBusinessPartnerEventType(value: unknown): value is BusinessPartnerEventType {
  return value === BUSINESS_PARTNER_CREATED || value === BUSINESS_PARTNER_CHANGED;
}

export function isLoadEventType(value: unknown): value is LoadEventType {
  return value === LOAD_PRODUCT || value === LOAD_BUSINESS_PARTNER;
}
