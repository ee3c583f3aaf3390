import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const CUSTOMER_IDOC_LABEL = 'customer master (message type DEBMAS, IDoc types DEBMAS01-DEBMAS07)';

/**
 * Whether an IDoc is a customer master. The basic type decides when it is DEBMASnn, also namespaced
 * ('/ISDFPS/DEBMAS06') or a customer copy ('ZDEBMAS07'); an extension (CIMTYP) does not change the basic
 * type. Otherwise the message type decides: 'DEBMAS', a customer 'ZDEBMAS'/'YDEBMAS' or a namespaced
 * '/NS/DEBMAS'. Other customer IDocs (DEBMDM, DEBCOR) have another structure and are not accepted.
 */
export function isCustomerIdoc(control: IdocControl): boolean {
  if (/^[ZY]?DEBMAS\d{2}$/.test(withoutNamespace(control.idocType))) return true;
  return /^[ZY]?DEBMAS$/.test(withoutNamespace(control.messageType));
}
