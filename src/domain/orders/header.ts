import { SapDocumentError } from '../errors';
import type { ParsedIdoc } from '../idoc/parsed-idoc';
import { SegmentReader } from '../idoc/segment-reader';
import { alphaKey } from '../keys';
import { measureOf } from '../material/common';
import { byQualifier, dateOf, referenceOf } from './common';
import { OrderSegment } from './segments';
import type { OrderDeliveryTerm, OrderDocument, OrderPaymentTerm } from './types';

/** Length of the SAP purchasing and sales document numbers (EBELN, VBELN): CHAR 10. */
const DOCUMENT_NUMBER_LENGTH = 10;

/**
 * The one E1EDK01 of an ORDERS IDoc, as a reader for the IDoc's top level: E1EDK01 has no child segments,
 * the other header segments are its siblings, so the reader's children are the IDoc's top-level segments.
 */
export function orderHeader(idoc: ParsedIdoc): { header: SegmentReader; top: SegmentReader } {
  const { docnum } = idoc.control;
  const found = idoc.segments.filter((segment) => segment.name === OrderSegment.header);
  if (found.length === 0) {
    throw new SapDocumentError('MISSING_SEGMENT', `IDoc ${docnum}: has no segment ${OrderSegment.header}`, {
      docnum,
      segment: OrderSegment.header,
    });
  }
  if (found.length > 1) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `IDoc ${docnum}: has ${found.length} ${OrderSegment.header} segments; an order IDoc carries exactly one document`,
      { docnum, segment: OrderSegment.header, count: found.length },
    );
  }
  const top = new SegmentReader({ name: 'IDOC', fields: new Map(), children: idoc.segments }, docnum, 'IDoc');
  return { header: new SegmentReader(found[0]!, docnum), top };
}

/** The document number E1EDK01-BELNR with the ALPHA conversion to 10 (numeric numbers only). */
export function documentKey(header: SegmentReader): string {
  header.required('BELNR');
  return header.parse('BELNR', (raw) => alphaKey(raw ?? '', DOCUMENT_NUMBER_LENGTH));
}

/** E1EDK01-ACTION 001: the whole document is reversed (deleted). */
export function isDocumentDeleted(header: SegmentReader): boolean {
  return /^0*1$/.test(header.text('ACTION') ?? '');
}

type HeaderData = Omit<OrderDocument, 'partners' | 'texts' | 'items' | 'summary' | 'extensions'>;

/** E1EDK01 and the header segments E1EDK14, E1EDK03, E1EDK02, E1EDK17, E1EDK18. */
export function readHeaderData(header: SegmentReader, top: SegmentReader): HeaderData {
  return {
    documentNumberAsSent: header.required('BELNR'),
    action: header.text('ACTION'),
    documentType: header.text('BSART'),
    currency: header.text('CURCY'),
    localCurrency: header.text('HWAER'),
    exchangeRate: header.decimal('WKURS'),
    paymentTermsKey: header.text('ZTERM'),
    recipientNumber: header.text('RECIPNT_NO'),
    orderReason: header.text('AUGRU'),
    shippingConditions: header.text('VSART'),
    deliveryBlock: header.text('LIFSK'),
    netWeight: measureOf(header, 'NTGEW', 'GEWEI'),
    grossWeight: measureOf(header, 'BRGEW', 'GEWEI'),
    organization: byQualifier(top, OrderSegment.organization, 'QUALF', (reader) => reader.required('ORGID')),
    dates: byQualifier(top, OrderSegment.date, 'IDDAT', (reader) => dateOf(reader, 'DATUM', 'UZEIT')),
    references: byQualifier(top, OrderSegment.reference, 'QUALF', (reader) => referenceOf(reader, 'POSNR')),
    deliveryTerms: top.children(OrderSegment.deliveryTerms).map((segment): OrderDeliveryTerm => {
      const reader = top.child(segment);
      return {
        qualifier: reader.required('QUALF'),
        code: reader.text('LKOND'),
        description: reader.text('LKTEXT'),
      };
    }),
    paymentTerms: top.children(OrderSegment.paymentTerms).map((segment): OrderPaymentTerm => {
      const reader = top.child(segment);
      return {
        qualifier: reader.required('QUALF'),
        days: reader.decimal('TAGE'),
        percentage: reader.decimal('PRZNT'),
        description: reader.text('ZTERM_TXT'),
      };
    }),
  };
}
