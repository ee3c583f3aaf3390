import type { IdocEntityHandler } from '../idoc/entity-handler';
import { DELIVERY_IDOC_LABEL, isDeliveryIdoc } from './detect';
import { describeDelivery, transformDelivery } from './transform';

export type {
  CanonicalDelivery,
  DeliveryPartner,
  DeliveryDeadline,
  DeliveryText,
  DeliveryItem,
  DeliveryReference,
} from './types';
export { deliveryDataSchema } from './schema';
export { describeDelivery, transformDelivery, transformDeliveryIdoc } from './transform';
export { DELIVERY_IDOC_LABEL, isDeliveryIdoc } from './detect';
export { DeliverySegment } from './segments';

/** DELVRYnn IDocs (DESADV, SHPORD, SHPCON, WHSORD, WHSCON, ... message types). */
export const deliveryIdocHandler: IdocEntityHandler = {
  entityType: 'delivery',
  label: DELIVERY_IDOC_LABEL,
  accepts: isDeliveryIdoc,
  describe: describeDelivery,
  transform: transformDelivery,
};
