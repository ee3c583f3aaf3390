import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const VENDOR_IDOC_LABEL = 'vendor master (message type CREMAS, IDoc types CREMAS01-CREMAS06)';

/**
 * Whether an IDoc is a vendor master. The basic type decides when it is CREMASnn, also namespaced
 * ('/ISDFPS/CREMAS04') or a customer copy ('ZCREMAS05'), whatever the message type (real systems send
 * CREMAS05 with message types like '/LUMBERL/VFI_CREMAS'); an extension (CIMTYP) does not change the basic
 * type. Otherwise the message type decides: 'CREMAS', a customer 'ZCREMAS'/'YCREMAS' or a namespaced
 * '/NS/CREMAS'. Other vendor IDocs (CREMDM) have another structure and are not accepted.
 */
export function isVendorIdoc(control: IdocControl): boolean {
  if (/^[ZY]?CREMAS\d{2}$/.test(withoutNamespace(control.idocType))) return true;
  return /^[ZY]?CREMAS$/.test(withoutNamespace(control.messageType));
}
