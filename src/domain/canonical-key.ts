import type { EntityType } from './entity';
import { alphaKey, canonicalMaterialNumber } from './keys';

/** SAP key field lengths for ALPHA conversion: KUNNR, LIFNR, VBELN, EBELN, PARTNER are all CHAR 10. */
const KEY_LENGTH = 10;

const CANONICAL_KEY: Record<EntityType, (key: string) => string> = {
  material: canonicalMaterialNumber,
  customer: (key) => alphaKey(key, KEY_LENGTH),
  vendor: (key) => alphaKey(key, KEY_LENGTH),
  salesOrder: (key) => alphaKey(key, KEY_LENGTH),
  purchaseOrder: (key) => alphaKey(key, KEY_LENGTH),
  delivery: (key) => alphaKey(key, KEY_LENGTH),
  businessPartner: (key) => alphaKey(key, KEY_LENGTH),
};

/** The one canonical form of a business key, whatever the source sent (padded IDoc field, unpadded event key). */
export function canonicalKey(entityType: EntityType, key: string): string {
  return CANONICAL_KEY[entityType](key);
}
