import type { IdocRecordSource } from '../../../src/domain';
import {
  splitIdocDocument,
  type CanonicalRecord,
  type IdocControl,
  type LanguageCode,
} from '../../../src/domain';
import { parseSingleIdoc } from '../../../src/domain/idoc/parsed-idoc';
import {
  purchaseOrderDataSchema,
  purchaseOrderIdocHandler,
  salesOrderDataSchema,
  salesOrderIdocHandler,
  transformPurchaseOrderIdoc,
  transformSalesOrderIdoc,
  type CanonicalPurchaseOrder,
  type CanonicalSalesOrder,
  type OrderItem,
  type OrderPartner,
} from '../../../src/domain/orders';
import { idocDocument, readFixture, sapErrorOf } from './sap-fixtures';

const PCE = { code: 'PCE', codeType: 'iso' } as const;
const KGM = { code: 'KGM', codeType: 'iso' } as const;
const EN: LanguageCode = { iso: 'EN', sap: 'E' };
const NO_EXTENSIONS = { fields: {}, segments: {} };

const ORDERS = { IDOCTYP: 'ORDERS05', MESTYP: 'ORDERS' };
const ORDRSP = { IDOCTYP: 'ORDERS05', MESTYP: 'ORDRSP' };

/** A purchase order IDoc document with the given segments after E1EDK01 (BELNR `belnr`). */
function purchaseOrder(body: string, belnr = '4500000001', headerFields = ''): string {
  return idocDocument(
    `<E1EDK01 SEGMENT="1">${headerFields}<BELNR>${belnr}</BELNR></E1EDK01>${body}`,
    ORDERS,
    'ORDERS05',
  );
}

/** A partner entry with every field empty, for exact expectations. */
function partner(role: string, fields: Partial<OrderPartner> = {}): OrderPartner {
  return {
    role,
    partnerNumber: null,
    vendorNumber: null,
    name: null,
    additionalNames: [],
    street: null,
    houseNumber: null,
    poBox: null,
    postalCode: null,
    city: null,
    district: null,
    region: null,
    country: null,
    language: null,
    phone: null,
    fax: null,
    contactName: null,
    reference: null,
    locationNumber: null,
    purchasingOrganization: null,
    purchasingGroup: null,
    ...fields,
  };
}

/** An item entry with every field empty, for exact expectations. */
function item(itemNumber: string, fields: Partial<OrderItem> = {}): OrderItem {
  return {
    itemNumber,
    action: null,
    changeType: 'upsert',
    itemCategory: null,
    materialNumber: null,
    materialNumberAsSent: null,
    longMaterialNumberAsSent: null,
    externalMaterialNumberAsSent: null,
    quantity: null,
    priceUnitOfMeasure: null,
    netPrice: null,
    priceUnit: null,
    netValue: null,
    grossPrice: null,
    currency: null,
    netWeight: null,
    grossWeight: null,
    materialGroup: null,
    plant: null,
    storageLocation: null,
    rejectionReason: null,
    objectIds: [],
    scheduleLines: [],
    conditions: [],
    amounts: {},
    dates: {},
    references: {},
    partners: [],
    texts: [],
    ...fields,
  };
}

const objectId = (qualifier: string, fields: object) => ({
  qualifier,
  id: null,
  longId: null,
  materialNumber: null,
  description: null,
  manufacturerPartNumber: null,
  manufacturerNumber: null,
  ...fields,
});

const condition = (fields: object) => ({
  conditionType: null,
  description: null,
  surchargeOrDiscount: null,
  amount: null,
  percentage: null,
  rate: null,
  priceUnit: null,
  unit: null,
  endAmount: null,
  taxCode: null,
  taxRate: null,
  currency: null,
  ...fields,
});

/** Every value in a record must be JSON (DynamoDB rejects undefined; no NaN/Infinity). */
function expectPlainJson(value: unknown, path = 'record'): void {
  if (value === undefined) throw new Error(`${path} is undefined`);
  if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) expectPlainJson(child, `${path}.${key}`);
  }
}

function control(idocType: string, messageType: string, extension?: string): IdocControl {
  return { docnum: '0000000000000001', idocType, messageType, ...(extension ? { extension } : {}) };
}

describe('purchase orders (ORDERS05, message ORDERS/ORDCHG)', () => {
  it('transforms the real S/4HANA outbound purchase order exactly', () => {
    const record = transformPurchaseOrderIdoc(readFixture('ORDERS05_s4_purchase_order.xml'));
    const plantPartner = (name: string) =>
      partner('WE', {
        vendorNumber: '0000001010',
        name,
        street: 'Neurottstr. 16',
        postalCode: '69190',
        city: 'Walldorf',
        region: 'BW',
        country: 'DE',
        language: { iso: null, sap: 'D' },
      });
    const sampleItem = (itemNumber: string, plantName: string) =>
      item(itemNumber, {
        action: '001',
        itemCategory: '0',
        materialNumber: 'TG0011', // E1EDP19 QUALF 001 (IDTNR_LONG): the buyer's own material
        quantity: { value: 1, unit: PCE },
        priceUnitOfMeasure: PCE,
        netPrice: 50,
        priceUnit: 1,
        netValue: 50,
        netWeight: { value: 0.9, unit: KGM },
        grossWeight: { value: 1, unit: KGM },
        materialGroup: 'L001',
        plant: '1010',
        objectIds: [
          objectId('001', {
            id: 'TG0011',
            longId: 'TG0011',
            materialNumber: 'TG0011',
            description: 'Trading Good 0011,PD,Regular Proc.',
          }),
        ],
        scheduleLines: [{ quantity: 1, previousQuantity: 0, date: '2018-11-29', time: null }],
        partners: [plantPartner(plantName)],
        texts: [{ textId: 'F03', language: EN, text: 'Kaubeldavate toodete ost' }],
      });
    const expected: CanonicalRecord<CanonicalPurchaseOrder> = {
      entityType: 'purchaseOrder',
      entityKey: '4500000670',
      version: '20181129142808.0000000000146002',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'ORDERS05',
        messageType: 'ORDERS',
        docnum: '0000000000146002',
        senderPartner: 'Company_IDOC_SOA_ID',
        client: '715',
        serial: '20181129142808',
        createdAt: '2018-11-29T14:28:09',
      },
      data: {
        purchaseOrderNumber: '4500000670',
        documentNumberAsSent: '4500000670',
        action: null,
        documentType: 'NB',
        currency: 'EUR',
        localCurrency: 'EUR',
        exchangeRate: 1,
        paymentTermsKey: '0004',
        recipientNumber: '0010300097',
        orderReason: null,
        shippingConditions: null,
        deliveryBlock: null,
        netWeight: null,
        grossWeight: null,
        organization: { '014': '1010', '009': '001', '013': 'NB', '011': '1010' },
        dates: {
          '012': { date: '2018-11-29', time: null },
          '011': { date: '2018-11-29', time: null },
        },
        references: {
          '001': { documentNumber: '4500000670', itemNumber: null, date: '2018-11-29', time: '14:28:08' },
        },
        partners: [
          partner('AG', {
            partnerNumber: '0010100098',
            vendorNumber: '0010100099',
            phone: '770 840 9421',
            fax: '770 840 9000',
            contactName: 'Group 001',
            reference: 'test_ihrez',
            purchasingOrganization: '1010',
            purchasingGroup: '001',
          }),
          partner('RE', {
            partnerNumber: '0010100098',
            phone: '770 840 9421',
            fax: '770 840 9000',
            contactName: 'Group 001',
            purchasingOrganization: '1010',
            purchasingGroup: '001',
          }),
          partner('LF', { partnerNumber: '0010100099', vendorNumber: '0010100099', language: EN }),
          partner('LF', { partnerNumber: '0010100098', language: EN }),
          partner('LF', { vendorNumber: '0010100099', language: EN }),
        ],
        deliveryTerms: [],
        paymentTerms: [],
        texts: [],
        items: [sampleItem('00010', 'Plant 1010 - Test 1'), sampleItem('00020', 'Plant 1010 - Test 2')],
        summary: { '002': { value: 100, unit: 'EUR' } },
        extensions: NO_EXTENSIONS,
      },
    };
    expect(record).toEqual(expected);
    expectPlainJson(record);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('pads a numeric purchase order number to 10 and keeps what was sent (ORDCHG)', () => {
    const record = transformPurchaseOrderIdoc(readFixture('ORDERS05_purchase_order_change.xml'));
    expect([record.entityKey, record.data.purchaseOrderNumber, record.data.documentNumberAsSent]).toEqual([
      '0004500017',
      '0004500017',
      '4500017',
    ]);
    expect((record.source as IdocRecordSource).messageType).toBe('ORDCHG');
    expect([record.changeType, record.deleted, record.data.action]).toEqual(['upsert', false, '004']);
    expect(record.data.partners).toEqual([
      partner('LF', {
        partnerNumber: '0017300001',
        name: 'Pacific Valve Supply Inc.',
        city: 'Oakland',
        postalCode: '94607',
        country: 'US',
        region: 'CA',
        language: EN,
      }),
      partner('AG', {
        partnerNumber: '0000001710',
        vendorNumber: '0000088123',
        contactName: 'J. Rivera',
        purchasingOrganization: '1710',
        purchasingGroup: '001',
      }),
    ]);
  });

  it('marks an item with ACTION 003 as deleted and keeps item numbers as sent', () => {
    const record = transformPurchaseOrderIdoc(readFixture('ORDERS05_purchase_order_change.xml'));
    expect(record.data.items.map((entry) => [entry.itemNumber, entry.action, entry.changeType])).toEqual([
      ['00010', '002', 'upsert'],
      ['00020', '003', 'delete'],
    ]);
    expect(record.data.items[1]).toEqual(
      item('00020', {
        action: '003',
        changeType: 'delete',
        itemCategory: '0',
        materialNumber: '000000000000004712',
        quantity: { value: 0, unit: PCE },
        plant: '1710',
        objectIds: [
          objectId('001', { id: '4712', materialNumber: '000000000000004712', description: 'Gasket set' }),
        ],
      }),
    );
  });

  it('keeps IDTNR_LONG as sent, keys on the long form and leaves an EAN alone', () => {
    const record = transformPurchaseOrderIdoc(readFixture('ORDERS05_purchase_order_change.xml'));
    const first = record.data.items[0]!;
    expect(first.materialNumber).toBe('PUMP-ASSEMBLY-HYDRAULIC-HP1000-REV-B-EU');
    expect(first.objectIds).toEqual([
      objectId('001', {
        id: 'PUMP-ASSEMBLY-HYDR',
        longId: 'PUMP-ASSEMBLY-HYDRAULIC-HP1000-REV-B-EU',
        materialNumber: 'PUMP-ASSEMBLY-HYDRAULIC-HP1000-REV-B-EU',
        description: 'Pump assembly, hydraulic',
      }),
      objectId('002', { id: 'PV-77810', materialNumber: 'PV-77810' }),
      objectId('003', { id: '00012345678905' }),
    ]);
    expect(first.scheduleLines).toEqual([
      { quantity: 12, previousQuantity: 10, date: '2025-05-10', time: '08:00:00' },
    ]);
    expect(first.partners).toEqual([
      partner('WE', {
        vendorNumber: '0000001710',
        name: 'Plant 1710 Palo Alto',
        street: '3410 Hillview Ave',
        city: 'Palo Alto',
        postalCode: '94304',
        country: 'US',
        region: 'CA',
      }),
    ]);
  });

  it('takes the material from E1EDP01 MATNR_LONG, else MATNR_EXTERNAL, else MATNR', () => {
    const items = transformPurchaseOrderIdoc(
      purchaseOrder(
        '<E1EDP01 SEGMENT="1"><POSEX>000010</POSEX><MATNR>4711</MATNR></E1EDP01>' +
          '<E1EDP01 SEGMENT="1"><POSEX>000020</POSEX><MATNR>PUMP-ASSEMBLY-HYDR</MATNR>' +
          '<MATNR_LONG>PUMP-ASSEMBLY-HYDRAULIC-HP1000</MATNR_LONG>' +
          '<E1EDP19 SEGMENT="1"><QUALF>001</QUALF><IDTNR>OTHER</IDTNR></E1EDP19></E1EDP01>' +
          '<E1EDP01 SEGMENT="1"><POSEX>000030</POSEX><MATNR_EXTERNAL>EXT-1</MATNR_EXTERNAL></E1EDP01>',
      ),
    ).data.items;
    expect(
      items.map((entry) => [
        entry.materialNumber,
        entry.materialNumberAsSent,
        entry.longMaterialNumberAsSent,
      ]),
    ).toEqual([
      ['000000000000004711', '4711', null],
      ['PUMP-ASSEMBLY-HYDRAULIC-HP1000', 'PUMP-ASSEMBLY-HYDR', 'PUMP-ASSEMBLY-HYDRAULIC-HP1000'],
      ['EXT-1', null, null],
    ]);
  });

  it('treats E1EDK01-ACTION 001 (reverse the whole document) as a delete', () => {
    const xml = purchaseOrder('', '4500000002', '<ACTION>001</ACTION>');
    const record = transformPurchaseOrderIdoc(xml);
    expect([record.entityKey, record.changeType, record.deleted]).toEqual(['4500000002', 'delete', true]);
    expect(purchaseOrderIdocHandler.describe(parseSingleIdoc(xml))).toEqual({
      entityKey: '4500000002',
      changeType: 'delete',
    });
  });

  it.each([
    ['000', 'upsert'],
    ['002', 'upsert'],
    ['004', 'upsert'],
    ['001', 'delete'],
  ])('maps header ACTION %s to %s', (action, changeType) => {
    expect(transformPurchaseOrderIdoc(purchaseOrder('', '1', `<ACTION>${action}</ACTION>`)).changeType).toBe(
      changeType,
    );
  });

  it('keeps an alphanumeric purchase order number as sent', () => {
    expect(transformPurchaseOrderIdoc(purchaseOrder('', ' PO-2025/17 ')).entityKey).toBe('PO-2025/17');
  });

  it('describes what it transforms', () => {
    for (const name of ['ORDERS05_s4_purchase_order.xml', 'ORDERS05_purchase_order_change.xml']) {
      const idoc = parseSingleIdoc(readFixture(name));
      const record = purchaseOrderIdocHandler.transform(idoc);
      expect(purchaseOrderIdocHandler.describe(idoc)).toEqual({
        entityKey: record.entityKey,
        changeType: record.changeType,
      });
    }
  });
});

describe('sales orders (ORDERS05, message ORDRSP)', () => {
  it('transforms the order confirmation exactly', () => {
    const record = transformSalesOrderIdoc(readFixture('ORDRSP_sales_order_confirmation.xml'));
    const expected: CanonicalRecord<CanonicalSalesOrder> = {
      entityType: 'salesOrder',
      entityKey: '0000071234',
      version: '20250402093000.0000000000310001',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'ORDERS05',
        extension: 'ZORDERS05',
        messageType: 'ORDRSP',
        docnum: '0000000000310001',
        senderPartner: 'S4HCLNT100',
        client: '100',
        serial: '20250402093000',
        createdAt: '2025-04-02T09:30:12',
      },
      data: {
        salesOrderNumber: '0000071234',
        customerPurchaseOrderNumber: 'PO-88812',
        documentNumberAsSent: '0000071234',
        action: null,
        documentType: 'TA',
        currency: 'EUR',
        localCurrency: 'EUR',
        exchangeRate: 1,
        paymentTermsKey: '0001',
        recipientNumber: null,
        orderReason: null,
        shippingConditions: '01',
        deliveryBlock: null,
        netWeight: null,
        grossWeight: null,
        organization: { '008': '1010', '007': '10', '006': '00', '012': 'TA' },
        dates: { '012': { date: '2025-04-02', time: null }, '002': { date: '2025-04-15', time: null } },
        references: {
          '001': { documentNumber: 'PO-88812', itemNumber: null, date: '2025-04-01', time: null },
          '002': { documentNumber: '0000071234', itemNumber: null, date: '2025-04-02', time: null },
        },
        partners: [
          partner('AG', {
            partnerNumber: '0017100001',
            name: 'Nordwind Maschinenbau GmbH',
            additionalNames: ['Einkauf'],
            street: 'Hafenstrasse 12',
            postalCode: '20457',
            city: 'Hamburg',
            country: 'DE',
            language: { iso: 'DE', sap: 'D' },
            contactName: 'K. Weber',
          }),
          partner('WE', {
            partnerNumber: '0017100002',
            name: 'Nordwind Maschinenbau GmbH Werk 2',
            street: 'Industrieweg 4',
            postalCode: '21339',
            city: 'Lueneburg',
            country: 'DE',
          }),
          partner('RG', { partnerNumber: '0017100001' }),
          partner('LF', { partnerNumber: 'ACME-DE', name: 'ACME Pumps Deutschland' }),
        ],
        deliveryTerms: [{ qualifier: '001', code: 'EXW', description: 'Ex Works' }],
        paymentTerms: [
          { qualifier: '001', days: 14, percentage: 2, description: null },
          { qualifier: '002', days: 30, percentage: null, description: null },
        ],
        texts: [
          {
            textId: '0001',
            language: EN,
            // two lines joined, a later segment for EN (sent as 'en') continues as a new paragraph
            text: 'Deliver to gate 3. Please call the receiving office one hour before arrival.\nNo deliveries on Saturdays.',
          },
          { textId: '0001', language: { iso: 'DE', sap: 'D' }, text: 'Anlieferung an Tor 3.' },
        ],
        items: [
          item('000010', {
            materialNumber: '000000000000004711', // E1EDP19 QUALF 002: the vendor's (SD's) own material
            quantity: { value: 10, unit: PCE },
            priceUnitOfMeasure: PCE,
            netPrice: 25.5,
            priceUnit: 1,
            netValue: 229.5,
            netWeight: { value: 4.5, unit: KGM }, // blank-padded '         4.500'
            materialGroup: 'YBFA01',
            plant: '1010',
            objectIds: [
              objectId('002', {
                id: '4711',
                materialNumber: '000000000000004711',
                description: 'Hydraulic pump HP-1000',
              }),
              objectId('001', { id: 'NW-PUMP-7', materialNumber: 'NW-PUMP-7' }),
            ],
            scheduleLines: [{ quantity: 10, previousQuantity: null, date: '2025-04-15', time: null }],
            conditions: [
              condition({
                conditionType: 'PR00',
                description: 'Price',
                amount: 255,
                rate: 25.5,
                priceUnit: 1,
                unit: PCE,
                currency: 'EUR',
              }),
              condition({
                conditionType: 'K007',
                description: 'Customer discount',
                surchargeOrDiscount: '-',
                amount: -25.5, // '25.50-'
                percentage: -10, // '10.00-'
                currency: 'EUR',
              }),
            ],
            amounts: { '003': 255 },
            texts: [
              { textId: '0001', language: EN, text: 'Pack in export cartons, max. 2 pumps per carton.' },
            ],
            extensions: {
              fields: {},
              segments: { Z1EDP01: [{ parent: 'E1EDP01', fields: { ZZSERVICELEVEL: 'EXPRESS' } }] },
            },
          }),
          item('000020', {
            materialNumber: 'RM-200',
            quantity: { value: 5, unit: KGM },
            priceUnitOfMeasure: KGM,
            netPrice: 8,
            priceUnit: 1,
            netValue: 40,
            plant: '1010',
            objectIds: [
              objectId('002', { id: 'RM-200', materialNumber: 'RM-200', description: 'Sealing compound' }),
            ],
            scheduleLines: [
              { quantity: 3, previousQuantity: null, date: '2025-04-15', time: null },
              { quantity: 2, previousQuantity: null, date: '2025-04-22', time: null },
            ],
            conditions: [
              condition({
                conditionType: 'PR00',
                description: 'Price',
                amount: 40,
                rate: 8,
                priceUnit: 1,
                unit: KGM,
                currency: 'EUR',
              }),
            ],
          }),
        ],
        summary: { '002': { value: 269.5, unit: 'EUR' } },
        extensions: {
          fields: {},
          segments: { Z1ORDRSP: [{ parent: 'IDOC', fields: { ZZSALESCHANNEL: 'WEB' } }] },
        },
      },
    };
    expect(record).toEqual(expected);
    expectPlainJson(record);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('pads a numeric sales order number to 10', () => {
    const record = transformSalesOrderIdoc(
      idocDocument('<E1EDK01 SEGMENT="1"><BELNR>71234</BELNR></E1EDK01>', ORDRSP, 'ORDERS05'),
    );
    expect([record.entityType, record.entityKey, record.data.documentNumberAsSent]).toEqual([
      'salesOrder',
      '0000071234',
      '71234',
    ]);
    expect(record.data.customerPurchaseOrderNumber).toBeNull();
  });

  it('describes what it transforms', () => {
    const idoc = parseSingleIdoc(readFixture('ORDRSP_sales_order_confirmation.xml'));
    expect(salesOrderIdocHandler.describe(idoc)).toEqual({ entityKey: '0000071234', changeType: 'upsert' });
    expect(salesOrderIdocHandler.transform(idoc).entityType).toBe('salesOrder');
  });
});

describe('order handlers', () => {
  it.each([
    ['ORDERS05', 'ORDERS', true, false],
    ['ORDERS05', 'ORDCHG', true, false],
    ['ORDERS05', 'ORDRSP', false, true],
    ['ORDERS05', 'ZORDERS', true, false],
    ['ORDERS05', '/ABC/VFI_ORDERS', true, false],
    ['ORDERS05', '/ABC/ORDRSP', false, true],
    ['/NFM/ORDERS05', 'ORDERS', true, false],
    ['ZORDERS05', 'ZORDRSP', false, true],
    ['ORDERS02', 'ORDERS', true, false],
    ['ORDERS05', 'ORDRSP_X', false, false],
    ['MATMAS05', 'ORDERS', false, false],
    ['DELVRY07', 'DESADV', false, false],
    ['INVOIC02', 'INVOIC', false, false],
  ])('IDoc type %s, message type %s: purchase order %s, sales order %s', (idocType, messageType, po, so) => {
    expect(purchaseOrderIdocHandler.accepts(control(idocType, messageType))).toBe(po);
    expect(salesOrderIdocHandler.accepts(control(idocType, messageType))).toBe(so);
  });

  it('accept an extension type by its basic type', () => {
    expect(purchaseOrderIdocHandler.accepts(control('ORDERS05', 'ORDERS', 'ZORDERS05'))).toBe(true);
  });

  it('label the entity types', () => {
    expect([purchaseOrderIdocHandler.entityType, salesOrderIdocHandler.entityType]).toEqual([
      'purchaseOrder',
      'salesOrder',
    ]);
    expect(purchaseOrderIdocHandler.label).toContain('ORDERS');
    expect(salesOrderIdocHandler.label).toContain('ORDRSP');
  });
});

describe('order documents', () => {
  it('keep one text per id and language, compared on the ISO code', () => {
    const texts = transformPurchaseOrderIdoc(
      purchaseOrder(
        '<E1EDKT1 SEGMENT="1"><TDID>F01</TDID><TSSPRAS>E</TSSPRAS><TSSPRAS_ISO>EN</TSSPRAS_ISO>' +
          '<E1EDKT2 SEGMENT="1"><TDLINE>first</TDLINE></E1EDKT2></E1EDKT1>' +
          '<E1EDKT1 SEGMENT="1"><TDID>F01</TDID><TSSPRAS>d</TSSPRAS>' +
          '<E1EDKT2 SEGMENT="1"><TDLINE>lower-case d</TDLINE></E1EDKT2></E1EDKT1>' +
          '<E1EDKT1 SEGMENT="1"><TDID>F02</TDID><TSSPRAS>E</TSSPRAS><TSSPRAS_ISO>EN</TSSPRAS_ISO>' +
          '<E1EDKT2 SEGMENT="1"><TDLINE>other id</TDLINE></E1EDKT2></E1EDKT1>' +
          '<E1EDKT1 SEGMENT="1"><TDID>F01</TDID><TSSPRAS_ISO>en</TSSPRAS_ISO>' +
          '<E1EDKT2 SEGMENT="1"><TDLINE>second</TDLINE></E1EDKT2></E1EDKT1>' +
          '<E1EDKT1 SEGMENT="1"><TDID>F01</TDID><TSSPRAS>D</TSSPRAS>' +
          '<E1EDKT2 SEGMENT="1"><TDLINE>upper-case D</TDLINE></E1EDKT2></E1EDKT1>',
      ),
    ).data.texts;
    expect(texts).toEqual([
      { textId: 'F01', language: EN, text: 'first\nsecond' },
      { textId: 'F01', language: { iso: null, sap: 'd' }, text: 'lower-case d' },
      { textId: 'F02', language: EN, text: 'other id' },
      { textId: 'F01', language: { iso: null, sap: 'D' }, text: 'upper-case D' },
    ]);
  });

  it('key qualified segments by qualifier, the last repeat winning', () => {
    const data = transformPurchaseOrderIdoc(
      purchaseOrder(
        '<E1EDK03 SEGMENT="1"><IDDAT>002</IDDAT><DATUM>20250501</DATUM></E1EDK03>' +
          '<E1EDK03 SEGMENT="1"><IDDAT>002</IDDAT><DATUM>20250502</DATUM><UZEIT>143000</UZEIT></E1EDK03>' +
          '<E1EDK03 SEGMENT="1"><IDDAT>029</IDDAT><DATUM>00000000</DATUM></E1EDK03>',
      ),
    ).data;
    expect(data.dates).toEqual({
      '002': { date: '2025-05-02', time: '14:30:00' },
      '029': { date: null, time: null },
    });
  });

  it('keep customer segments and extension fields of unmapped segments', () => {
    const data = transformPurchaseOrderIdoc(
      purchaseOrder(
        '<E1EDK14 SEGMENT="1"><QUALF>014</QUALF><ORGID>1010</ORGID><_-ABC_-UNIT>X1</_-ABC_-UNIT></E1EDK14>' +
          '<_-ABC_-ORDHDR SEGMENT="1"><_-ABC_-CHANNEL>EDI</_-ABC_-CHANNEL></_-ABC_-ORDHDR>' +
          '<E1EDKA1 SEGMENT="1"><PARVW>LF</PARVW><PARTN>1000</PARTN>' +
          '<Z1EDKA1 SEGMENT="1"><ZZRATING>A</ZZRATING></Z1EDKA1></E1EDKA1>',
      ),
    ).data;
    expect(data.organization).toEqual({ '014': '1010' });
    expect(data.extensions).toEqual({
      fields: { 'E1EDK14./ABC/UNIT': 'X1' },
      segments: { '/ABC/ORDHDR': [{ parent: 'IDOC', fields: { '/ABC/CHANNEL': 'EDI' } }] },
    });
    expect(data.partners).toEqual([
      partner('LF', {
        partnerNumber: '0000001000',
        extensions: {
          fields: {},
          segments: { Z1EDKA1: [{ parent: 'E1EDKA1', fields: { ZZRATING: 'A' } }] },
        },
      }),
    ]);
  });

  it('keep a partner number longer than 10 digits as sent', () => {
    const data = transformPurchaseOrderIdoc(
      purchaseOrder('<E1EDKA1 SEGMENT="1"><PARVW>AG</PARVW><PARTN>4012345000009</PARTN></E1EDKA1>'),
    ).data;
    expect(data.partners[0]!.partnerNumber).toBe('4012345000009');
  });

  it('pass schema validation for every fixture', () => {
    for (const name of ['ORDERS05_s4_purchase_order.xml', 'ORDERS05_purchase_order_change.xml']) {
      const result = purchaseOrderDataSchema.safeParse(transformPurchaseOrderIdoc(readFixture(name)).data);
      expect(result.error?.issues ?? []).toEqual([]);
    }
    const result = salesOrderDataSchema.safeParse(
      transformSalesOrderIdoc(readFixture('ORDRSP_sales_order_confirmation.xml')).data,
    );
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('fail schema validation for data that is not canonical', () => {
    const { data } = transformPurchaseOrderIdoc(readFixture('ORDERS05_s4_purchase_order.xml'));
    expect(purchaseOrderDataSchema.safeParse({ ...data, exchangeRate: '1.00000' }).success).toBe(false);
    expect(purchaseOrderDataSchema.safeParse({ ...data, unexpected: true }).success).toBe(false);
    expect(salesOrderDataSchema.safeParse(data).success).toBe(false);
  });

  describe('reject', () => {
    it('a missing purchase order number, naming IDoc, segment and field', () => {
      const error = sapErrorOf(() => transformPurchaseOrderIdoc(purchaseOrder('', '')));
      expect(error.code).toBe('MISSING_FIELD');
      expect(error.message).toBe('IDoc 0000000000123456: segment E1EDK01 has no BELNR');
      expect(error.details).toEqual({ docnum: '0000000000123456', segment: 'E1EDK01', field: 'BELNR' });
    });

    it('a missing sales order number the same way, also when only describing', () => {
      const xml = idocDocument('<E1EDK01 SEGMENT="1"><CURCY>EUR</CURCY></E1EDK01>', ORDRSP, 'ORDERS05');
      const error = sapErrorOf(() => salesOrderIdocHandler.describe(parseSingleIdoc(xml)));
      expect([error.code, error.details]).toEqual([
        'MISSING_FIELD',
        { docnum: '0000000000123456', segment: 'E1EDK01', field: 'BELNR' },
      ]);
    });

    it('an invalid quantity, naming the item', () => {
      const error = sapErrorOf(() =>
        transformPurchaseOrderIdoc(
          purchaseOrder('<E1EDP01 SEGMENT="1"><POSEX>000010</POSEX><MENGE>1,5</MENGE></E1EDP01>'),
        ),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toMatch(
        /^IDoc 0000000000123456: segment E1EDP01 \(item 000010\) field MENGE: '1,5' is not a decimal number/,
      );
      expect(error.details).toEqual({
        docnum: '0000000000123456',
        segment: 'E1EDP01',
        field: 'MENGE',
        value: '1,5',
      });
    });

    it('an invalid schedule line date, naming the item', () => {
      const error = sapErrorOf(() =>
        transformPurchaseOrderIdoc(
          purchaseOrder(
            '<E1EDP01 SEGMENT="1"><POSEX>000010</POSEX>' +
              '<E1EDP20 SEGMENT="1"><WMENG>1</WMENG><EDATU>20250231</EDATU></E1EDP20></E1EDP01>',
          ),
        ),
      );
      expect(error.message).toBe(
        "IDoc 0000000000123456: segment E1EDP20 (item 000010) field EDATU: '20250231' is not a valid date (expected YYYYMMDD)",
      );
    });

    it('an item without POSEX and a partner without PARVW', () => {
      expect(
        sapErrorOf(() =>
          transformPurchaseOrderIdoc(purchaseOrder('<E1EDP01 SEGMENT="1"><MENGE>1</MENGE></E1EDP01>')),
        ).message,
      ).toBe('IDoc 0000000000123456: segment E1EDP01 has no POSEX');
      expect(
        sapErrorOf(() =>
          transformPurchaseOrderIdoc(purchaseOrder('<E1EDKA1 SEGMENT="1"><PARTN>1</PARTN></E1EDKA1>')),
        ).message,
      ).toBe('IDoc 0000000000123456: segment E1EDKA1 has no PARVW');
    });

    it('a numeric order number longer than 10 digits', () => {
      const error = sapErrorOf(() => transformPurchaseOrderIdoc(purchaseOrder('', '45000006701')));
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        "IDoc 0000000000123456: segment E1EDK01 field BELNR: key '45000006701' has more than 10 digits",
      );
    });

    it('an IDoc without E1EDK01 and one with two', () => {
      const missing = sapErrorOf(() => transformPurchaseOrderIdoc(idocDocument('', ORDERS, 'ORDERS05')));
      expect([missing.code, missing.message]).toEqual([
        'MISSING_SEGMENT',
        'IDoc 0000000000123456: has no segment E1EDK01',
      ]);
      const twice = '<E1EDK01 SEGMENT="1"><BELNR>1</BELNR></E1EDK01>';
      expect(
        sapErrorOf(() => transformPurchaseOrderIdoc(idocDocument(twice + twice, ORDERS, 'ORDERS05'))).code,
      ).toBe('INVALID_VALUE');
    });

    it('an IDoc of another type or message', () => {
      expect(
        sapErrorOf(() => transformSalesOrderIdoc(readFixture('ORDERS05_s4_purchase_order.xml'))).code,
      ).toBe('UNSUPPORTED_IDOC_TYPE');
      expect(
        sapErrorOf(() => transformPurchaseOrderIdoc(readFixture('ORDRSP_sales_order_confirmation.xml'))).code,
      ).toBe('UNSUPPORTED_IDOC_TYPE');
      expect(
        sapErrorOf(() => transformPurchaseOrderIdoc(readFixture('MATMAS05_full_material.xml'))).code,
      ).toBe('UNSUPPORTED_IDOC_TYPE');
    });
  });

  it('split out of a document like any IDoc', () => {
    const [envelope] = splitIdocDocument(readFixture('ORDRSP_sales_order_confirmation.xml'));
    expect(envelope!.control).toMatchObject({
      idocType: 'ORDERS05',
      extension: 'ZORDERS05',
      messageType: 'ORDRSP',
    });
    expect(transformSalesOrderIdoc(envelope!.xml).entityKey).toBe('0000071234');
  });
});
