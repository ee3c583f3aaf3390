import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from '../material/common';
import type { MaterialUnitEan, MaterialUnitOfMeasure } from '../material/types';
import { measure } from '../fields';
import { bapiUnit } from './fields';

const NOTHING_MAPPED = new Set<string>();

function sameUnit(a: { code: string }, b: { code: string } | null): boolean {
  return b !== null && a.code === b.code;
}

/**
 * E1BPE1MARMRT alternative units with their conversion, EAN, dimensions, volume and weight; the article's
 * E1BPE1MEANRT segments of the same unit are its additional EANs.
 */
export function readArticleUnits(
  units: readonly SegmentReader[],
  eans: readonly SegmentReader[],
): MaterialUnitOfMeasure[] {
  return units.map((first) => {
    const unit = bapiUnit(first, 'ALT_UNIT');
    if (unit === null) throw first.missing('ALT_UNIT or ALT_UNIT_ISO');
    const reader = first.keyed(`unit ${unit.code}`);
    const additionalEans: MaterialUnitEan[] = eans
      .filter((ean) => sameUnit(unit, bapiUnit(ean, 'UNIT')))
      .map((ean) => ({
        sequence: null,
        code: ean.keyed(`unit ${unit.code}`).required('EAN_UPC'),
        category: ean.text('EAN_CAT'),
        main: false,
        changeType: changeTypeFromMsgfn(ean.raw('FUNCTION')),
      }));
    const eanCode = reader.text('EAN_UPC');
    const length = reader.decimal('LENGTH');
    const width = reader.decimal('WIDTH');
    const height = reader.decimal('HEIGHT');
    const dimensionUnit = bapiUnit(reader, 'UNIT_DIM');
    const noDimensions = length === null && width === null && height === null && dimensionUnit === null;
    return withExtensions(
      {
        unit,
        numerator: reader.decimal('NUMERATOR'),
        denominator: reader.decimal('DENOMINATR'),
        ean: eanCode === null ? null : { code: eanCode, category: reader.text('EAN_CAT') },
        additionalEans,
        dimensions: noDimensions ? null : { length, width, height, unit: dimensionUnit },
        volume: measure(reader.decimal('VOLUME'), bapiUnit(reader, 'VOLUMEUNIT')),
        grossWeight: measure(reader.decimal('GROSS_WT'), bapiUnit(reader, 'UNIT_OF_WT')),
        lowerLevelUnit: null,
        changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
      },
      collectExtensions(reader.segment, NOTHING_MAPPED),
    );
  });
}
