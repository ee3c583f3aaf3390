import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const PURCHASE_ORDER_IDOC_LABEL =
  'purchase order (message types ORDERS, ORDCHG; IDoc types ORDERS01-ORDERS05)';
export const SALES_ORDER_IDOC_LABEL =
  'sales order confirmation (message type ORDRSP; IDoc types ORDERS01-ORDERS05)';

/**
 * Whether the basic type is ORDERSnn: also namespaced ('/NFM/ORDERS05') or a customer copy ('ZORDERS05');
 * an extension (CIMTYP) does not change the basic type.
 */
export function isOrdersIdocType(control: IdocControl): boolean {
  return /^[ZY]?ORDERS\d{2}$/.test(withoutNamespace(control.idocType));
}

/** The message type without namespace, upper case ('/ABC/VFI_ORDERS' -> 'VFI_ORDERS'). */
function messageType(control: IdocControl): string {
  return withoutNamespace(control.messageType).toUpperCase();
}

/**
 * A purchase order as S/4HANA and ECC send it from purchasing: ORDERS05 (or another ORDERSnn) with message
 * type ORDERS (new order) or ORDCHG (order change), also a customer or namespaced message type ending in
 * one of those ('ZORDERS', '/NS/VFI_ORDERS').
 */
export function isPurchaseOrderIdoc(control: IdocControl): boolean {
  return isOrdersIdocType(control) && /(ORDERS|ORDCHG)$/.test(messageType(control));
}

/**
 * A sales order confirmation as SD sends it (order response): ORDERSnn with message type ORDRSP, also a
 * customer or namespaced message type ending in ORDRSP.
 */
export function isSalesOrderIdoc(control: IdocControl): boolean {
  return isOrdersIdocType(control) && /ORDRSP$/.test(messageType(control));
}
