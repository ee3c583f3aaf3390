import type { ChangeType } from '../entity';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import type { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import { idocRecordSource, type CanonicalRecord } from '../record';
import {
  PURCHASE_ORDER_IDOC_LABEL,
  SALES_ORDER_IDOC_LABEL,
  isPurchaseOrderIdoc,
  isSalesOrderIdoc,
} from './detect';
import { documentKey, isDocumentDeleted, orderHeader, readHeaderData } from './header';
import { readItems } from './items';
import { readPartners } from './partners';
import { OrderSegment } from './segments';
import { readSummary } from './summary';
import { readOrderTexts } from './texts';
import type { CanonicalPurchaseOrder, CanonicalSalesOrder, OrderDocument } from './types';

/**
 * Top-level segments whose entries carry their own `extensions` (partners, items). Extension content of
 * the other standard segments (E1EDK14, E1EDK03, ...) is kept at document level, fields keyed
 * '<SEGMENT>.<FIELD>'.
 */
const MAPPED_AT_TOP = new Set<string>([OrderSegment.partner, OrderSegment.item]);

/**
 * E1EDP19 qualifier that carries the sender's own material number: a purchase order comes from the buyer
 * (001, "customer material", is the buyer's own number, as S/4 purchasing sends it), a sales order
 * confirmation from the vendor (002, "vendor material").
 */
const OWN_MATERIAL_QUALIFIER = { purchaseOrder: '001', salesOrder: '002' } as const;

function changeTypeOf(header: SegmentReader): ChangeType {
  return isDocumentDeleted(header) ? 'delete' : 'upsert';
}

function readOrderDocument(idoc: ParsedIdoc, ownMaterialQualifier: string): OrderDocument {
  const { header, top } = orderHeader(idoc);
  return {
    ...readHeaderData(header, top),
    partners: readPartners(top, OrderSegment.partner),
    texts: readOrderTexts(top, OrderSegment.text, OrderSegment.textLine),
    items: readItems(top, ownMaterialQualifier),
    summary: readSummary(top),
    extensions: collectExtensions(header.segment, MAPPED_AT_TOP, {
      siblings: idoc.segments.filter((segment) => segment !== header.segment),
      siblingParent: 'IDOC',
    }),
  };
}

function orderRecord<T extends OrderDocument>(
  idoc: ParsedIdoc,
  entityType: 'purchaseOrder' | 'salesOrder',
  entityKey: string,
  changeType: ChangeType,
  data: T,
): CanonicalRecord<T> {
  return {
    entityType,
    entityKey,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete',
    source: idocRecordSource(idoc.control),
    data,
  };
}

/** Routing facts of a purchase order IDoc: key E1EDK01-BELNR (ALPHA 10); E1EDK01-ACTION 001 deletes. */
export function describePurchaseOrder(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const { header } = orderHeader(idoc);
  return { entityKey: documentKey(header), changeType: changeTypeOf(header) };
}

/** A parsed purchase order IDoc (ORDERS/ORDCHG) to its canonical record. */
export function transformPurchaseOrder(idoc: ParsedIdoc): CanonicalRecord<CanonicalPurchaseOrder> {
  const { header } = orderHeader(idoc);
  const purchaseOrderNumber = documentKey(header);
  const data: CanonicalPurchaseOrder = {
    purchaseOrderNumber,
    ...readOrderDocument(idoc, OWN_MATERIAL_QUALIFIER.purchaseOrder),
  };
  return orderRecord(idoc, 'purchaseOrder', purchaseOrderNumber, changeTypeOf(header), data);
}

/**
 * Routing facts of a sales order confirmation IDoc: key E1EDK01-BELNR (ALPHA 10), which SD's outbound
 * order response fills with the sales document number; E1EDK01-ACTION 001 deletes.
 */
export function describeSalesOrder(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  return describePurchaseOrder(idoc);
}

/** A parsed sales order confirmation IDoc (ORDRSP) to its canonical record. */
export function transformSalesOrder(idoc: ParsedIdoc): CanonicalRecord<CanonicalSalesOrder> {
  const { header } = orderHeader(idoc);
  const salesOrderNumber = documentKey(header);
  const document = readOrderDocument(idoc, OWN_MATERIAL_QUALIFIER.salesOrder);
  const data: CanonicalSalesOrder = {
    salesOrderNumber,
    customerPurchaseOrderNumber: document.references['001']?.documentNumber ?? null,
    ...document,
  };
  return orderRecord(idoc, 'salesOrder', salesOrderNumber, changeTypeOf(header), data);
}

/**
 * Transforms ONE purchase order IDoc XML document (as produced by splitIdocDocument). Throws
 * SapDocumentError (UNSUPPORTED_IDOC_TYPE for other IDocs, MISSING_SEGMENT, MISSING_FIELD, INVALID_VALUE, ...).
 */
export function transformPurchaseOrderIdoc(xml: string): CanonicalRecord<CanonicalPurchaseOrder> {
  const idoc = parseSingleIdoc(xml);
  if (!isPurchaseOrderIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, PURCHASE_ORDER_IDOC_LABEL);
  return transformPurchaseOrder(idoc);
}

/** Transforms ONE sales order confirmation IDoc XML document (ORDRSP); errors as transformPurchaseOrderIdoc. */
export function transformSalesOrderIdoc(xml: string): CanonicalRecord<CanonicalSalesOrder> {
  const idoc = parseSingleIdoc(xml);
  if (!isSalesOrderIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, SALES_ORDER_IDOC_LABEL);
  return transformSalesOrder(idoc);
}
