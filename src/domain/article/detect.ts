import type { IdocControl } from '../idoc/control';
import { withoutNamespace } from '../idoc/names';

export const ARTICLE_IDOC_LABEL =
  'article master (message type ARTMAS, IDoc types ARTMAS01-ARTMAS09 and extensions such as /LUMBERL/VFI_ARTMAS01)';

/** 'ARTMAS09', a customer copy 'ZARTMAS09' or a prefixed customer type 'VFI_ARTMAS01' (namespace removed). */
const ARTICLE_BASIC_TYPE = /^(?:[ZY]|[A-Z0-9]+_)?ARTMAS\d{2}$/;
const ARTICLE_MESSAGE_TYPE = /^(?:[ZY]|[A-Z0-9]+_)?ARTMAS$/;

/**
 * Whether an IDoc is a retail article master. The basic type decides when it is ARTMASnn, namespaced or a
 * customer type built on it ('/LUMBERL/VFI_ARTMAS01', 'ZARTMAS09'); an extension (CIMTYP) does not change the
 * basic type, so 'ARTMAS09' with any extension is accepted. Otherwise the message type decides: 'ARTMAS', a
 * customer 'ZARTMAS' or a namespaced '/LUMBERL/VFI_ARTMAS'.
 */
export function isArticleIdoc(control: IdocControl): boolean {
  if (ARTICLE_BASIC_TYPE.test(withoutNamespace(control.idocType))) return true;
  return ARTICLE_MESSAGE_TYPE.test(withoutNamespace(control.messageType));
}
