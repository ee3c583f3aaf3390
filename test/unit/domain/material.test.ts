import {
  splitIdocDocument,
  transformMaterialIdoc,
  type CanonicalMaterial,
  type CanonicalRecord,
  type MaterialPlant,
} from '../../../src/domain';
import { e1maram, idocDocument, readFixture, sapErrorOf } from './sap-fixtures';

const PCE = { code: 'PCE', codeType: 'iso' } as const;
const KGM = { code: 'KGM', codeType: 'iso' } as const;
const MTQ = { code: 'MTQ', codeType: 'iso' } as const;
const CMT = { code: 'CMT', codeType: 'iso' } as const;
const NO_EXTENSIONS = { fields: {}, segments: {} };

function transformFixture(name: string): CanonicalRecord<CanonicalMaterial> {
  return transformMaterialIdoc(readFixture(name));
}

/** A plant entry with every field empty, for exact expectations of sparse plants. */
function emptyPlant(plant: string): MaterialPlant {
  return {
    plant,
    markedForDeletion: false,
    maintenanceStatus: null,
    status: null,
    abcIndicator: null,
    purchasingGroup: null,
    issueUnit: null,
    mrpType: null,
    mrpController: null,
    lotSizingProcedure: null,
    procurementType: null,
    specialProcurementType: null,
    plannedDeliveryDays: null,
    goodsReceiptProcessingDays: null,
    reorderPoint: null,
    safetyStock: null,
    availabilityCheck: null,
    profitCenter: null,
    batchManaged: false,
    countryOfOrigin: null,
    commodityCode: null,
    storageLocations: [],
    changeType: 'upsert',
  };
}

/** Every value in a record must be JSON (DynamoDB rejects undefined; no NaN/Infinity). */
function expectPlainJson(value: unknown, path = 'record'): void {
  if (value === undefined) throw new Error(`${path} is undefined`);
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) expectPlainJson(child, `${path}.${key}`);
  }
}

describe('transformMaterialIdoc', () => {
  it('transforms the full material exactly', () => {
    const record = transformFixture('MATMAS05_full_material.xml');
    expect(record).toEqual({
      entityType: 'material',
      entityKey: 'FG-1000',
      version: '20250314101500.0000000000200001',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'MATMAS05',
        messageType: 'MATMAS',
        docnum: '0000000000200001',
        senderPartner: 'S4HCLNT100',
        client: '100',
        serial: '20250314101500',
        createdAt: '2025-03-14T10:15:30',
      },
      data: {
        materialNumber: 'FG-1000',
        materialNumberAsSent: 'FG-1000',
        longMaterialNumberAsSent: 'FG-1000',
        materialType: 'FERT',
        industrySector: 'M',
        materialGroup: 'YBFA01',
        oldMaterialNumber: null, // <BISMT></BISMT>
        division: '00',
        productHierarchy: '001000000100000010',
        baseUnit: PCE,
        purchaseOrderUnit: null, // <BSTME/>
        grossWeight: { value: 12.5, unit: KGM },
        netWeight: { value: 10, unit: KGM }, // blank-padded '         10.000'
        volume: { value: 0.04, unit: MTQ },
        dimensions: { length: 40, width: 30, height: 20, unit: CMT },
        ean: { code: '4006381333931', category: 'HE' },
        crossPlantStatus: { code: 'Z1', validFrom: null }, // MSTDE 00000000
        crossDistributionChainStatus: null,
        batchManaged: true,
        configurable: false,
        markedForDeletion: false,
        maintenanceStatus: 'KDEVLBSQ',
        createdOn: '2024-01-02',
        createdBy: 'JSMITH',
        lastChangedOn: '2025-03-14',
        lastChangedBy: 'MBAKER',
        descriptions: [
          { language: { iso: 'EN', sap: 'E' }, text: 'Hydraulic pump HP-1000', changeType: 'upsert' },
          { language: { iso: 'DE', sap: 'D' }, text: 'Hydraulikpumpe HP-1000', changeType: 'upsert' },
          { language: { iso: 'FR', sap: 'F' }, text: 'Pompe hydraulique HP-1000', changeType: 'upsert' },
        ],
        longTexts: [
          {
            textId: 'GRUN',
            textObject: 'MATERIAL',
            language: { iso: 'EN', sap: 'E' },
            text: 'Hydraulic pump for industrial presses, maximum pressure 250 bar.\nStore dry & frost-free.',
            changeType: 'upsert',
          },
        ],
        unitsOfMeasure: [
          {
            unit: PCE,
            numerator: 1,
            denominator: 1,
            ean: { code: '4006381333931', category: 'HE' },
            additionalEans: [
              { sequence: '00001', code: '4006381333931', category: 'HE', main: true, changeType: 'upsert' },
            ],
            dimensions: null,
            volume: null,
            grossWeight: { value: 12.5, unit: KGM },
            lowerLevelUnit: null,
            changeType: 'upsert',
          },
          {
            unit: { code: 'CT', codeType: 'iso' },
            numerator: 12,
            denominator: 1,
            ean: { code: '14006381333938', category: 'HK' },
            additionalEans: [],
            dimensions: { length: 60, width: 40, height: 45, unit: CMT },
            volume: { value: 0.108, unit: MTQ },
            grossWeight: { value: 152, unit: KGM },
            lowerLevelUnit: PCE,
            changeType: 'upsert',
          },
        ],
        plants: [
          {
            ...emptyPlant('1010'),
            maintenanceStatus: 'VDEL',
            purchasingGroup: '001',
            issueUnit: PCE,
            mrpType: 'PD',
            mrpController: '001',
            lotSizingProcedure: 'EX',
            procurementType: 'E',
            plannedDeliveryDays: 5,
            goodsReceiptProcessingDays: 1,
            reorderPoint: 20,
            safetyStock: 10,
            availabilityCheck: '02',
            profitCenter: 'YB101',
            batchManaged: true,
            countryOfOrigin: 'DE',
            commodityCode: '84136080',
            storageLocations: [
              {
                storageLocation: '101A',
                markedForDeletion: false,
                storageBin: 'A-01-03',
                changeType: 'upsert',
              },
            ],
          },
          {
            ...emptyPlant('1020'),
            markedForDeletion: true,
            status: { code: '01', validFrom: '2025-03-01' },
            procurementType: 'F',
            plannedDeliveryDays: 10,
          },
        ],
        salesAreas: [
          {
            salesOrganization: '1010',
            distributionChannel: '10',
            markedForDeletion: false,
            status: null,
            salesUnit: PCE,
            minimumOrderQuantity: 2,
            minimumDeliveryQuantity: 0,
            deliveryUnit: { value: 12, unit: PCE },
            itemCategoryGroup: 'NORM',
            deliveringPlant: '1010',
            productHierarchy: '001000000100000010',
            materialPricingGroup: '01',
            accountAssignmentGroup: '01',
            changeType: 'upsert',
          },
        ],
        taxClassifications: [
          {
            country: 'DE',
            taxes: [{ taxCategory: 'TTX1', classification: '1' }],
            purchasingTaxIndicator: null,
            changeType: 'upsert',
          },
        ],
        valuations: [
          {
            valuationArea: '1010',
            valuationType: null,
            markedForDeletion: false,
            priceControl: 'S',
            standardPrice: 245.5,
            movingAveragePrice: 0,
            priceUnit: 1,
            valuationClass: '7920',
            changeType: 'upsert',
          },
        ],
        extensions: NO_EXTENSIONS,
      },
    });
    expectPlainJson(record);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('pads a numeric material number to 18 digits and keeps what was sent', () => {
    const record = transformFixture('MATMAS05_numeric_material.xml');
    expect(record.entityKey).toBe('000000000000004711');
    expect(record.version).toBe('20250315081000.0000000000200002');
    expect(record.changeType).toBe('upsert'); // MSGFN 009
    expect(record.source).toEqual({
      format: 'idoc',
      idocType: 'MATMAS05',
      messageType: 'MATMAS',
      docnum: '0000000000200002',
      senderPartner: 'S4HCLNT100',
      client: '100',
      createdAt: '2025-03-15T08:10:00',
    });
    expect(record.data).toMatchObject({
      materialNumber: '000000000000004711',
      materialNumberAsSent: '4711',
      longMaterialNumberAsSent: null,
      materialType: 'HAWA',
      grossWeight: { value: 0.25, unit: KGM },
      netWeight: { value: 0.2, unit: KGM },
      createdOn: '2025-03-15',
      descriptions: [{ language: { iso: 'EN', sap: 'E' }, text: 'Hex bolt M8x40', changeType: 'upsert' }],
    });
  });

  it('keys on MATNR_LONG when the long form is in use', () => {
    const long = 'PUMP-ASSEMBLY-HYDRAULIC-HP1000-REV-B-EU';
    const record = transformMaterialIdoc(
      idocDocument(e1maram(`<MATNR_LONG>${long}</MATNR_LONG>`, 'PUMP-ASSEMBLY-HYDR')),
    );
    expect([
      record.entityKey,
      record.data.materialNumberAsSent,
      record.data.longMaterialNumberAsSent,
    ]).toEqual([long, 'PUMP-ASSEMBLY-HYDR', long]);
  });

  it('gives a numeric long form the same key as the 18-digit form', () => {
    const record = transformMaterialIdoc(
      idocDocument(
        e1maram('<MATNR_LONG>0000000000000000000000000000000000004711</MATNR_LONG>', '000000000000004711'),
      ),
    );
    expect(record.entityKey).toBe('000000000000004711');
  });

  it('treats client-level LVORM=X as a soft delete: upsert with deleted=true', () => {
    const record = transformFixture('MATMAS05_soft_delete.xml');
    expect([record.entityKey, record.changeType, record.deleted]).toEqual(['OLD-777', 'upsert', true]);
    expect(record.data.markedForDeletion).toBe(true);
    expect(record.data.plants).toEqual([{ ...emptyPlant('1010'), markedForDeletion: true }]);
    expect(record.data.lastChangedOn).toBe('2025-03-18');
  });

  it('keeps a plant-level LVORM=X on the plant without deleting the material', () => {
    const record = transformFixture('MATMAS05_full_material.xml');
    expect(record.deleted).toBe(false);
    expect(record.data.plants.map((plant) => [plant.plant, plant.markedForDeletion])).toEqual([
      ['1010', false],
      ['1020', true],
    ]);
  });

  it('treats MSGFN 003 as a delete', () => {
    const [, deletion] = splitIdocDocument(readFixture('MATMAS05_two_materials.xml'));
    const record = transformMaterialIdoc(deletion!.xml);
    expect([record.entityKey, record.changeType, record.deleted, record.version]).toEqual([
      '000000000000004712',
      'delete',
      true,
      '20250316090000.0000000000200004',
    ]);
  });

  it.each([
    ['004', 'upsert'],
    ['005', 'upsert'],
    ['009', 'upsert'],
    ['018', 'upsert'],
    ['023', 'upsert'],
    ['003', 'delete'],
  ])('maps MSGFN %s to %s', (msgfn, changeType) => {
    expect(transformMaterialIdoc(idocDocument(e1maram('', 'TEST-1', msgfn))).changeType).toBe(changeType);
  });

  it('marks segment-level deletes on their entries', () => {
    const record = transformMaterialIdoc(
      idocDocument(
        e1maram(
          '<E1MAKTM SEGMENT="1"><MSGFN>003</MSGFN><SPRAS>D</SPRAS><SPRAS_ISO>DE</SPRAS_ISO></E1MAKTM>' +
            '<E1MARCM SEGMENT="1"><MSGFN>003</MSGFN><WERKS>1010</WERKS></E1MARCM>',
        ),
      ),
    );
    expect(record.changeType).toBe('upsert');
    expect(record.data.descriptions).toEqual([
      { language: { iso: 'DE', sap: 'D' }, text: null, changeType: 'delete' },
    ]);
    expect(record.data.plants).toEqual([{ ...emptyPlant('1010'), changeType: 'delete' }]);
  });

  it('preserves customer segments and namespaced fields of an extension IDoc', () => {
    const record = transformFixture('ZMATMAS05_extension.xml');
    expect(record.source).toEqual({
      format: 'idoc',
      idocType: 'MATMAS05',
      extension: 'ZMATMAS05',
      messageType: 'ZMATMAS',
      docnum: '0000000000200005',
      senderPartner: 'ECCCLNT010',
      client: '010',
      serial: '20250317142959',
      createdAt: '2025-03-17T14:30:00',
    });
    expect(record.data.extensions).toEqual({
      fields: {},
      segments: {
        Z1MARAM: [
          { parent: 'E1MARAM', fields: { ZZBRAND: 'ACME', ZZLAUNCH: '20250401', '/ABC/FIELD': 'GOLD' } },
        ],
        '/ABC/MATCLS': [{ parent: 'IDOC', fields: { '/ABC/CLASS': 'PUMPS' } }],
      },
    });
    expect(record.data.plants).toEqual([
      {
        ...emptyPlant('1000'),
        procurementType: 'E',
        extensions: { fields: {}, segments: { Z1MARCM: [{ parent: 'E1MARCM', fields: { ZZCURR: 'EUR' } }] } },
      },
    ]);
    expect(record.data.descriptions).toEqual([
      { language: { iso: 'EN', sap: 'E' }, text: 'Pump kit ZX-500', changeType: 'upsert' },
    ]);
  });

  it('preserves extension fields in standard segments and customer content under unmapped segments', () => {
    const record = transformMaterialIdoc(
      idocDocument(
        e1maram(
          '<_-ABC_-FIELD>  7.5- </_-ABC_-FIELD><ZZCOLOR>RED</ZZCOLOR><MTPOS_MARA>NORM</MTPOS_MARA>' +
            '<E1MARA1 SEGMENT="1"><MAXC>0.000</MAXC><_-ABC_-X>1</_-ABC_-X>' +
            '<Z1DEEP SEGMENT="1"><ZZA>a</ZZA><Z1CHILD SEGMENT="1"><ZZB>b</ZZB></Z1CHILD></Z1DEEP></E1MARA1>',
        ),
      ),
    );
    expect(record.data.extensions).toEqual({
      fields: { '/ABC/FIELD': '7.5-', ZZCOLOR: 'RED', 'E1MARA1./ABC/X': '1' },
      segments: {
        Z1DEEP: [
          {
            parent: 'E1MARA1',
            fields: { ZZA: 'a' },
            segments: { Z1CHILD: [{ parent: 'Z1DEEP', fields: { ZZB: 'b' } }] },
          },
        ],
      },
    });
  });

  it('keeps one description per language, compared on the ISO code', () => {
    const record = transformMaterialIdoc(
      idocDocument(
        e1maram(
          '<E1MAKTM SEGMENT="1"><SPRAS>E</SPRAS><MAKTX>first</MAKTX><SPRAS_ISO>EN</SPRAS_ISO></E1MAKTM>' +
            '<E1MAKTM SEGMENT="1"><SPRAS>D</SPRAS><MAKTX>deutsch</MAKTX><SPRAS_ISO>DE</SPRAS_ISO></E1MAKTM>' +
            '<E1MAKTM SEGMENT="1"><SPRAS>E</SPRAS><MAKTX>second</MAKTX><SPRAS_ISO>en</SPRAS_ISO></E1MAKTM>' +
            '<E1MAKTM SEGMENT="1"><SPRAS>d</SPRAS><MAKTX>lower-case d</MAKTX></E1MAKTM>' +
            '<E1MAKTM SEGMENT="1"><SPRAS>D</SPRAS><MAKTX>upper-case D, no ISO</MAKTX></E1MAKTM>',
        ),
      ),
    );
    expect(record.data.descriptions.map((description) => [description.language, description.text])).toEqual([
      [{ iso: 'EN', sap: 'E' }, 'second'],
      [{ iso: 'DE', sap: 'D' }, 'deutsch'],
      [{ iso: null, sap: 'd' }, 'lower-case d'],
      [{ iso: null, sap: 'D' }, 'upper-case D, no ISO'],
    ]);
  });

  it('reads negative decimals with a trailing minus and open-ended dates', () => {
    const record = transformMaterialIdoc(
      idocDocument(
        e1maram(
          '<E1MARCM SEGMENT="1"><WERKS>1010</WERKS><EISBE>5.000-</EISBE><MMSTA>02</MMSTA><MMSTD>99991231</MMSTD></E1MARCM>',
        ),
      ),
    );
    expect(record.data.plants[0]).toMatchObject({
      safetyStock: -5,
      status: { code: '02', validFrom: '9999-12-31' },
    });
  });

  it('keeps a status valid-from date sent without a status code', () => {
    const record = transformMaterialIdoc(
      idocDocument(e1maram('<E1MARCM SEGMENT="1"><WERKS>1010</WERKS><MMSTD>20250101</MMSTD></E1MARCM>')),
    );
    expect(record.data.plants[0]!.status).toEqual({ code: null, validFrom: '2025-01-01' });
  });

  describe('rejects', () => {
    it('an invalid date, naming IDoc, segment, entry and field', () => {
      const error = sapErrorOf(() =>
        transformMaterialIdoc(
          idocDocument(e1maram('<E1MARCM SEGMENT="1"><WERKS>1010</WERKS><MMSTD>20250231</MMSTD></E1MARCM>')),
        ),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        "IDoc 0000000000123456: segment E1MARCM (plant 1010) field MMSTD: '20250231' is not a valid date (expected YYYYMMDD)",
      );
      expect(error.details).toEqual({
        docnum: '0000000000123456',
        segment: 'E1MARCM',
        field: 'MMSTD',
        value: '20250231',
      });
    });

    it('an invalid decimal', () => {
      const error = sapErrorOf(() => transformMaterialIdoc(idocDocument(e1maram('<BRGEW>1,5</BRGEW>'))));
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toMatch(
        /^IDoc 0000000000123456: segment E1MARAM field BRGEW: '1,5' is not a decimal number/,
      );
    });

    it('an invalid deletion flag', () => {
      const error = sapErrorOf(() => transformMaterialIdoc(idocDocument(e1maram('<LVORM>Y</LVORM>'))));
      expect(error.message).toBe(
        "IDoc 0000000000123456: segment E1MARAM field LVORM: 'Y' is not an SAP flag (expected 'X' or blank)",
      );
    });

    it('a plant without WERKS', () => {
      const error = sapErrorOf(() =>
        transformMaterialIdoc(idocDocument(e1maram('<E1MARCM SEGMENT="1"><PSTAT>V</PSTAT></E1MARCM>'))),
      );
      expect([error.code, error.message]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1MARCM has no WERKS',
      ]);
    });

    it('two E1MARAM segments', () => {
      const error = sapErrorOf(() =>
        transformMaterialIdoc(idocDocument(e1maram('') + e1maram('', 'TEST-2'))),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        'IDoc 0000000000123456: has 2 E1MARAM segments; a material IDoc carries exactly one material',
      );
    });

    it('an IDoc of another type', () => {
      const error = sapErrorOf(() => transformMaterialIdoc(readFixture('ORDERS05_s4_purchase_order.xml')));
      expect(error.code).toBe('UNSUPPORTED_IDOC_TYPE');
    });

    it('a document with several IDocs', () => {
      const error = sapErrorOf(() => transformMaterialIdoc(readFixture('MATMAS05_two_materials.xml')));
      expect(error.code).toBe('MULTIPLE_IDOCS');
      expect(error.message).toBe(
        'document holds 2 IDocs; split it first (each IDoc is transformed on its own)',
      );
    });

    it('malformed XML', () => {
      expect(
        sapErrorOf(() => transformMaterialIdoc(readFixture('MATMAS05_malformed_ampersand.xml'))).code,
      ).toBe('MALFORMED_XML');
    });
  });
});
