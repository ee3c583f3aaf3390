import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const DELIVERY_IDOC_LABEL =
  'delivery (IDoc types DELVRY01-DELVRY07; message types DESADV, SHPORD, SHPCON, WHSORD, WHSCON, DELVRY, ...)';

/**
 * Whether an IDoc is a delivery: the basic type decides, DELVRYnn, also namespaced ('/SPE/DELVRY03',
 * '/CWM/DELVRY07') or a customer copy ('ZDELVRY07'); an extension (CIMTYP) does not change it. The same
 * structure carries many message types (DESADV shipping notification, SHPORD/SHPCON shipping order and
 * confirmation, WHSORD/WHSCON warehouse order and confirmation, customer ones), so the message type does
 * not decide; DESADV01 (another structure) is not accepted.
 */
export function isDeliveryIdoc(control: IdocControl): boolean {
  return /^[ZY]?DELVRY\d{2}$/.test(withoutNamespace(control.idocType));
}
