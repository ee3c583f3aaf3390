import {
  LOAD_BUSINESS_PARTNER,
  LOAD_PRODUCT,
  PRODUCT_EXPANSIONS,
  type EntityType,
  type LoadEventType,
} from '../domain';

/** An entity type `synchub load` reads, and where from. */
export interface LoadTarget {
  entityType: EntityType;
  eventType: LoadEventType;
  service: string;
  entitySet: string;
  /** The key property (pages are ordered by it). */
  keyProperty: string;
  expand: readonly string[];
}

export const LOAD_TARGETS: Readonly<Partial<Record<EntityType, LoadTarget>>> = {
  material: {
    entityType: 'material',
    eventType: LOAD_PRODUCT,
    service: 'API_PRODUCT_SRV',
    entitySet: 'A_Product',
    keyProperty: 'Product',
    expand: PRODUCT_EXPANSIONS,
  },
  businessPartner: {
    entityType: 'businessPartner',
    eventType: LOAD_BUSINESS_PARTNER,
    service: 'API_BUSINESS_PARTNER',
    entitySet: 'A_BusinessPartner',
    keyProperty: 'BusinessPartner',
    expand: ['to_BusinessPartnerAddress'],
  },
};
