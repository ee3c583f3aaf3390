import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from './common';
import { MaterialSegment } from './segments';
import type { MaterialValuation } from './types';

const NOTHING_MAPPED = new Set<string>();

/** E1MBEWM valuation data per valuation area (and valuation type when split valuation is used). */
export function readValuations(general: SegmentReader): MaterialValuation[] {
  return general.children(MaterialSegment.valuation).map((segment) => {
    const first = general.child(segment);
    const valuationArea = first.required('BWKEY');
    const valuationType = first.text('BWTAR');
    const reader = first.keyed(
      `valuation area ${valuationArea}${valuationType ? `, valuation type ${valuationType}` : ''}`,
    );
    return withExtensions(
      {
        valuationArea,
        valuationType,
        markedForDeletion: reader.flag('LVORM'),
        priceControl: reader.text('VPRSV'),
        standardPrice: reader.decimal('STPRS'),
        movingAveragePrice: reader.decimal('VERPR'),
        priceUnit: reader.decimal('PEINH'),
        valuationClass: reader.text('BKLAS'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
