import {
  type IdocRecordSource,
  canonicalKey,
  splitIdocDocument,
  type CanonicalRecord,
} from '../../../src/domain';
import type { IdocControl } from '../../../src/domain/idoc/control';
import { parseSingleIdoc } from '../../../src/domain/idoc/parsed-idoc';
import {
  describeVendor,
  transformVendorIdoc,
  vendorDataSchema,
  vendorIdocHandler,
  type CanonicalVendor,
  type VendorPurchasingOrganization,
} from '../../../src/domain/vendor';
import { idocDocument, idocElement, readFixture, sapErrorOf, type ControlFields } from './sap-fixtures';

const FIXTURES = ['CREMAS05_full_vendor.xml', 'CREMAS05_blocked_vendor.xml'] as const;

const CREMAS05: ControlFields = { IDOCTYP: 'CREMAS05', MESTYP: 'CREMAS' };
const NO_EXTENSIONS = { fields: {}, segments: {} };

/** Every IDoc of a document through the handler, as the activity does (split, then one IDoc at a time). */
function transformAll(xml: string): Array<CanonicalRecord<CanonicalVendor>> {
  return splitIdocDocument(xml).map(
    (envelope) =>
      vendorIdocHandler.transform(parseSingleIdoc(envelope.xml)) as CanonicalRecord<CanonicalVendor>,
  );
}

function transformFixture(name: string): CanonicalRecord<CanonicalVendor> {
  const records = transformAll(readFixture(name));
  expect(records).toHaveLength(1);
  return records[0]!;
}

/** A minimal E1LFA1M with the given inner XML. */
function e1lfa1m(inner: string, lifnr = '0000100001', msgfn = '005'): string {
  return `<E1LFA1M SEGMENT="1"><MSGFN>${msgfn}</MSGFN><LIFNR>${lifnr}</LIFNR>${inner}</E1LFA1M>`;
}

/** A single-IDoc CREMAS05 document through the handler. */
function transformBody(body: string, control: ControlFields = {}): CanonicalRecord<CanonicalVendor> {
  return transformVendorIdoc(idocDocument(body, { ...CREMAS05, ...control }, 'CREMAS05'));
}

/** A purchasing organisation entry with every optional field empty. */
function emptyPurchasingOrganization(purchasingOrganization: string): VendorPurchasingOrganization {
  return {
    purchasingOrganization,
    markedForDeletion: false,
    purchasingBlock: false,
    orderCurrency: null,
    paymentTerms: null,
    incoterms: null,
    purchasingGroup: null,
    salesPerson: null,
    telephone: null,
    minimumOrderValue: null,
    abcIndicator: null,
    grBasedInvoiceVerification: false,
    evaluatedReceiptSettlement: false,
    acknowledgmentRequired: false,
    plannedDeliveryDays: null,
    createdOn: null,
    createdBy: null,
    changeType: 'upsert',
  };
}

function control(fields: Partial<IdocControl>): IdocControl {
  return { docnum: '0000000000000001', idocType: 'CREMAS05', messageType: 'CREMAS', ...fields };
}

describe('vendor IDocs (CREMAS)', () => {
  it('transforms the full vendor exactly', () => {
    const record = transformFixture('CREMAS05_full_vendor.xml');
    expect(record).toEqual({
      entityType: 'vendor',
      entityKey: '0000100234',
      version: '20250323101459.0000000000400001',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'CREMAS05',
        messageType: 'CREMAS',
        docnum: '0000000000400001',
        senderPartner: 'S4HCLNT100',
        client: '100',
        serial: '20250323101459',
        createdAt: '2025-03-23T10:15:00',
      },
      data: {
        vendorNumber: '0000100234',
        vendorNumberAsSent: '100234',
        accountGroup: 'LIEF',
        title: 'Company',
        names: { name1: 'Hanse Hydraulik AG', name2: null, name3: null, name4: null },
        searchTerm: 'HANSEHYD',
        address: {
          street: 'Schlachte 3',
          city: 'Bremen',
          district: null,
          postalCode: '28195',
          poBox: null,
          poBoxPostalCode: null,
          poBoxCity: null,
          region: '04',
          country: 'DE',
        },
        communication: { telephone1: '+49 421 555010', telephone2: null, fax: null },
        language: { iso: null, sap: 'D' },
        tax: {
          vatRegistrationNumber: 'DE987654321',
          taxNumber1: '4711081500',
          taxNumber2: null,
          taxNumber3: null,
          taxNumber4: null,
          taxNumber5: null,
          taxNumberType: null,
          naturalPerson: false,
        },
        industry: '0001',
        customerNumber: '0001000746',
        url: 'https://www.hanse-hydraulik.example',
        createdOn: '2024-01-15',
        createdBy: 'JSMITH',
        blocks: {
          postingBlock: false,
          purchasingBlock: false,
          blockReason: null,
          businessPurposeCompleted: false,
        }, // <SPERM></SPERM>
        markedForDeletion: false,
        deletionBlocked: false,
        companyCodes: [
          {
            companyCode: '1010',
            markedForDeletion: false,
            postingBlock: false,
            deletionBlocked: false,
            paymentBlock: null,
            reconciliationAccount: '0021100000',
            paymentTerms: '0002',
            paymentMethods: 'T',
            accountingClerk: null,
            sortKey: '009',
            headOffice: null,
            previousAccountNumber: null,
            houseBank: 'HB001',
            createdOn: '2024-01-15',
            createdBy: 'JSMITH',
            changeType: 'upsert',
          },
        ],
        purchasingOrganizations: [
          {
            ...emptyPurchasingOrganization('1010'),
            orderCurrency: 'EUR',
            paymentTerms: '0002',
            incoterms: { code: 'DAP', location: 'Hamburg' },
            purchasingGroup: '001',
            salesPerson: 'Jan Becker',
            telephone: '+49 421 555020',
            minimumOrderValue: { value: 500, currency: 'EUR' }, // blank-padded '         500.00'
            grBasedInvoiceVerification: true,
            acknowledgmentRequired: true,
            plannedDeliveryDays: 5, // blank-padded '  5'
            createdOn: '2024-01-16',
            createdBy: 'MBAKER',
          },
        ],
        bankDetails: [
          {
            bankCountry: 'DE',
            bankKey: '87654321',
            accountNumber: '0009876543',
            controlKey: null,
            partnerBankType: null,
            accountHolder: 'Hanse Hydraulik AG',
            bankName: 'Weser Handelsbank',
            swiftCode: 'WHBKDEHBXXX',
            iban: 'DE31876543210009876543',
            reference: null,
            collectionAuthorization: false,
            validFrom: null,
            validTo: null,
            changeType: 'upsert',
          },
        ],
        contactPersons: [
          {
            contactPersonNumber: '0000000815',
            firstName: 'Jan',
            lastName: 'Becker',
            formOfAddress: null,
            department: null,
            departmentText: 'Vertrieb',
            function: null,
            telephone: '+49 421 555020',
            language: { iso: 'EN', sap: 'E' },
            changeType: 'upsert',
          },
        ],
        texts: [
          {
            textId: '0001',
            textObject: 'LFA1',
            language: { iso: 'EN', sap: 'E' },
            text: 'Certified supplier for hydraulic components, ISO 9001.',
            changeType: 'upsert',
          },
        ],
        extensions: NO_EXTENSIONS,
      },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  describe('key', () => {
    it('pads a numeric LIFNR to 10 digits, the same key events and OData get, and keeps what was sent', () => {
      const { entityKey, data } = transformFixture('CREMAS05_full_vendor.xml');
      expect([entityKey, data.vendorNumber, data.vendorNumberAsSent]).toEqual([
        '0000100234',
        '0000100234',
        '100234',
      ]);
      expect(entityKey).toBe(canonicalKey('vendor', '100234'));
    });

    it.each([
      ['0000100234', '0000100234'],
      ['7', '0000000007'],
      ['V-ACME-01', 'V-ACME-01'],
    ])('LIFNR %j becomes %j, never a number', (lifnr, key) => {
      const record = transformBody(e1lfa1m('', lifnr));
      expect(record.entityKey).toBe(key);
      expect(typeof record.entityKey).toBe('string');
    });

    it('pads the customer and head office numbers it references', () => {
      const record = transformBody(
        e1lfa1m('<KUNNR>1000746</KUNNR><E1LFB1M SEGMENT="1"><BUKRS>1010</BUKRS><LNRZE>100</LNRZE></E1LFB1M>'),
      );
      expect([record.data.customerNumber, record.data.companyCodes[0]!.headOffice]).toEqual([
        '0001000746',
        '0000000100',
      ]);
    });
  });

  describe('deletion and blocks', () => {
    it('keeps the posting block, purchasing block and block reason, centrally and on their entries', () => {
      const record = transformFixture('CREMAS05_blocked_vendor.xml');
      expect([
        record.entityKey,
        record.changeType,
        record.deleted,
        (record.source as IdocRecordSource).messageType,
      ]).toEqual(['0000100390', 'upsert', false, '/ACME/VFI_CREMAS']);
      expect(record.data.blocks).toEqual({
        postingBlock: true,
        purchasingBlock: true,
        blockReason: '01',
        businessPurposeCompleted: false,
      });
      expect(record.data.names.name1).toBe('Lakeside Bamboo & Timber Works');
      expect(record.data.companyCodes).toEqual([
        {
          companyCode: '1010',
          markedForDeletion: false,
          postingBlock: true,
          deletionBlocked: false,
          paymentBlock: 'A',
          reconciliationAccount: '0021100000',
          paymentTerms: null,
          paymentMethods: null,
          accountingClerk: null,
          sortKey: null,
          headOffice: null,
          previousAccountNumber: null,
          houseBank: null,
          createdOn: null,
          createdBy: null,
          changeType: 'upsert',
        },
      ]);
      expect(record.data.purchasingOrganizations).toEqual([
        { ...emptyPurchasingOrganization('1010'), purchasingBlock: true, orderCurrency: 'USD' },
      ]);
    });

    it('treats central LOEVM=X as a soft delete: upsert with deleted=true', () => {
      const record = transformBody(e1lfa1m('<LOEVM>X</LOEVM><NODEL>X</NODEL>'));
      expect([
        record.changeType,
        record.deleted,
        record.data.markedForDeletion,
        record.data.deletionBlocked,
      ]).toEqual(['upsert', true, true, true]);
    });

    it('keeps company-code and purchasing-level deletion flags on their entries without deleting the vendor', () => {
      const record = transformBody(
        e1lfa1m(
          '<E1LFB1M SEGMENT="1"><BUKRS>1010</BUKRS><LOEVM>X</LOEVM></E1LFB1M>' +
            '<E1LFM1M SEGMENT="1"><EKORG>1010</EKORG><LOEVM>X</LOEVM></E1LFM1M>',
        ),
      );
      expect([record.deleted, record.data.markedForDeletion]).toEqual([false, false]);
      expect(record.data.companyCodes.map((code) => code.markedForDeletion)).toEqual([true]);
      expect(record.data.purchasingOrganizations).toEqual([
        { ...emptyPurchasingOrganization('1010'), markedForDeletion: true },
      ]);
    });

    it.each([
      ['004', 'upsert', false],
      ['005', 'upsert', false],
      ['009', 'upsert', false],
      ['003', 'delete', true],
    ])('maps MSGFN %s to %s', (msgfn, changeType, deleted) => {
      const record = transformBody(e1lfa1m('', '0000100001', msgfn));
      expect([record.changeType, record.deleted]).toEqual([changeType, deleted]);
    });
  });

  it('gives each IDoc of a multi-IDoc document its own record', () => {
    const xml =
      '<CREMAS05>' +
      idocElement(e1lfa1m('<NAME1>First</NAME1>', '100001', '009'), {
        ...CREMAS05,
        DOCNUM: '0000000000400010',
        SERIAL: '20250325120000',
      }) +
      idocElement(e1lfa1m('', '0000100002', '003'), {
        ...CREMAS05,
        DOCNUM: '0000000000400011',
        SERIAL: '20250325120000',
      }) +
      '</CREMAS05>';
    expect(
      transformAll(xml).map((record) => [
        record.entityKey,
        record.changeType,
        record.deleted,
        record.version,
        record.data.names.name1,
      ]),
    ).toEqual([
      ['0000100001', 'upsert', false, '20250325120000.0000000000400010', 'First'],
      ['0000100002', 'delete', true, '20250325120000.0000000000400011', null],
    ]);
  });

  it('describes what it transforms: the same key and change type', () => {
    for (const name of FIXTURES) {
      const idoc = parseSingleIdoc(readFixture(name));
      const record = vendorIdocHandler.transform(idoc);
      expect(vendorIdocHandler.describe(idoc)).toEqual({
        entityKey: record.entityKey,
        changeType: record.changeType,
      });
      expect(describeVendor(idoc)).toEqual(vendorIdocHandler.describe(idoc));
    }
  });

  describe('detection', () => {
    it('is the vendor handler', () => {
      expect([vendorIdocHandler.entityType, vendorIdocHandler.label]).toEqual([
        'vendor',
        'vendor master (message type CREMAS, IDoc types CREMAS01-CREMAS06)',
      ]);
    });

    it.each([
      [{ idocType: 'CREMAS05', messageType: 'CREMAS' }],
      [{ idocType: 'CREMAS06', messageType: 'CREMAS' }],
      [{ idocType: 'CREMAS05', messageType: '/LUMBERL/VFI_CREMAS' }],
      [{ idocType: 'CREMAS05', extension: 'ZCREMAS05', messageType: 'ZCREMAS' }],
      [{ idocType: '/ISDFPS/CREMAS04', messageType: 'CREMAS' }],
      [{ idocType: 'ZSUPPLIER01', messageType: '/ACME/CREMAS' }],
    ])('accepts %j', (fields) => {
      expect(vendorIdocHandler.accepts(control(fields))).toBe(true);
    });

    it.each([
      [{ idocType: 'DEBMAS07', messageType: 'DEBMAS' }],
      [{ idocType: 'CREMDM04', messageType: 'CREMDM' }],
      [{ idocType: 'MATMAS05', messageType: 'MATMAS' }],
    ])('rejects %j', (fields) => {
      expect(vendorIdocHandler.accepts(control(fields))).toBe(false);
    });

    it('rejects other IDoc types in the single-document entry', () => {
      expect(sapErrorOf(() => transformVendorIdoc(readFixture('DEBMAS07_full_customer.xml'))).code).toBe(
        'UNSUPPORTED_IDOC_TYPE',
      );
    });
  });

  it('preserves customer segments and namespaced fields of an extension IDoc', () => {
    const record = transformVendorIdoc(
      idocDocument(
        e1lfa1m(
          '<ZZRATING>B</ZZRATING>' +
            '<E1LFB1M SEGMENT="1"><BUKRS>1010</BUKRS><Z1LFB1M SEGMENT="1"><ZZTERM>Z030</ZZTERM></Z1LFB1M>' +
            '<E1LFB5M SEGMENT="1"><MABER>01</MABER><_-ACME_-LEVEL>2</_-ACME_-LEVEL></E1LFB5M></E1LFB1M>' +
            '<E1LFM1M SEGMENT="1"><EKORG>1010</EKORG><_-ACME_-PORTAL>X</_-ACME_-PORTAL></E1LFM1M>' +
            '<Z1LFA1M SEGMENT="1"><ZZCLASS>STRATEGIC</ZZCLASS></Z1LFA1M>',
        ),
        { IDOCTYP: 'CREMAS05', CIMTYP: 'ZCREMAS05', MESTYP: 'ZCREMAS' },
        'ZCREMAS05',
      ),
    );
    expect(record.source).toMatchObject({
      idocType: 'CREMAS05',
      extension: 'ZCREMAS05',
      messageType: 'ZCREMAS',
    });
    expect(record.data.extensions).toEqual({
      fields: { ZZRATING: 'B' },
      segments: { Z1LFA1M: [{ parent: 'E1LFA1M', fields: { ZZCLASS: 'STRATEGIC' } }] },
    });
    expect(record.data.companyCodes[0]!.extensions).toEqual({
      fields: { 'E1LFB5M./ACME/LEVEL': '2' },
      segments: { Z1LFB1M: [{ parent: 'E1LFB1M', fields: { ZZTERM: 'Z030' } }] },
    });
    expect(record.data.purchasingOrganizations[0]!.extensions).toEqual({
      fields: { '/ACME/PORTAL': 'X' },
      segments: {},
    });
  });

  it('reads decimals with a trailing minus and rejects what is not a decimal', () => {
    const record = transformBody(
      e1lfa1m('<E1LFM1M SEGMENT="1"><EKORG>1010</EKORG><MINBW>25.50-</MINBW></E1LFM1M>'),
    );
    expect(record.data.purchasingOrganizations[0]!.minimumOrderValue).toEqual({
      value: -25.5,
      currency: null,
    });
    const error = sapErrorOf(() =>
      transformBody(e1lfa1m('<E1LFM1M SEGMENT="1"><EKORG>1010</EKORG><MINBW>1,5</MINBW></E1LFM1M>')),
    );
    expect([error.code, error.message]).toEqual([
      'INVALID_VALUE',
      "IDoc 0000000000123456: segment E1LFM1M (purchasing organization 1010) field MINBW: '1,5' is not a decimal number (expected digits with '.' and an optional trailing minus)",
    ]);
  });

  describe('rejects', () => {
    it('a vendor without LIFNR, naming IDoc, segment and field', () => {
      const error = sapErrorOf(() =>
        transformBody('<E1LFA1M SEGMENT="1"><MSGFN>005</MSGFN><NAME1>No key</NAME1></E1LFA1M>'),
      );
      expect([error.code, error.message, error.details]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1LFA1M has no LIFNR',
        { docnum: '0000000000123456', segment: 'E1LFA1M', field: 'LIFNR' },
      ]);
      expect(error.retryable).toBe(false);
    });

    it('an invalid date, naming IDoc, segment and field', () => {
      const error = sapErrorOf(() => transformBody(e1lfa1m('<ERDAT>20240230</ERDAT>')));
      expect([error.code, error.message, error.details]).toEqual([
        'INVALID_VALUE',
        "IDoc 0000000000123456: segment E1LFA1M field ERDAT: '20240230' is not a valid date (expected YYYYMMDD)",
        { docnum: '0000000000123456', segment: 'E1LFA1M', field: 'ERDAT', value: '20240230' },
      ]);
    });

    it('an invalid date in a purchasing organisation, naming the entry', () => {
      const error = sapErrorOf(() =>
        transformBody(e1lfa1m('<E1LFM1M SEGMENT="1"><EKORG>1010</EKORG><ERDAT>2024-13-01</ERDAT></E1LFM1M>')),
      );
      expect([error.code, error.message]).toEqual([
        'INVALID_VALUE',
        "IDoc 0000000000123456: segment E1LFM1M (purchasing organization 1010) field ERDAT: '2024-13-01' is not a valid date (expected YYYYMMDD)",
      ]);
    });

    it('a company code without BUKRS', () => {
      const error = sapErrorOf(() =>
        transformBody(e1lfa1m('<E1LFB1M SEGMENT="1"><AKONT>1</AKONT></E1LFB1M>')),
      );
      expect([error.code, error.message]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1LFB1M has no BUKRS',
      ]);
    });

    it('an IDoc without E1LFA1M', () => {
      const error = sapErrorOf(() => transformBody(''));
      expect([error.code, error.message]).toEqual([
        'MISSING_SEGMENT',
        'IDoc 0000000000123456: has no segment E1LFA1M',
      ]);
    });
  });

  describe('vendorDataSchema', () => {
    it.each(FIXTURES)('accepts the data of %s', (name) => {
      const { data } = transformFixture(name);
      expect(vendorDataSchema.parse(data)).toEqual(data);
    });

    it('rejects an unconverted SAP date and an undeclared field', () => {
      const { data } = transformFixture('CREMAS05_full_vendor.xml');
      expect(vendorDataSchema.safeParse({ ...data, createdOn: '20240115' }).success).toBe(false);
      expect(vendorDataSchema.safeParse({ ...data, lifnr: '100234' }).success).toBe(false);
    });
  });
});
