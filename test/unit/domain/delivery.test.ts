import { splitIdocDocument, type CanonicalRecord, type IdocControl } from '../../../src/domain';
import { parseSingleIdoc } from '../../../src/domain/idoc/parsed-idoc';
import {
  deliveryDataSchema,
  deliveryIdocHandler,
  transformDeliveryIdoc,
  type CanonicalDelivery,
  type DeliveryItem,
  type DeliveryPartner,
} from '../../../src/domain/delivery';
import { idocDocument, readFixture, sapErrorOf } from './sap-fixtures';

const PCE = { code: 'PCE', codeType: 'iso' } as const;
const KGM = { code: 'KGM', codeType: 'iso' } as const;
const EN = { iso: 'EN', sap: 'E' };
const FIXTURE = 'DELVRY07_batch_split_delivery.xml';
const DELVRY = { IDOCTYP: 'DELVRY07', MESTYP: 'DESADV' };

/** A delivery IDoc document: E1EDL20 with VBELN `vbeln` and the given inner segments. */
function delivery(inner: string, vbeln = '80000001'): string {
  return idocDocument(`<E1EDL20 SEGMENT="1"><VBELN>${vbeln}</VBELN>${inner}</E1EDL20>`, DELVRY, 'DELVRY07');
}

function partner(role: string, fields: Partial<DeliveryPartner> = {}): DeliveryPartner {
  return {
    role,
    partnerNumber: null,
    addressType: null,
    name: null,
    additionalNames: [],
    street: null,
    postalCode: null,
    city: null,
    district: null,
    region: null,
    country: null,
    language: null,
    phone: null,
    fax: null,
    email: null,
    ...fields,
  };
}

function item(itemNumber: string, fields: Partial<DeliveryItem> = {}): DeliveryItem {
  return {
    itemNumber,
    parentItem: null,
    hierarchyUse: null,
    materialNumber: null,
    materialNumberAsSent: null,
    longMaterialNumberAsSent: null,
    externalMaterialNumberAsSent: null,
    description: null,
    customerMaterial: null,
    materialGroup: null,
    plant: null,
    storageLocation: null,
    batch: null,
    deliveryQuantity: null,
    baseQuantity: null,
    netWeight: null,
    grossWeight: null,
    volume: null,
    expiryDate: null,
    precedingDocument: null,
    references: [],
    texts: [],
    ...fields,
  };
}

/** What the three items of the fixture share (same material, plant and storage location). */
const PUMP = {
  materialNumber: 'FG-1000',
  materialNumberAsSent: 'FG-1000',
  longMaterialNumberAsSent: 'FG-1000',
  description: 'Hydraulic pump HP-1000',
  plant: '1010',
  storageLocation: '101A',
};

function control(idocType: string, messageType: string): IdocControl {
  return { docnum: '0000000000000001', idocType, messageType };
}

describe('deliveries (DELVRY07)', () => {
  it('transforms the batch-split delivery exactly', () => {
    const record = transformDeliveryIdoc(readFixture(FIXTURE));
    const expected: CanonicalRecord<CanonicalDelivery> = {
      entityType: 'delivery',
      entityKey: '0080001234',
      version: '20250414161000.0000000000320001',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'DELVRY07',
        messageType: 'DESADV',
        docnum: '0000000000320001',
        senderPartner: 'S4HCLNT100',
        client: '100',
        serial: '20250414161000',
        createdAt: '2025-04-14T16:10:05',
      },
      data: {
        deliveryNumber: '0080001234',
        deliveryNumberAsSent: '80001234',
        shippingPoint: '1010',
        salesOrganization: '1010',
        loadingPoint: null,
        salesOffice: null,
        warehouseNumber: '101',
        unloadingPoint: null,
        incoterms: 'EXW',
        incotermsLocation: 'Hamburg',
        route: 'R00001',
        shippingConditions: '01',
        grossWeight: { value: 130, unit: KGM },
        netWeight: { value: 120, unit: KGM },
        volume: { value: 0.54, unit: { code: 'MTQ', codeType: 'iso' } },
        packageCount: 2,
        billOfLading: 'BOL-55012',
        meansOfTransportType: null,
        meansOfTransportId: null,
        externalId: 'DN-2025-0415',
        proofOfDeliveryAt: null,
        deliveryType: 'LF',
        deliveryPriority: '02',
        deliveryBlock: null,
        descriptions: {
          VSTEL_BEZ: 'Shipping Point Hamburg',
          VKORG_BEZ: 'Sales Org. Germany',
          INCO1_BEZ: 'EXW Ex Works',
        },
        controlCodes: [],
        partners: [
          partner('AG', {
            partnerNumber: '0017100001',
            addressType: '1',
            name: 'Nordwind Maschinenbau GmbH',
            street: 'Hafenstrasse 12',
            postalCode: '20457',
            city: 'Hamburg',
            country: 'DE',
            language: { iso: 'DE', sap: null },
          }),
          partner('WE', {
            partnerNumber: '0017100002',
            addressType: '1',
            name: 'Nordwind Maschinenbau GmbH',
            additionalNames: ['Werk 2'],
            street: 'Industrieweg 4',
            postalCode: '21339',
            city: 'Lueneburg',
            country: 'DE',
            phone: '+49 4131 5550',
            email: 'wareneingang@nordwind.example',
          }),
          partner('SP', { partnerNumber: 'CARRIER-01', name: 'Elbe Spedition' }),
        ],
        deadlines: {
          '010': {
            plannedStart: '2025-04-14T08:00:00',
            plannedEnd: '2025-04-14T10:00:00',
            actualStart: '2025-04-14T08:30:15',
            actualEnd: '2025-04-14T09:45:00',
            startTimeZone: null,
            endTimeZone: null,
          },
          '006': {
            plannedStart: '2025-04-14T14:00:00',
            plannedEnd: '2025-04-14T16:00:00',
            actualStart: null, // ISDD 00000000
            actualEnd: null, // IEDD 00000000
            startTimeZone: null,
            endTimeZone: null,
          },
          '007': {
            plannedStart: '2025-04-15T09:00:00',
            plannedEnd: '2025-04-15T12:00:00',
            actualStart: null,
            actualEnd: null,
            startTimeZone: 'CET',
            endTimeZone: 'CET',
          },
        },
        texts: [
          {
            textId: '0001',
            language: EN,
            text: 'Two pallets, do not stack.\nForklift required at unloading.',
          },
        ],
        items: [
          item('000010', {
            ...PUMP,
            customerMaterial: 'NW-PUMP-7',
            materialGroup: 'YBFA01',
            deliveryQuantity: { value: 10, unit: PCE },
            baseQuantity: { value: 10, unit: PCE },
            netWeight: { value: 100, unit: KGM },
            grossWeight: { value: 110, unit: KGM },
            precedingDocument: { documentNumber: '0000071234', itemNumber: '000010' },
            references: [
              { qualifier: 'C', documentNumber: '0000071234', itemNumber: '000010', date: '2025-04-02' },
            ],
            texts: [{ textId: '0001', language: EN, text: 'Batches from two production runs.' }],
          }),
          item('900001', {
            ...PUMP,
            parentItem: '000010',
            batch: 'B2025-0017',
            deliveryQuantity: { value: 6, unit: PCE },
            baseQuantity: { value: 6, unit: PCE },
            netWeight: { value: 60, unit: KGM },
            expiryDate: '2027-03-31',
          }),
          item('900002', {
            ...PUMP,
            parentItem: '000010',
            batch: 'B2025-0021',
            deliveryQuantity: { value: 4, unit: PCE }, // blank-padded '         4.000'
            baseQuantity: { value: 4, unit: PCE },
            netWeight: { value: 40, unit: KGM },
            expiryDate: '2027-06-30',
          }),
        ],
        extensions: {
          fields: {},
          segments: { '/ABC/DLVINFO': [{ parent: 'E1EDL20', fields: { '/ABC/DOCKDOOR': 'D07' } }] },
        },
      },
    };
    expect(record).toEqual(expected);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('links batch-split sub-items to their main item and keeps item numbers as strings', () => {
    const { items } = transformDeliveryIdoc(readFixture(FIXTURE)).data;
    expect(items.map((entry) => [entry.itemNumber, entry.parentItem, entry.batch])).toEqual([
      ['000010', null, null],
      ['900001', '000010', 'B2025-0017'],
      ['900002', '000010', 'B2025-0021'],
    ]);
    const splits = items.filter((entry) => entry.parentItem === '000010');
    expect(splits.reduce((sum, entry) => sum + (entry.deliveryQuantity?.value ?? 0), 0)).toBe(
      items[0]!.deliveryQuantity!.value,
    );
  });

  it('links a sub-item by UECHA when HIPOS is not sent', () => {
    const { items } = transformDeliveryIdoc(
      delivery(
        '<E1EDL24 SEGMENT="1"><POSNR>000010</POSNR></E1EDL24>' +
          '<E1EDL24 SEGMENT="1"><POSNR>900001</POSNR><UECHA>000010</UECHA><HIEVW>1</HIEVW></E1EDL24>',
      ),
    ).data;
    expect(items.map((entry) => [entry.itemNumber, entry.parentItem, entry.hierarchyUse])).toEqual([
      ['000010', null, null],
      ['900001', '000010', '1'],
    ]);
  });

  it('pads a numeric delivery number to 10 and keeps an alphanumeric one', () => {
    expect(transformDeliveryIdoc(delivery('', '80000001')).entityKey).toBe('0080000001');
    expect(transformDeliveryIdoc(delivery('', '0080000001')).entityKey).toBe('0080000001');
    expect(transformDeliveryIdoc(delivery('', 'DL-7')).entityKey).toBe('DL-7');
  });

  it('reads quantities with a trailing minus, VRKME_ISO and the long material number', () => {
    const [entry] = transformDeliveryIdoc(
      delivery(
        '<E1EDL24 SEGMENT="1"><POSNR>000010</POSNR><MATNR>4711</MATNR>' +
          '<LFIMG>2.000-</LFIMG><VRKME>ST</VRKME><VRKME_ISO>PCE</VRKME_ISO></E1EDL24>',
      ),
    ).data.items;
    expect([entry!.materialNumber, entry!.deliveryQuantity]).toEqual([
      '000000000000004711',
      { value: -2, unit: PCE },
    ]);
    const second = transformDeliveryIdoc(
      delivery(
        '<E1EDL24 SEGMENT="1"><POSNR>000020</POSNR><MATNR>PUMP-ASSEMBLY-HYDR</MATNR>' +
          '<MATNR_LONG>PUMP-ASSEMBLY-HYDRAULIC-HP1000</MATNR_LONG></E1EDL24>',
      ),
    ).data.items[0]!;
    expect([second.materialNumber, second.materialNumberAsSent, second.longMaterialNumberAsSent]).toEqual([
      'PUMP-ASSEMBLY-HYDRAULIC-HP1000',
      'PUMP-ASSEMBLY-HYDR',
      'PUMP-ASSEMBLY-HYDRAULIC-HP1000',
    ]);
  });

  it('reads a deadline without time as midnight and the proof-of-delivery date-time', () => {
    const data = transformDeliveryIdoc(
      delivery(
        '<PODAT>20250416</PODAT><POTIM>131500</POTIM>' +
          '<E1EDT13 SEGMENT="1"><QUALF>007</QUALF><NTANF>20250415</NTANF><NTEND>00000000</NTEND></E1EDT13>',
      ),
    ).data;
    expect(data.proofOfDeliveryAt).toBe('2025-04-16T13:15:00');
    expect(data.deadlines).toEqual({
      '007': {
        plannedStart: '2025-04-15T00:00:00',
        plannedEnd: null,
        actualStart: null,
        actualEnd: null,
        startTimeZone: null,
        endTimeZone: null,
      },
    });
  });

  it('treats an E1EDL18 control code DEL as a delete', () => {
    const xml = delivery(
      '<E1EDL18 SEGMENT="1"><QUALF>PIC</QUALF></E1EDL18><E1EDL18 SEGMENT="1"><QUALF>DEL</QUALF></E1EDL18>',
    );
    const record = transformDeliveryIdoc(xml);
    expect([record.changeType, record.deleted, record.data.controlCodes]).toEqual([
      'delete',
      true,
      ['PIC', 'DEL'],
    ]);
    expect(deliveryIdocHandler.describe(parseSingleIdoc(xml))).toEqual({
      entityKey: '0080000001',
      changeType: 'delete',
    });
    expect(
      transformDeliveryIdoc(delivery('<E1EDL18 SEGMENT="1"><QUALF>PGI</QUALF></E1EDL18>')).changeType,
    ).toBe('upsert');
  });

  it('describes what it transforms', () => {
    const idoc = parseSingleIdoc(readFixture(FIXTURE));
    expect(deliveryIdocHandler.describe(idoc)).toEqual({ entityKey: '0080001234', changeType: 'upsert' });
    expect(deliveryIdocHandler.transform(idoc).entityKey).toBe('0080001234');
  });

  it.each([
    ['DELVRY07', 'DESADV', true],
    ['DELVRY05', 'WHSCON', true],
    ['DELVRY03', 'SHPCON', true],
    ['DELVRY07', 'ZDESADV', true],
    ['ZDELVRY07', 'DELVRY', true],
    ['/SPE/DELVRY03', 'DESADV', true],
    ['DESADV01', 'DESADV', false],
    ['ORDERS05', 'ORDERS', false],
    ['MATMAS05', 'MATMAS', false],
  ])('IDoc type %s, message type %s: delivery %s', (idocType, messageType, accepted) => {
    expect(deliveryIdocHandler.accepts(control(idocType, messageType))).toBe(accepted);
  });

  it('passes schema validation, and the schema rejects what is not canonical', () => {
    const { data } = transformDeliveryIdoc(readFixture(FIXTURE));
    expect(deliveryDataSchema.safeParse(data).error?.issues ?? []).toEqual([]);
    expect(deliveryDataSchema.safeParse({ ...data, packageCount: '2' }).success).toBe(false);
    expect(
      deliveryDataSchema.safeParse({ ...data, deadlines: { '006': { plannedStart: '20250414' } } }).success,
    ).toBe(false);
  });

  it('splits out of a document like any IDoc', () => {
    const [envelope] = splitIdocDocument(readFixture(FIXTURE));
    expect(envelope!.control).toMatchObject({ idocType: 'DELVRY07', messageType: 'DESADV' });
    expect(transformDeliveryIdoc(envelope!.xml).entityKey).toBe('0080001234');
  });

  describe('rejects', () => {
    it('a missing delivery number, naming IDoc, segment and field', () => {
      const error = sapErrorOf(() => transformDeliveryIdoc(delivery('<VSTEL>1010</VSTEL>', '')));
      expect(error.code).toBe('MISSING_FIELD');
      expect(error.message).toBe('IDoc 0000000000123456: segment E1EDL20 has no VBELN');
      expect(error.details).toEqual({ docnum: '0000000000123456', segment: 'E1EDL20', field: 'VBELN' });
    });

    it('an invalid quantity, naming the item', () => {
      const error = sapErrorOf(() =>
        transformDeliveryIdoc(
          delivery('<E1EDL24 SEGMENT="1"><POSNR>900001</POSNR><LFIMG>six</LFIMG></E1EDL24>'),
        ),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toMatch(
        /^IDoc 0000000000123456: segment E1EDL24 \(item 900001\) field LFIMG: 'six' is not a decimal number/,
      );
      expect(error.details).toEqual({
        docnum: '0000000000123456',
        segment: 'E1EDL24',
        field: 'LFIMG',
        value: 'six',
      });
    });

    it('an invalid deadline, naming the qualifier', () => {
      const error = sapErrorOf(() =>
        transformDeliveryIdoc(
          delivery(
            '<E1EDT13 SEGMENT="1"><QUALF>006</QUALF><NTANF>20250414</NTANF><NTANZ>250000</NTANZ></E1EDT13>',
          ),
        ),
      );
      expect(error.message).toBe(
        "IDoc 0000000000123456: segment E1EDT13 (QUALF 006) field NTANZ: '250000' is not a valid time (expected HHMMSS)",
      );
    });

    it('an item without POSNR and a partner without PARTNER_Q', () => {
      expect(
        sapErrorOf(() => transformDeliveryIdoc(delivery('<E1EDL24 SEGMENT="1"><LFIMG>1</LFIMG></E1EDL24>')))
          .message,
      ).toBe('IDoc 0000000000123456: segment E1EDL24 has no POSNR');
      expect(
        sapErrorOf(() => transformDeliveryIdoc(delivery('<E1ADRM1 SEGMENT="1"><NAME1>x</NAME1></E1ADRM1>')))
          .message,
      ).toBe('IDoc 0000000000123456: segment E1ADRM1 has no PARTNER_Q');
    });

    it('an IDoc without E1EDL20', () => {
      const error = sapErrorOf(() => transformDeliveryIdoc(idocDocument('', DELVRY, 'DELVRY07')));
      expect([error.code, error.message]).toEqual([
        'MISSING_SEGMENT',
        'IDoc 0000000000123456: has no segment E1EDL20',
      ]);
    });

    it('an IDoc of another type', () => {
      expect(
        sapErrorOf(() => transformDeliveryIdoc(readFixture('ORDERS05_s4_purchase_order.xml'))).code,
      ).toBe('UNSUPPORTED_IDOC_TYPE');
    });
  });
});
