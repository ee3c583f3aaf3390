import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from './common';
import { MaterialSegment } from './segments';
import type { MaterialTaxClassification } from './types';

const NOTHING_MAPPED = new Set<string>();
const TAX_SLOTS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;

/** E1MLANM: tax categories (TATYn) and the material's classification for each (TAXMn) per country. */
export function readTaxClassifications(general: SegmentReader): MaterialTaxClassification[] {
  return general.children(MaterialSegment.taxClassification).map((segment) => {
    const first = general.child(segment);
    const country = first.required('ALAND');
    const reader = first.keyed(`country ${country}`);
    const taxes = TAX_SLOTS.map((slot) => ({
      taxCategory: reader.text(`TATY${slot}`),
      classification: reader.text(`TAXM${slot}`),
    })).filter((tax) => tax.taxCategory !== null || tax.classification !== null);
    return withExtensions(
      {
        country,
        taxes,
        purchasingTaxIndicator: reader.text('TAXIM'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
