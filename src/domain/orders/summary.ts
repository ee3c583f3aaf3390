import type { SegmentReader } from '../idoc/segment-reader';
import { byQualifier } from './common';
import { OrderSegment } from './segments';
import type { OrderSummaryValue } from './types';

/** E1EDS01 summary values by SUMID ('001' number of items, '002' total item amount, ...). */
export function readSummary(top: SegmentReader): Record<string, OrderSummaryValue> {
  return byQualifier(top, OrderSegment.summary, 'SUMID', (reader) => ({
    value: reader.decimal('SUMME'),
    unit: reader.text('SUNIT'),
  }));
}
