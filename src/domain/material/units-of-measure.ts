import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { dimensionsOf, eanOf, measureOf, withExtensions } from './common';
import { MaterialSegment } from './segments';
import type { MaterialUnitEan, MaterialUnitOfMeasure } from './types';

const MAPPED = new Set<string>([MaterialSegment.unitEan]);

/** E1MARMM: alternative units with their conversion to the base unit, EANs, dimensions and weight. */
export function readUnitsOfMeasure(general: SegmentReader): MaterialUnitOfMeasure[] {
  return general.children(MaterialSegment.unitOfMeasure).map((segment) => {
    const first = general.child(segment);
    const unit = first.unit('MEINH');
    if (unit === null) throw first.missing('MEINH');
    const reader = first.keyed(`unit ${unit.code}`);
    const additionalEans: MaterialUnitEan[] = reader.children(MaterialSegment.unitEan).map((eanSegment) => {
      const ean = reader.child(eanSegment, `unit ${unit.code}`);
      return {
        sequence: ean.text('LFNUM'),
        code: ean.required('EAN11'),
        category: ean.text('EANTP'),
        main: ean.flag('HPEAN'),
        changeType: changeTypeFromMsgfn(ean.raw('MSGFN')),
      };
    });
    return withExtensions(
      {
        unit,
        numerator: reader.decimal('UMREZ'),
        denominator: reader.decimal('UMREN'),
        ean: eanOf(reader, 'EAN11', 'NUMTP'),
        additionalEans,
        dimensions: dimensionsOf(reader),
        volume: measureOf(reader, 'VOLUM', 'VOLEH'),
        grossWeight: measureOf(reader, 'BRGEW', 'GEWEI'),
        lowerLevelUnit: reader.unit('MESUB'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, MAPPED),
    );
  });
}
