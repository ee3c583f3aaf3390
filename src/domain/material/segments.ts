/** MATMAS segment names (MATMAS05 structure; the same names are used by MATMAS01-04). */
export const MaterialSegment = {
  /** Material master general data (MARA); exactly one per IDoc. */
  general: 'E1MARAM',
  /** Short texts (MAKT). */
  description: 'E1MAKTM',
  /** Plant data (MARC). */
  plant: 'E1MARCM',
  /** Storage location data (MARD), under E1MARCM. */
  storageLocation: 'E1MARDM',
  /** Units of measure (MARM). */
  unitOfMeasure: 'E1MARMM',
  /** EANs of a unit (MEAN), under E1MARMM. */
  unitEan: 'E1MEANM',
  /** Sales data (MVKE). */
  salesArea: 'E1MVKEM',
  /** Tax classification (MLAN). */
  taxClassification: 'E1MLANM',
  /** Valuation data (MBEW). */
  valuation: 'E1MBEWM',
  /** Long text header, with E1MTXLM lines. */
  longTextHeader: 'E1MTXHM',
  longTextLine: 'E1MTXLM',
} as const;
