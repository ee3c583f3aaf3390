import type { ChangeType, EntityType } from './entity';
import type { IdocControl } from './idoc/control';
import type { ParsedIdoc } from './idoc/parsed-idoc';
import { unsupportedIdocType } from './idoc/unsupported';
import { customerIdocHandler } from './customer';
import { deliveryIdocHandler } from './delivery';
import { MATERIAL_IDOC_LABEL, isMaterialIdoc } from './material/detect';
import { purchaseOrderIdocHandler, salesOrderIdocHandler } from './orders';
import { vendorIdocHandler } from './vendor';
import { describeMaterial, transformMaterial } from './material/transform';
import type { CanonicalRecord } from './record';

/** What SyncHub does with one kind of IDoc. Add a handler here for each new entity type. */
export interface IdocEntityHandler {
  entityType: EntityType;
  /** In words, for 'not supported' messages. */
  label: string;
  accepts(control: IdocControl): boolean;
  describe(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType };
  transform(idoc: ParsedIdoc): CanonicalRecord;
}

export const IDOC_HANDLERS: readonly IdocEntityHandler[] = [
  {
    entityType: 'material',
    label: MATERIAL_IDOC_LABEL,
    accepts: isMaterialIdoc,
    describe: describeMaterial,
    transform: transformMaterial,
  },
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
