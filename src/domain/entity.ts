/** Business entity types SyncHub keeps in sync. Add a member here and to ENTITY_TYPE_FLAGS below. */
export type EntityType =
  'material' | 'customer' | 'vendor' | 'salesOrder' | 'purchaseOrder' | 'delivery' | 'businessPartner';

/** Compile-time check that every EntityType is listed exactly once (a missing key does not compile). */
const ENTITY_TYPE_FLAGS: Record<EntityType, true> = {
  material: true,
  customer: true,
  vendor: true,
  salesOrder: true,
  purchaseOrder: true,
  delivery: true,
  businessPartner: true,
};

export const ENTITY_TYPES: readonly EntityType[] = Object.freeze(
  Object.keys(ENTITY_TYPE_FLAGS) as EntityType[],
);

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ENTITY_TYPE_FLAGS, value);
}

/** 'delete' only for an explicit delete (MSGFN 003); a deletion flag (LVORM=X) is an upsert with deleted=true. */
export type ChangeType = 'upsert' | 'delete';

export const CHANGE_TYPES: readonly ChangeType[] = Object.freeze(['upsert', 'delete'] as ChangeType[]);
