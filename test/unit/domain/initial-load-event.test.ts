import {
  LOAD_BUSINESS_PARTNER,
  LOAD_PRODUCT,
  SapDocumentError,
  compareVersions,
  describeSapEvent,
  idocVersion,
  loadEvent,
  parseCloudEvent,
  transformLoadEvent,
  validateRecord,
} from '../../../src/domain';
import { businessPartnerLoadVersion, productLoadVersion } from '../../../src/domain/load';
import { readFixture } from './sap-fixtures';

const PAGE = JSON.parse(readFixture('API_PRODUCT_SRV_A_Product_page.json')) as {
  d: { results: Record<string, unknown>[] };
};
const PRODUCT = PAGE.d.results[0]!;
const PARTNER = (
  JSON.parse(readFixture('API_BUSINESS_PARTNER_odata_v2.json')) as { d: Record<string, unknown> }
).d;
const OPTIONS = { source: '/synchub/load/test', time: '2026-01-01T00:00:00Z' };

describe('load versions', () => {
  test('a product is versioned by LastChangeDateTime (UTC, to the second) with document number 0', () => {
    // /Date(1583073519000+0000)/ is 2020-03-01T14:38:39Z.
    expect(productLoadVersion(PRODUCT, 'p')).toBe('20200301143839.0000000000000000');
  });

  test('without LastChangeDateTime, LastChangeDate, then CreationDate (at midnight)', () => {
    const { LastChangeDateTime: _a, ...withoutInstant } = PRODUCT;
    expect(productLoadVersion(withoutInstant, 'p')).toBe('20200301000000.0000000000000000');
    const { LastChangeDate: _b, ...onlyCreated } = withoutInstant;
    expect(productLoadVersion({ ...onlyCreated, CreationDate: '/Date(1577836800000)/' }, 'p')).toBe(
      '20200101000000.0000000000000000',
    );
  });

  test('an entity with no change time at all is refused, naming what was looked for', () => {
    const error = (() => {
      try {
        productLoadVersion({ Product: 'X' }, "OData A_Product('X')");
      } catch (caught) {
        return caught as SapDocumentError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SapDocumentError);
    expect(error?.code).toBe('MISSING_FIELD');
    expect(error?.message).toMatch(
      /A_Product\('X'\) has none of LastChangeDateTime, LastChangeDate, CreationDate/,
    );
  });

  test('a business partner is versioned by LastChangeDate and LastChangeTime, else its creation', () => {
    // The sample was never changed: CreationDate 2018-02-12, CreationTime 17:49:05.
    expect(businessPartnerLoadVersion(PARTNER, 'bp')).toBe('20180212174905.0000000000000000');
    const changed = { ...PARTNER, LastChangeDate: '/Date(1700006400000)/', LastChangeTime: 'PT09H05M00S' };
    expect(businessPartnerLoadVersion(changed, 'bp')).toBe('20231115090500.0000000000000000');
  });

  test('a load loses a tie against an IDoc of the same second', () => {
    const load = productLoadVersion(PRODUCT, 'p');
    const idoc = idocVersion({ docnum: '1', serial: '20200301143839' } as Parameters<typeof idocVersion>[0]);
    expect(idoc.startsWith('20200301143839.')).toBe(true);
    expect(compareVersions(load, idoc)).toBe(-1);
  });
});

describe('initial-load events', () => {
  test('an A_Product entity travels whole and routes by its canonical key and version', () => {
    const built = loadEvent(LOAD_PRODUCT, PRODUCT, OPTIONS);
    expect(built.entityKey).toBe('DEMOPRODUCT001');
    const event = parseCloudEvent(built.json);
    expect(event.type).toBe(LOAD_PRODUCT);
    expect(describeSapEvent(event)).toEqual({
      entityType: 'material',
      entityKey: 'DEMOPRODUCT001',
      version: '20200301143839.0000000000000000',
      changeType: 'upsert',
      sourceId: `/synchub/load/test/A_Product('DEMOPRODUCT001')@20200301143839.0000000000000000`,
      sender: '/synchub/load/test',
      messageType: LOAD_PRODUCT,
      idocType: 'CloudEvent',
    });
  });

  test('the same state loaded twice is the same change (same id and version)', () => {
    expect(loadEvent(LOAD_PRODUCT, PRODUCT, OPTIONS).json).toBe(
      loadEvent(LOAD_PRODUCT, PRODUCT, OPTIONS).json,
    );
  });

  test('a numeric product number becomes the canonical 18-digit material number', () => {
    const built = loadEvent(LOAD_PRODUCT, { ...PRODUCT, Product: '4711' }, OPTIONS);
    expect(built.entityKey).toBe('000000000000004711');
  });

  test('A_Product with its expansions is the canonical material a MATMAS IDoc gives', () => {
    const record = validateRecord(
      transformLoadEvent(parseCloudEvent(loadEvent(LOAD_PRODUCT, PRODUCT, OPTIONS).json)),
    );
    expect(record).toMatchObject({
      entityType: 'material',
      entityKey: 'DEMOPRODUCT001',
      version: '20200301143839.0000000000000000',
      deleted: false,
      source: { format: 'odata', service: 'API_PRODUCT_SRV', entitySet: 'A_Product' },
      data: {
        materialNumber: 'DEMOPRODUCT001',
        materialType: 'FERT',
        materialGroup: 'A001',
        industrySector: 'M',
        division: '00',
        baseUnit: { code: 'EA', codeType: 'sap' },
        grossWeight: { value: 10, unit: { code: 'KG', codeType: 'sap' } },
        netWeight: { value: 9, unit: { code: 'KG', codeType: 'sap' } },
        crossPlantStatus: { code: '01', validFrom: '2020-05-01' },
        createdOn: '2020-03-01',
        createdBy: 'DEMOUSER',
        descriptions: [
          { language: { iso: 'EN', sap: null }, text: 'Demo finished product', changeType: 'upsert' },
          { language: { iso: 'DE', sap: null }, text: 'Demo Fertigerzeugnis', changeType: 'upsert' },
        ],
        plants: [
          {
            plant: '1010',
            mrpType: 'PD',
            procurementType: 'E',
            profitCenter: 'YB600',
            countryOfOrigin: 'DE',
            commodityCode: '84713000',
            storageLocations: [{ storageLocation: '101A', markedForDeletion: false }],
          },
        ],
        salesAreas: [
          {
            salesOrganization: '1010',
            distributionChannel: '10',
            deliveringPlant: '1010',
            minimumOrderQuantity: 1,
          },
        ],
        taxClassifications: [{ country: 'DE', taxes: [{ taxCategory: 'TTX1', classification: '1' }] }],
        valuations: [
          { valuationArea: '1010', priceControl: 'S', standardPrice: 100, valuationClass: '7920' },
        ],
        unitsOfMeasure: [{ unit: { code: 'EA', codeType: 'sap' }, numerator: 1, denominator: 1 }],
      },
    });
    expect(record.source).toHaveProperty('etag');
  });

  test('a product flagged for deletion is a soft delete', () => {
    const built = loadEvent(LOAD_PRODUCT, { ...PRODUCT, IsMarkedForDeletion: true }, OPTIONS);
    expect(transformLoadEvent(parseCloudEvent(built.json)).deleted).toBe(true);
  });

  test('an A_BusinessPartner entity is read by the business partner transform', () => {
    const built = loadEvent(LOAD_BUSINESS_PARTNER, PARTNER, OPTIONS);
    expect(built.entityKey).toBe('0001003764');
    const record = validateRecord(transformLoadEvent(parseCloudEvent(built.json)));
    expect(record).toMatchObject({
      entityType: 'businessPartner',
      entityKey: '0001003764',
      source: { format: 'odata', service: 'API_BUSINESS_PARTNER', entitySet: 'A_BusinessPartner' },
      data: { businessPartner: '0001003764', businessPartnerAsSent: '1003764' },
    });
    expect(record.version).toBe(built.version);
  });

  test('an entity without its key cannot be loaded', () => {
    const { Product: _key, ...keyless } = PRODUCT;
    expect(() => loadEvent(LOAD_PRODUCT, keyless, OPTIONS)).toThrow(/A_Product entity has no Product/);
  });

  test('a product number longer than 40 characters is refused by the event reader', () => {
    const json = JSON.stringify({
      specversion: '1.0',
      id: 'x',
      type: LOAD_PRODUCT,
      source: 's',
      time: '2026-01-01T00:00:00Z',
      data: { Product: 'P'.repeat(41) },
    });
    expect(() => parseCloudEvent(json)).toThrow(/longer than 40 characters/);
  });
});
