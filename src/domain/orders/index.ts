import type { IdocEntityHandler } from '../idoc/entity-handler';
import {
  PURCHASE_ORDER_IDOC_LABEL,
  SALES_ORDER_IDOC_LABEL,
  isPurchaseOrderIdoc,
  isSalesOrderIdoc,
} from './detect';
import {
  describePurchaseOrder,
  describeSalesOrder,
  transformPurchaseOrder,
  transformSalesOrder,
} from './transform';

export type {
  OrderDocument,
  CanonicalPurchaseOrder,
  CanonicalSalesOrder,
  OrderDate,
  OrderReference,
  OrderPartner,
  OrderDeliveryTerm,
  OrderPaymentTerm,
  OrderText,
  OrderSummaryValue,
  OrderItem,
  OrderItemObjectId,
  OrderScheduleLine,
  OrderCondition,
} from './types';
export { purchaseOrderDataSchema, salesOrderDataSchema } from './schema';
export {
  describePurchaseOrder,
  describeSalesOrder,
  transformPurchaseOrder,
  transformSalesOrder,
  transformPurchaseOrderIdoc,
  transformSalesOrderIdoc,
} from './transform';
export {
  PURCHASE_ORDER_IDOC_LABEL,
  SALES_ORDER_IDOC_LABEL,
  isOrdersIdocType,
  isPurchaseOrderIdoc,
  isSalesOrderIdoc,
} from './detect';
export { OrderSegment } from './segments';

/** ORDERS05 with message type ORDERS/ORDCHG (or a customer/namespaced one ending in those). */
export const purchaseOrderIdocHandler: IdocEntityHandler = {
  entityType: 'purchaseOrder',
  label: PURCHASE_ORDER_IDOC_LABEL,
  accepts: isPurchaseOrderIdoc,
  describe: describePurchaseOrder,
  transform: transformPurchaseOrder,
};

/** ORDERS05 with message type ORDRSP (or a customer/namespaced one ending in ORDRSP). */
export const salesOrderIdocHandler: IdocEntityHandler = {
  entityType: 'salesOrder',
  label: SALES_ORDER_IDOC_LABEL,
  accepts: isSalesOrderIdoc,
  describe: describeSalesOrder,
  transform: transformSalesOrder,
};
