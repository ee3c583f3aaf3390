import type { EntityType } from '../entity';
import type { CanonicalRecord } from '../record';

/*
 * SAP's data-protection block ("end of purpose"): a blocked customer, vendor or business partner "is no longer available for any
 * business transactions or business use" and may be shown only to users with special permissions. A replica
 * that kept serving it to every domain would get round the block, so SyncHub stores and publishes a blocked
 * entity minimised: its key, its flags, its version and the fields below, which hold no personal data.
 */

/** The data fields a blocked entity keeps, per type: business keys, grouping and the block flags. */
export const BLOCKED_FIELDS: Readonly<Partial<Record<EntityType, readonly string[]>>> = {
  businessPartner: [
    'businessPartner',
    'businessPartnerAsSent',
    'uuid',
    'category',
    'grouping',
    'customer',
    'supplier',
    'authorizationGroup',
    'blocks',
    'markedForArchiving',
    'lastChangedAt',
  ],
  customer: [
    'customerNumber',
    'customerNumberAsSent',
    'accountGroup',
    'blocks',
    'markedForDeletion',
    'deletionBlocked',
  ],
  vendor: [
    'vendorNumber',
    'vendorNumberAsSent',
    'accountGroup',
    'blocks',
    'markedForDeletion',
    'deletionBlocked',
  ],
};

/** The change type of a record SyncHub publishes minimised because SAP blocked the entity. */
export const BLOCKED_CHANGE = 'blocked';

interface BlockFlags {
  central?: unknown;
  businessPurposeCompleted?: unknown;
}

/**
 * True when SAP reports the entity blocked: for a business partner `BusinessPartnerIsBlocked` (BUT000-XBLCK,
 * set by the data-protection block) or `IsBusinessPurposeCompleted` (end of purpose reached); for a customer
 * or vendor `CVP_XBLCK` (KNA1/LFA1 business purpose completed) when the IDoc carries it.
 */
export function isBlocked(record: Pick<CanonicalRecord, 'entityType' | 'data'>): boolean {
  const data = record.data as { blocks?: BlockFlags } | null;
  switch (record.entityType) {
    case 'businessPartner':
      return data?.blocks?.central === true || data?.blocks?.businessPurposeCompleted === true;
    case 'customer':
    case 'vendor':
      return data?.blocks?.businessPurposeCompleted === true;
    default:
      return false;
  }
}

/** The record as it is stored and published while blocked: the allowed fields only, `changeType: blocked`. */
export function minimiseBlocked<T extends CanonicalRecord>(record: T): CanonicalRecord {
  const keep = BLOCKED_FIELDS[record.entityType] ?? [];
  const data = (record.data ?? {}) as Record<string, unknown>;
  const minimised: Record<string, unknown> = {};
  for (const field of keep) if (field in data) minimised[field] = data[field];
  return { ...record, changeType: BLOCKED_CHANGE, data: minimised };
}

/** Minimised when blocked, else as it is. */
export function protectIfBlocked(record: CanonicalRecord): CanonicalRecord {
  return isBlocked(record) ? minimiseBlocked(record) : record;
}
