import { sapTime } from '../fields';
import { SapDocumentError } from '../errors';
import type { ParsedIdoc } from '../idoc/parsed-idoc';
import { SegmentReader } from '../idoc/segment-reader';
import { alphaKey } from '../keys';
import { measureOf } from '../material/common';
import { DeliverySegment } from './segments';
import type { CanonicalDelivery } from './types';

/** Length of the delivery number VBELN: CHAR 10. */
const DELIVERY_NUMBER_LENGTH = 10;

/** E1EDL18 QUALF that asks to delete the delivery. */
const DELETE_CONTROL_CODE = 'DEL';

/** The one E1EDL20 of a delivery IDoc. */
export function deliveryHeader(idoc: ParsedIdoc): SegmentReader {
  const { docnum } = idoc.control;
  const found = idoc.segments.filter((segment) => segment.name === DeliverySegment.header);
  if (found.length === 0) {
    throw new SapDocumentError(
      'MISSING_SEGMENT',
      `IDoc ${docnum}: has no segment ${DeliverySegment.header}`,
      {
        docnum,
        segment: DeliverySegment.header,
      },
    );
  }
  if (found.length > 1) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `IDoc ${docnum}: has ${found.length} ${DeliverySegment.header} segments; a delivery IDoc carries exactly one delivery`,
      { docnum, segment: DeliverySegment.header, count: found.length },
    );
  }
  return new SegmentReader(found[0]!, docnum);
}

/** The delivery number E1EDL20-VBELN with the ALPHA conversion to 10 (numeric numbers only). */
export function deliveryKey(header: SegmentReader): string {
  header.required('VBELN');
  return header.parse('VBELN', (raw) => alphaKey(raw ?? '', DELIVERY_NUMBER_LENGTH));
}

/** E1EDL18 QUALF values in order. */
export function controlCodes(header: SegmentReader): string[] {
  return header.children(DeliverySegment.control).map((segment) => header.child(segment).required('QUALF'));
}

/** A delivery is deleted when an E1EDL18 control segment says DEL. */
export function isDeliveryDeleted(header: SegmentReader): boolean {
  return controlCodes(header).includes(DELETE_CONTROL_CODE);
}

/** E1EDL22: every filled field (the *_BEZ descriptions) by its name. */
function readDescriptions(header: SegmentReader): Record<string, string> {
  const descriptions: Record<string, string> = {};
  for (const segment of header.children(DeliverySegment.descriptions)) {
    const reader = header.child(segment);
    for (const field of segment.fields.keys()) {
      const value = reader.text(field);
      if (value !== null) descriptions[field] = value;
    }
  }
  return descriptions;
}

type HeaderData = Omit<
  CanonicalDelivery,
  'deliveryNumber' | 'partners' | 'deadlines' | 'texts' | 'items' | 'extensions'
>;

/** E1EDL20 fields with E1EDL21, E1EDL22 and E1EDL18. */
export function readHeaderData(header: SegmentReader): HeaderData {
  const additional = header.children(DeliverySegment.additionalData)[0];
  const additionalData = additional === undefined ? null : header.child(additional);
  return {
    deliveryNumberAsSent: header.required('VBELN'),
    shippingPoint: header.text('VSTEL'),
    salesOrganization: header.text('VKORG'),
    loadingPoint: header.text('LSTEL'),
    salesOffice: header.text('VKBUR'),
    warehouseNumber: header.text('LGNUM'),
    unloadingPoint: header.text('ABLAD'),
    incoterms: header.text('INCO1'),
    incotermsLocation: header.text('INCO2'),
    route: header.text('ROUTE'),
    shippingConditions: header.text('VSBED'),
    grossWeight: measureOf(header, 'BTGEW', 'GEWEI'),
    netWeight: measureOf(header, 'NTGEW', 'GEWEI'),
    volume: measureOf(header, 'VOLUM', 'VOLEH'),
    packageCount: header.decimal('ANZPK'),
    billOfLading: header.text('BOLNR'),
    meansOfTransportType: header.text('TRATY'),
    meansOfTransportId: header.text('TRAID'),
    externalId: header.text('LIFEX'),
    proofOfDeliveryAt: dateTimeOf(header, 'PODAT', 'POTIM'),
    deliveryType: additionalData?.text('LFART') ?? null,
    deliveryPriority: additionalData?.text('LPRIO') ?? null,
    deliveryBlock: additionalData?.text('LIFSK') ?? null,
    descriptions: readDescriptions(header),
    controlCodes: controlCodes(header),
  };
}

/**
 * A date field and its time field as an ISO local date-time; null when the date is empty ('00000000'),
 * midnight when only the time is missing. Errors name the field that is wrong.
 */
export function dateTimeOf(reader: SegmentReader, dateField: string, timeField: string): string | null {
  const date = reader.date(dateField);
  if (date === null) return null;
  return `${date}T${reader.parse(timeField, sapTime) ?? '00:00:00'}`;
}
