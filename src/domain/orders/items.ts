import type { ChangeType } from '../entity';
import { collectExtensions } from '../idoc/extensions';
import type { SegmentReader } from '../idoc/segment-reader';
import { canonicalMaterialNumber } from '../keys';
import { measureOf, withExtensions } from '../material/common';
import { byQualifier, dateOf, referenceOf, timeOf } from './common';
import { readPartners } from './partners';
import { OrderSegment } from './segments';
import { readOrderTexts } from './texts';
import type { OrderCondition, OrderItem, OrderItemObjectId, OrderScheduleLine } from './types';

/**
 * Standard segments under E1EDP01 whose entries carry their own `extensions` (partners). Extension content
 * of the other child segments is kept on the item, fields keyed '<SEGMENT>.<FIELD>'.
 */
const MAPPED_UNDER_ITEM = new Set<string>([OrderSegment.itemPartner]);

/** E1EDP19 qualifiers that carry a material number: 001 customer material, 002 vendor material. */
const MATERIAL_QUALIFIERS = new Set(['001', '002']);

/** Item ACTION 003: the item is cancelled (deleted from the document). */
export function itemChangeType(action: string | null): ChangeType {
  return /^0*3$/.test(action ?? '') ? 'delete' : 'upsert';
}

/** A material number field made canonical, errors naming the segment and field. */
function canonicalMaterial(reader: SegmentReader, field: string): string {
  return reader.parse(field, (raw) => canonicalMaterialNumber(raw ?? ''));
}

function readObjectIds(item: SegmentReader, key: string): OrderItemObjectId[] {
  return item.children(OrderSegment.itemObject).map((segment) => {
    const first = item.child(segment, key);
    const qualifier = first.required('QUALF');
    const reader = first.keyed(`${key}, QUALF ${qualifier}`);
    const id = reader.text('IDTNR');
    const longId = reader.text('IDTNR_LONG');
    const materialField = longId !== null ? 'IDTNR_LONG' : id !== null ? 'IDTNR' : null;
    return {
      qualifier,
      id,
      longId,
      materialNumber:
        MATERIAL_QUALIFIERS.has(qualifier) && materialField !== null
          ? canonicalMaterial(reader, materialField)
          : null,
      description: reader.text('KTEXT'),
      manufacturerPartNumber: reader.text('MFRPN'),
      manufacturerNumber: reader.text('MFRNR'),
    };
  });
}

function readScheduleLines(item: SegmentReader, key: string): OrderScheduleLine[] {
  return item.children(OrderSegment.scheduleLine).map((segment) => {
    const reader = item.child(segment, key);
    return {
      quantity: reader.decimal('WMENG'),
      previousQuantity: reader.decimal('AMENG'),
      date: reader.date('EDATU'),
      time: timeOf(reader, 'EZEIT'),
    };
  });
}

function readConditions(item: SegmentReader, key: string): OrderCondition[] {
  return item.children(OrderSegment.itemCondition).map((segment) => {
    const first = item.child(segment, key);
    const conditionType = first.text('KSCHL');
    const reader = conditionType === null ? first : first.keyed(`${key}, condition ${conditionType}`);
    return {
      conditionType,
      description: reader.text('KOTXT'),
      surchargeOrDiscount: reader.text('ALCKZ'),
      amount: reader.decimal('BETRG'),
      percentage: reader.decimal('KPERC'),
      rate: reader.decimal('KRATE'),
      priceUnit: reader.decimal('UPRBS'),
      unit: reader.unit('MEAUN'),
      endAmount: reader.decimal('KOBTR'),
      taxCode: reader.text('MWSKZ'),
      taxRate: reader.decimal('MSATZ'),
      currency: reader.text('KOEIN'),
    };
  });
}

/**
 * The material of an item: E1EDP01 MATNR_LONG, else MATNR_EXTERNAL, else MATNR, made canonical; without
 * those, the material number of the E1EDP19 entry with `ownQualifier`.
 */
function itemMaterialNumber(
  reader: SegmentReader,
  objectIds: readonly OrderItemObjectId[],
  ownQualifier: string,
): string | null {
  const field = ['MATNR_LONG', 'MATNR_EXTERNAL', 'MATNR'].find((name) => reader.text(name) !== null);
  if (field !== undefined) return canonicalMaterial(reader, field);
  return objectIds.find((objectId) => objectId.qualifier === ownQualifier)?.materialNumber ?? null;
}

/**
 * E1EDP01 items in document order. POSEX is required and kept exactly as sent. `ownMaterialQualifier` is
 * the E1EDP19 qualifier that carries the sender's own material number (see OrderItem.materialNumber).
 */
export function readItems(top: SegmentReader, ownMaterialQualifier: string): OrderItem[] {
  return top.children(OrderSegment.item).map((segment) => {
    const first = top.child(segment);
    const itemNumber = first.required('POSEX');
    const key = `item ${itemNumber}`;
    const reader = first.keyed(key);
    const action = reader.text('ACTION');
    const objectIds = readObjectIds(reader, key);
    return withExtensions(
      {
        itemNumber,
        action,
        changeType: itemChangeType(action),
        itemCategory: reader.text('PSTYP'),
        materialNumber: itemMaterialNumber(reader, objectIds, ownMaterialQualifier),
        materialNumberAsSent: reader.text('MATNR'),
        longMaterialNumberAsSent: reader.text('MATNR_LONG'),
        externalMaterialNumberAsSent: reader.text('MATNR_EXTERNAL'),
        quantity: measureOf(reader, 'MENGE', 'MENEE'),
        priceUnitOfMeasure: reader.unit('PMENE'),
        netPrice: reader.decimal('VPREI'),
        priceUnit: reader.decimal('PEINH'),
        netValue: reader.decimal('NETWR'),
        grossPrice: reader.decimal('PREIS'),
        currency: reader.text('CURCY'),
        netWeight: measureOf(reader, 'NTGEW', 'GEWEI'),
        grossWeight: measureOf(reader, 'BRGEW', 'GEWEI'),
        materialGroup: reader.text('MATKL'),
        plant: reader.text('WERKS'),
        storageLocation: reader.text('LGORT'),
        rejectionReason: reader.text('ABGRU'),
        objectIds,
        scheduleLines: readScheduleLines(reader, key),
        conditions: readConditions(reader, key),
        amounts: byQualifier(
          reader,
          OrderSegment.itemAmount,
          'QUALF',
          (amount) => amount.decimal('BETRG'),
          key,
        ),
        dates: byQualifier(
          reader,
          OrderSegment.itemDate,
          'IDDAT',
          (date) => dateOf(date, 'DATUM', 'UZEIT'),
          key,
        ),
        references: byQualifier(
          reader,
          OrderSegment.itemReference,
          'QUALF',
          (reference) => referenceOf(reference, 'ZEILE'),
          key,
        ),
        partners: readPartners(reader, OrderSegment.itemPartner, key),
        texts: readOrderTexts(reader, OrderSegment.itemText, OrderSegment.itemTextLine),
      },
      collectExtensions(segment, MAPPED_UNDER_ITEM),
    );
  });
}
