import type { ChangeType } from '../entity';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import type { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import { idocRecordSource, type CanonicalRecord } from '../record';
import { readDeadlines } from './deadlines';
import { DELIVERY_IDOC_LABEL, isDeliveryIdoc } from './detect';
import { deliveryHeader, deliveryKey, isDeliveryDeleted, readHeaderData } from './header';
import { readItems } from './items';
import { readPartners } from './partners';
import { DeliverySegment } from './segments';
import { readDeliveryTexts } from './texts';
import type { CanonicalDelivery } from './types';

/**
 * Standard segments under E1EDL20 whose entries carry their own `extensions` (partners, items). Extension
 * content of the other standard segments is kept at delivery level, fields keyed '<SEGMENT>.<FIELD>'.
 */
const MAPPED_UNDER_HEADER = new Set<string>([DeliverySegment.partner, DeliverySegment.item]);

function changeTypeOf(header: SegmentReader): ChangeType {
  return isDeliveryDeleted(header) ? 'delete' : 'upsert';
}

/** Routing facts of a delivery IDoc: key E1EDL20-VBELN (ALPHA 10); E1EDL18 QUALF DEL deletes. */
export function describeDelivery(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const header = deliveryHeader(idoc);
  return { entityKey: deliveryKey(header), changeType: changeTypeOf(header) };
}

/** A parsed delivery IDoc (DELVRYnn) to its canonical record. */
export function transformDelivery(idoc: ParsedIdoc): CanonicalRecord<CanonicalDelivery> {
  const header = deliveryHeader(idoc);
  const deliveryNumber = deliveryKey(header);
  const data: CanonicalDelivery = {
    deliveryNumber,
    ...readHeaderData(header),
    partners: readPartners(header),
    deadlines: readDeadlines(header),
    texts: readDeliveryTexts(header, DeliverySegment.text, DeliverySegment.textLine),
    items: readItems(header),
    extensions: collectExtensions(header.segment, MAPPED_UNDER_HEADER, {
      siblings: idoc.segments.filter((segment) => segment !== header.segment),
      siblingParent: 'IDOC',
    }),
  };
  const changeType = changeTypeOf(header);
  return {
    entityType: 'delivery',
    entityKey: deliveryNumber,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete',
    source: idocRecordSource(idoc.control),
    data,
  };
}

/**
 * Transforms ONE delivery IDoc XML document (as produced by splitIdocDocument). Throws SapDocumentError
 * (UNSUPPORTED_IDOC_TYPE for other IDocs, MISSING_SEGMENT, MISSING_FIELD, INVALID_VALUE, ...).
 */
export function transformDeliveryIdoc(xml: string): CanonicalRecord<CanonicalDelivery> {
  const idoc = parseSingleIdoc(xml);
  if (!isDeliveryIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, DELIVERY_IDOC_LABEL);
  return transformDelivery(idoc);
}
