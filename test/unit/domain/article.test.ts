import {
  canonicalKey,
  describeIdoc,
  splitIdocDocument,
  transformArticleIdoc,
  transformIdoc,
  validateRecord,
  type CanonicalMaterial,
  type CanonicalRecord,
} from '../../../src/domain';
import { idocDocument, readFixture, sapErrorOf } from './sap-fixtures';

const PCE = { code: 'PCE', codeType: 'iso' } as const;
const ARTMAS = { IDOCTYP: 'ARTMAS09', MESTYP: 'ARTMAS' };

function transformFixture(name: string): CanonicalRecord<CanonicalMaterial> {
  return transformArticleIdoc(readFixture(name));
}

/** An ARTMAS09 document with the given segments after the control record. */
function article(body: string, control: Record<string, string> = {}, root = 'ARTMAS09'): string {
  return idocDocument(body, { ...ARTMAS, ...control }, root);
}

function header(material = 'ART-1', extra = ''): string {
  return `<E1BPE1MATHEAD SEGMENT="1"><FUNCTION>005</FUNCTION><MATERIAL>${material}</MATERIAL>${extra}</E1BPE1MATHEAD>`;
}

describe('transformArticleIdoc: generic article with variants', () => {
  const record = transformFixture('ARTMAS09_generic_article.xml');
  const data = record.data;

  it('is a material record keyed by the generic article, versioned like MATMAS', () => {
    expect(record).toMatchObject({
      entityType: 'material',
      entityKey: 'TS-100',
      version: '20250402091455.0000000000310001',
      changeType: 'upsert',
      deleted: false,
      source: { format: 'idoc', idocType: 'ARTMAS09', messageType: 'ARTMAS', docnum: '0000000000310001' },
    });
    expect(validateRecord(record)).toBe(record);
  });

  it('maps the article’s own segments to the MATMAS fields (variants’ segments stay out)', () => {
    expect(data).toMatchObject({
      materialNumber: 'TS-100',
      materialType: 'FRET',
      materialGroup: 'TEXT01',
      oldMaterialNumber: 'LEGACY-TS100',
      baseUnit: PCE,
      netWeight: { value: 0.18, unit: { code: 'KGM', codeType: 'iso' } },
      crossPlantStatus: { code: '01', validFrom: '2025-01-15' },
      crossDistributionChainStatus: null,
      configurable: true,
      markedForDeletion: false,
      createdOn: '2025-01-10',
      lastChangedBy: 'RETAILMD',
    });
    expect(data.descriptions.map((description) => description.text)).toEqual([
      'Crew-neck T-shirt',
      'T-Shirt mit Rundhals',
    ]);
    expect(data.plants).toHaveLength(1);
    expect(data.plants[0]).toMatchObject({
      plant: 'R100',
      mrpType: 'ND',
      plannedDeliveryDays: 5,
      countryOfOrigin: 'PT',
      storageLocations: [
        { storageLocation: '0001', markedForDeletion: false, storageBin: null, changeType: 'upsert' },
      ],
    });
    expect(
      data.unitsOfMeasure.map((unit) => [unit.unit.code, unit.numerator, unit.ean?.code ?? null]),
    ).toEqual([
      ['PCE', 1, '4012345000108'],
      ['CT', 24, null],
    ]);
    expect(data.unitsOfMeasure[1]!.additionalEans).toEqual([
      { sequence: null, code: '14012345000105', category: 'UC', main: false, changeType: 'upsert' },
    ]);
    expect(data.unitsOfMeasure[0]!.dimensions).toEqual({
      length: 30,
      width: 20,
      height: 2,
      unit: { code: 'CMT', codeType: 'iso' },
    });
    expect(data.salesAreas).toEqual([
      expect.objectContaining({
        salesOrganization: 'R100',
        distributionChannel: '10',
        salesUnit: PCE,
        minimumOrderQuantity: 1,
        itemCategoryGroup: 'NORM',
        materialPricingGroup: '01',
      }),
    ]);
    expect(data.extensions).toEqual({ fields: {}, segments: {} });
  });

  it('keeps the retail parts: category, profile and each variant with its characteristic values', () => {
    expect(data.retail).toEqual({
      articleCategory: '01',
      articleType: 'FRET',
      merchandiseCategory: 'TEXT01',
      characteristicsProfile: 'TS_PROFILE',
      referenceArticle: null,
      genericArticle: null,
      prepackGenericArticle: null,
      characteristicValues: [],
      variants: [
        {
          materialNumber: 'TS-100-RED-M',
          materialNumberAsSent: 'TS-100-RED-M',
          characteristicValues: [
            { characteristic: 'TS_COLOUR', value: 'RED', changeType: 'upsert' },
            { characteristic: 'TS_SIZE', value: 'M', changeType: 'upsert' },
          ],
          descriptions: [
            { language: { iso: 'EN', sap: 'E' }, text: 'Crew-neck T-shirt red M', changeType: 'upsert' },
          ],
          markedForDeletion: false,
          changeType: 'upsert',
        },
        {
          materialNumber: 'TS-100-BLU-L',
          materialNumberAsSent: 'TS-100-BLU-L',
          characteristicValues: [
            { characteristic: 'TS_COLOUR', value: 'BLUE', changeType: 'upsert' },
            { characteristic: 'TS_SIZE', value: 'L', changeType: 'upsert' },
          ],
          descriptions: [
            { language: { iso: 'EN', sap: 'E' }, text: 'Crew-neck T-shirt blue L', changeType: 'upsert' },
          ],
          markedForDeletion: true,
          changeType: 'upsert',
        },
      ],
    });
  });
});

describe('transformArticleIdoc: single article', () => {
  it('pads a numeric article number like MATMAS, so both meet in one entity', () => {
    const articleRecord = transformFixture('ARTMAS09_single_article.xml');
    const [material] = splitIdocDocument(readFixture('MATMAS05_numeric_material.xml'));
    const materialRecord = transformIdoc(material!.xml);
    expect(articleRecord.entityKey).toBe('000000000000004711');
    expect(canonicalKey(articleRecord.entityType, articleRecord.entityKey)).toBe(
      canonicalKey(materialRecord.entityType, materialRecord.entityKey),
    );
    expect(articleRecord.data).toMatchObject({
      materialNumberAsSent: '4711',
      purchaseOrderUnit: { code: 'CT', codeType: 'iso' },
      crossDistributionChainStatus: { code: 'Z1', validFrom: '2025-05-01' },
      configurable: false,
      descriptions: [{ language: { iso: 'EN', sap: null }, text: 'Hex bolt M8x40', changeType: 'upsert' }],
    });
    expect(articleRecord.data.salesAreas[0]!.markedForDeletion).toBe(true);
    expect(articleRecord.data.retail).toMatchObject({ articleCategory: '00', variants: [] });
    // Without SERIAL the version comes from CREDAT+CRETIM, as for MATMAS.
    expect(articleRecord.version).toBe('20250402093000.0000000000310002');
  });

  it('a variant sent with its own data links to its generic article', () => {
    const record = transformArticleIdoc(
      article(
        header('GEN-1', '<MATL_CAT>02</MATL_CAT>') +
          '<E1BPE1MARART SEGMENT="1"><MATERIAL>GEN-1</MATERIAL><CONF_MATL>000815</CONF_MATL></E1BPE1MARART>',
      ),
    );
    expect(record.data.retail?.genericArticle).toBe('000000000000000815');
  });

  it('reads the S/4 long article number', () => {
    const long = 'ART-WITH-A-VERY-LONG-NUMBER-0000000001';
    const record = transformArticleIdoc(
      article(
        `<E1BPE1MATHEAD SEGMENT="1"><MATERIAL_LONG>${long}</MATERIAL_LONG></E1BPE1MATHEAD>` +
          `<E1BPE1MAKTRT SEGMENT="1"><MATERIAL_LONG>${long}</MATERIAL_LONG><LANGU_ISO>EN</LANGU_ISO><MATL_DESC>Long</MATL_DESC></E1BPE1MAKTRT>`,
      ),
    );
    expect(record.entityKey).toBe(long);
    expect(record.data).toMatchObject({ materialNumberAsSent: null, longMaterialNumberAsSent: long });
    expect(record.data.descriptions).toHaveLength(1);
    expect(record.data.retail?.variants).toEqual([]);
  });
});

describe('deletion', () => {
  it('FUNCTION 003 on the header deletes the article', () => {
    const record = transformArticleIdoc(article(header('ART-1').replace('005', '003')));
    expect(record).toMatchObject({ changeType: 'delete', deleted: true });
    expect(describeIdoc(splitIdocDocument(article(header('ART-1').replace('005', '003')))[0]!)).toMatchObject(
      { entityType: 'material', entityKey: 'ART-1', changeType: 'delete' },
    );
  });

  it('the client-level DEL_FLAG is a soft delete (upsert, deleted)', () => {
    const record = transformArticleIdoc(
      article(
        header() +
          '<E1BPE1MARART SEGMENT="1"><MATERIAL>ART-1</MATERIAL><DEL_FLAG>X</DEL_FLAG></E1BPE1MARART>',
      ),
    );
    expect(record).toMatchObject({ changeType: 'upsert', deleted: true, data: { markedForDeletion: true } });
  });
});

describe('extension types', () => {
  it('a customer basic type /LUMBERL/VFI_ARTMAS01 keeps standard and customer segments', () => {
    const record = transformFixture('LUMBERL_VFI_ARTMAS01_extension.xml');
    expect(record.entityKey).toBe('000000000010004242');
    expect(record.source).toMatchObject({
      idocType: '/LUMBERL/VFI_ARTMAS01',
      messageType: '/LUMBERL/VFI_ARTMAS',
    });
    expect(record.data.descriptions[0]!.text).toBe('3/4 x 5 OAK NATURAL ENGINEERED');
    expect(record.data.retail?.characteristicValues).toEqual([
      { characteristic: 'WIDTH', value: '1043', changeType: 'upsert' },
    ]);
    expect(record.data.extensions.segments['/LUMBERL/Z1JDA_ARTMAS_EXT']).toEqual([
      {
        parent: 'IDOC',
        fields: {
          MERCH_CAT_DESC: 'Oak Engineered',
          US_VENDOR: '0000100999',
          POG_BEGIN: '00000000',
          FAMILY_DESC: 'Flooring',
        },
      },
    ]);
    expect(record.data.extensions.segments['/LUMBERL/Z1JDA_ARTMAS_CHAR']).toHaveLength(2);
    expect(validateRecord(record)).toBe(record);
  });

  it.each([
    [
      'ARTMAS09 with an unknown extension in CIMTYP',
      { CIMTYP: 'ZARTMAS09EXT', MESTYP: 'ZARTMAS' },
      'ZARTMAS09EXT',
    ],
    ['a customer copy ZARTMAS05', { IDOCTYP: 'ZARTMAS05', MESTYP: 'ARTMAS' }, 'ZARTMAS05'],
    ['only the message type says ARTMAS', { IDOCTYP: '/ACME/ARTICLES1', MESTYP: '/ACME/ARTMAS' }, 'ARTICLES'],
  ])('accepts %s', (_, control, root) => {
    const xml = article(
      header() + '<Z1ARTEXT SEGMENT="1"><ZZCOLOUR>teal</ZZCOLOUR></Z1ARTEXT>',
      control,
      root,
    );
    const record = transformIdoc(splitIdocDocument(xml)[0]!.xml) as CanonicalRecord<CanonicalMaterial>;
    expect(record).toMatchObject({ entityType: 'material', entityKey: 'ART-1' });
    expect(record.data.extensions.segments['Z1ARTEXT']).toEqual([
      { parent: 'IDOC', fields: { ZZCOLOUR: 'teal' } },
    ]);
  });

  it('does not take other IDoc types', () => {
    const error = sapErrorOf(() =>
      transformArticleIdoc(article(header(), { IDOCTYP: 'MATMAS05', MESTYP: 'MATMAS' })),
    );
    expect(error.code).toBe('UNSUPPORTED_IDOC_TYPE');
  });
});

describe('bad data is rejected with a clear message', () => {
  it.each<[string, string, string, string]>([
    [
      'no header',
      '<E1BPE1MAKTRT SEGMENT="1"><MATERIAL>A</MATERIAL></E1BPE1MAKTRT>',
      'MISSING_SEGMENT',
      'IDoc 0000000000123456: has no segment E1BPE1MATHEAD',
    ],
    [
      'two headers',
      header() + header(),
      'INVALID_VALUE',
      'IDoc 0000000000123456: has 2 E1BPE1MATHEAD segments; an article IDoc carries exactly one header',
    ],
    [
      'no article number',
      '<E1BPE1MATHEAD SEGMENT="1"><MATL_TYPE>HAWA</MATL_TYPE></E1BPE1MATHEAD>',
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1BPE1MATHEAD has no MATERIAL',
    ],
    [
      'an article number over 40 characters',
      header('X'.repeat(41)),
      'INVALID_VALUE',
      'IDoc 0000000000123456: segment E1BPE1MATHEAD field MATERIAL: material number',
    ],
    [
      'a variant key without variant',
      header() + '<E1BPE1VARKEY SEGMENT="1"><MATERIAL>ART-1</MATERIAL></E1BPE1VARKEY>',
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1BPE1VARKEY has no VARIANT',
    ],
    [
      'a characteristic value without name',
      header() +
        '<E1BPE1AUSPRT SEGMENT="1"><MATERIAL>ART-1</MATERIAL><CHAR_VALUE>RED</CHAR_VALUE></E1BPE1AUSPRT>',
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1BPE1AUSPRT has no CHAR_NAME',
    ],
    [
      'a plant without PLANT',
      header() + '<E1BPE1MARCRT SEGMENT="1"><MATERIAL>ART-1</MATERIAL><MRP_TYPE>ND</MRP_TYPE></E1BPE1MARCRT>',
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1BPE1MARCRT has no PLANT',
    ],
    [
      'a description without language',
      header() +
        '<E1BPE1MAKTRT SEGMENT="1"><MATERIAL>ART-1</MATERIAL><MATL_DESC>x</MATL_DESC></E1BPE1MAKTRT>',
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1BPE1MAKTRT has no LANGU or LANGU_ISO',
    ],
    [
      'a bad date',
      header() +
        '<E1BPE1MARART SEGMENT="1"><MATERIAL>ART-1</MATERIAL><CREATED_ON>20250231</CREATED_ON></E1BPE1MARART>',
      'INVALID_VALUE',
      "IDoc 0000000000123456: segment E1BPE1MARART field CREATED_ON: '20250231'",
    ],
    [
      'a bad flag in a variant',
      header() +
        '<E1BPE1VARKEY SEGMENT="1"><MATERIAL>ART-1</MATERIAL><VARIANT>V-1</VARIANT></E1BPE1VARKEY><E1BPE1MARART SEGMENT="1"><MATERIAL>V-1</MATERIAL><DEL_FLAG>maybe</DEL_FLAG></E1BPE1MARART>',
      'INVALID_VALUE',
      'IDoc 0000000000123456: segment E1BPE1MARART (variant V-1) field DEL_FLAG',
    ],
  ])('%s', (_, body, code, message) => {
    const error = sapErrorOf(() => transformArticleIdoc(article(body)));
    expect(error.code).toBe(code);
    expect(error.message.startsWith(message)).toBe(true);
  });
});
