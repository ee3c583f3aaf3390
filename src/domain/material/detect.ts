import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const MATERIAL_IDOC_LABEL = 'material master (message type MATMAS, IDoc types MATMAS01-MATMAS05)';

/**
 * Whether an IDoc is a material master. The basic type decides when it is MATMASnn, also namespaced
 * ('/NFM/MATMAS05') or a customer copy ('ZMATMAS05'); an extension (CIMTYP) does not change the basic type.
 * Otherwise the message type decides: 'MATMAS', a customer 'ZMATMAS'/'YMATMAS' or a namespaced
 * '/NS/MATMAS'. BAPI-based material messages (MATMAS_BAPI) have another structure and are not accepted.
 */
export function isMaterialIdoc(control: IdocControl): boolean {
  if (/^[ZY]?MATMAS\d{2}$/.test(withoutNamespace(control.idocType))) return true;
  return /^[ZY]?MATMAS$/.test(withoutNamespace(control.messageType));
}
