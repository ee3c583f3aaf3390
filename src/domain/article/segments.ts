/**
 * ARTMAS segment names (ARTMAS05-ARTMAS09). Unlike MATMAS the data segments are not nested under a header:
 * each sits at the top level of the IDoc and names the article it belongs to in MATERIAL (MATERIAL_LONG on
 * S/4), so one IDoc carries a generic article together with its variants. FUNCTION is the segment function
 * (like MSGFN: 003 delete, 004/005/009 upsert). Each data segment may be followed by its 'X' twin
 * (E1BPE1MARARTX ...), which only flags the fields to update and is not data.
 */
export const ArticleSegment = {
  /** Header: article type, merchandise category, category, profile; exactly one per IDoc. */
  header: 'E1BPE1MATHEAD',
  /** Variants of a generic article (MATERIAL generic, VARIANT variant). */
  variantKey: 'E1BPE1VARKEY',
  /** Characteristic values (of a variant, or of the article). */
  characteristicValue: 'E1BPE1AUSPRT',
  /** Client-level data (MARA), with E1BPE1MARART1 under it. */
  clientData: 'E1BPE1MARART',
  /** Short texts (MAKT). */
  description: 'E1BPE1MAKTRT',
  /** Plant (site) data (MARC). */
  plant: 'E1BPE1MARCRT',
  /** Storage location data (MARD). */
  storageLocation: 'E1BPE1MARDRT',
  /** Units of measure (MARM). */
  unitOfMeasure: 'E1BPE1MARMRT',
  /** EANs (MEAN). */
  ean: 'E1BPE1MEANRT',
  /** Sales data (MVKE). */
  salesArea: 'E1BPE1MVKERT',
} as const;
