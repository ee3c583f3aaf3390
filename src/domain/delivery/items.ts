import { isoUnit, measure } from '../fields';
import { collectExtensions } from '../idoc/extensions';
import type { SegmentReader } from '../idoc/segment-reader';
import { canonicalMaterialNumber } from '../keys';
import { measureOf, withExtensions } from '../material/common';
import { DeliverySegment } from './segments';
import { readDeliveryTexts } from './texts';
import type { DeliveryItem, DeliveryReference } from './types';

/**
 * Standard segments under E1EDL24 whose entries carry no extensions of their own; extension content of
 * all child segments is kept on the item, fields keyed '<SEGMENT>.<FIELD>'.
 */
const NOTHING_MAPPED = new Set<string>();

function readReferences(item: SegmentReader, key: string): DeliveryReference[] {
  return item.children(DeliverySegment.itemReference).map((segment) => {
    const reader = item.child(segment, key);
    return {
      qualifier: reader.required('QUALF'),
      documentNumber: reader.text('BELNR'),
      itemNumber: reader.text('POSNR'),
      date: reader.date('DATUM'),
    };
  });
}

/** E1EDL24 MATNR_LONG, else MATNR_EXTERNAL, else MATNR, made canonical; null when none is sent. */
function materialNumber(reader: SegmentReader): string | null {
  const field = ['MATNR_LONG', 'MATNR_EXTERNAL', 'MATNR'].find((name) => reader.text(name) !== null);
  return field === undefined ? null : reader.parse(field, (raw) => canonicalMaterialNumber(raw ?? ''));
}

/** LFIMG in the sales unit: VRKME_ISO when sent, else VRKME (IDoc unit fields carry ISO codes). */
function deliveryQuantity(reader: SegmentReader) {
  return measure(reader.decimal('LFIMG'), isoUnit(reader.raw('VRKME_ISO') ?? reader.raw('VRKME')));
}

function precedingDocument(reader: SegmentReader): DeliveryItem['precedingDocument'] {
  const documentNumber = reader.text('VGBEL');
  return documentNumber === null ? null : { documentNumber, itemNumber: reader.text('VGPOS') };
}

/**
 * E1EDL24 items in document order, batch-split sub-items included (flat, linked by `parentItem`). POSNR is
 * required and kept exactly as sent.
 */
export function readItems(header: SegmentReader): DeliveryItem[] {
  return header.children(DeliverySegment.item).map((segment) => {
    const first = header.child(segment);
    const itemNumber = first.required('POSNR');
    const key = `item ${itemNumber}`;
    const reader = first.keyed(key);
    return withExtensions(
      {
        itemNumber,
        parentItem: reader.text('HIPOS') ?? reader.text('UECHA'),
        hierarchyUse: reader.text('HIEVW'),
        materialNumber: materialNumber(reader),
        materialNumberAsSent: reader.text('MATNR'),
        longMaterialNumberAsSent: reader.text('MATNR_LONG'),
        externalMaterialNumberAsSent: reader.text('MATNR_EXTERNAL'),
        description: reader.text('ARKTX'),
        customerMaterial: reader.text('KDMAT'),
        materialGroup: reader.text('MATKL'),
        plant: reader.text('WERKS'),
        storageLocation: reader.text('LGORT'),
        batch: reader.text('CHARG'),
        deliveryQuantity: deliveryQuantity(reader),
        baseQuantity: measureOf(reader, 'LGMNG', 'MEINS'),
        netWeight: measureOf(reader, 'NTGEW', 'GEWEI'),
        grossWeight: measureOf(reader, 'BRGEW', 'GEWEI'),
        volume: measureOf(reader, 'VOLUM', 'VOLEH'),
        expiryDate: reader.date('VFDAT'),
        precedingDocument: precedingDocument(reader),
        references: readReferences(reader, key),
        texts: readDeliveryTexts(reader, DeliverySegment.itemText, DeliverySegment.itemTextLine),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
