import type { IdocControl } from './idoc/control';
import type { IdocEntityHandler } from './idoc/entity-handler';
import { unsupportedIdocType } from './idoc/unsupported';
import { articleIdocHandler } from './article';
import { customerIdocHandler } from './customer';
import { deliveryIdocHandler } from './delivery';
import { MATERIAL_IDOC_LABEL, isMaterialIdoc } from './material/detect';
import { purchaseOrderIdocHandler, salesOrderIdocHandler } from './orders';
import { vendorIdocHandler } from './vendor';
import { describeMaterial, transformMaterial } from './material/transform';

/** One handler per kind of IDoc SyncHub reads; a new entity type adds its handler here. */
export const IDOC_HANDLERS: readonly IdocEntityHandler[] = [
  {
    entityType: 'material',
    label: MATERIAL_IDOC_LABEL,
    accepts: isMaterialIdoc,
    describe: describeMaterial,
    transform: transformMaterial,
  },
  articleIdocHandler,
  customerIdocHandler,
  vendorIdocHandler,
  purchaseOrderIdocHandler,
  salesOrderIdocHandler,
  deliveryIdocHandler,
];

/** The handler for an IDoc's type; UNSUPPORTED_IDOC_TYPE when there is none. */
export function idocHandlerFor(control: IdocControl): IdocEntityHandler {
  const handler = IDOC_HANDLERS.find((candidate) => candidate.accepts(control));
  if (handler === undefined) {
    throw unsupportedIdocType(control, IDOC_HANDLERS.map((known) => known.label).join('; '));
  }
  return handler;
}
