import type { ChangeType } from '../entity';
import { SapDocumentError } from '../errors';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import { idocRecordSource, type CanonicalRecord } from '../record';
import { MATERIAL_IDOC_LABEL, isMaterialIdoc } from './detect';
import { readGeneralData, readMaterialNumber } from './general';
import { readPlants } from './plants';
import { readSalesAreas } from './sales-areas';
import { MaterialSegment } from './segments';
import { readTaxClassifications } from './tax-classifications';
import { readDescriptions, readLongTexts } from './texts';
import type { CanonicalMaterial } from './types';
import { readUnitsOfMeasure } from './units-of-measure';
import { readValuations } from './valuations';

/** Standard segments under E1MARAM that are mapped to their own entries. */
const MAPPED_UNDER_GENERAL = new Set<string>([
  MaterialSegment.description,
  MaterialSegment.longTextHeader,
  MaterialSegment.unitOfMeasure,
  MaterialSegment.plant,
  MaterialSegment.salesArea,
  MaterialSegment.taxClassification,
  MaterialSegment.valuation,
]);

/** The one E1MARAM segment of a material IDoc. */
function generalSegment(idoc: ParsedIdoc): SegmentReader {
  const { docnum } = idoc.control;
  const found = idoc.segments.filter((segment) => segment.name === MaterialSegment.general);
  if (found.length === 0) {
    throw new SapDocumentError(
      'MISSING_SEGMENT',
      `IDoc ${docnum}: has no segment ${MaterialSegment.general}`,
      {
        docnum,
        segment: MaterialSegment.general,
      },
    );
  }
  if (found.length > 1) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `IDoc ${docnum}: has ${found.length} ${MaterialSegment.general} segments; a material IDoc carries exactly one material`,
      { docnum, segment: MaterialSegment.general, count: found.length },
    );
  }
  return new SegmentReader(found[0]!, docnum);
}

/** Just the routing facts of a material IDoc: its canonical key and whether it deletes the material. */
export function describeMaterial(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const general = generalSegment(idoc);
  return {
    entityKey: readMaterialNumber(general).materialNumber,
    changeType: changeTypeFromMsgfn(general.raw('MSGFN')),
  };
}

/** A parsed material IDoc to its canonical record. */
export function transformMaterial(idoc: ParsedIdoc): CanonicalRecord<CanonicalMaterial> {
  const general = generalSegment(idoc);
  const number = readMaterialNumber(general);
  const data: CanonicalMaterial = {
    ...number,
    ...readGeneralData(general),
    descriptions: readDescriptions(general),
    longTexts: readLongTexts(general),
    unitsOfMeasure: readUnitsOfMeasure(general),
    plants: readPlants(general),
    salesAreas: readSalesAreas(general),
    taxClassifications: readTaxClassifications(general),
    valuations: readValuations(general),
    extensions: collectExtensions(general.segment, MAPPED_UNDER_GENERAL, {
      siblings: idoc.segments.filter((segment) => segment !== general.segment),
      siblingParent: 'IDOC',
    }),
  };
  const changeType = changeTypeFromMsgfn(general.raw('MSGFN'));
  return {
    entityType: 'material',
    entityKey: number.materialNumber,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete' || data.markedForDeletion,
    source: idocRecordSource(idoc.control),
    data,
  };
}

/**
 * Transforms ONE material IDoc XML document (as produced by splitIdocDocument) to its canonical record.
 * Throws SapDocumentError (MALFORMED_XML, NO_IDOC, MULTIPLE_IDOCS, UNSUPPORTED_IDOC_TYPE for other IDoc
 * types, MISSING_SEGMENT, MISSING_FIELD, INVALID_VALUE, ...).
 */
export function transformMaterialIdoc(xml: string): CanonicalRecord<CanonicalMaterial> {
  const idoc = parseSingleIdoc(xml);
  if (!isMaterialIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, MATERIAL_IDOC_LABEL);
  return transformMaterial(idoc);
}
