import { SapDocumentError } from '../errors';
import type { IdocControl } from './control';

/** UNSUPPORTED_IDOC_TYPE for an IDoc no transform handles; `supported` lists what is handled, in words. */
export function unsupportedIdocType(control: IdocControl, supported: string): SapDocumentError {
  const type = control.extension
    ? `${control.idocType} with extension ${control.extension}`
    : control.idocType;
  return new SapDocumentError(
    'UNSUPPORTED_IDOC_TYPE',
    `IDoc ${control.docnum}: IDoc type ${type} (message type ${control.messageType}) is not supported; supported: ${supported}`,
    {
      docnum: control.docnum,
      idocType: control.idocType,
      messageType: control.messageType,
      ...(control.extension ? { extension: control.extension } : {}),
    },
  );
}
