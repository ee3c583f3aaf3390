import {
  type IdocRecordSource,
  canonicalKey,
  splitIdocDocument,
  type CanonicalRecord,
} from '../../../src/domain';
import {
  customerDataSchema,
  customerIdocHandler,
  describeCustomer,
  transformCustomerIdoc,
  type CanonicalCustomer,
  type CustomerSalesArea,
} from '../../../src/domain/customer';
import type { IdocControl } from '../../../src/domain/idoc/control';
import { parseSingleIdoc } from '../../../src/domain/idoc/parsed-idoc';
import { idocDocument, readFixture, sapErrorOf, type ControlFields } from './sap-fixtures';

const FIXTURES = [
  'DEBMAS07_full_customer.xml',
  'DEBMAS07_blocked_deleted_customer.xml',
  'DEBMAS07_two_customers.xml',
] as const;

const DEBMAS07: ControlFields = { IDOCTYP: 'DEBMAS07', MESTYP: 'DEBMAS' };
const NO_EXTENSIONS = { fields: {}, segments: {} };
const NO_SALES_BLOCKS = {
  orderBlock: null,
  deliveryBlock: null,
  billingBlock: null,
  salesSupportBlock: null,
};

/** Every IDoc of a document through the handler, as the activity does (split, then one IDoc at a time). */
function transformAll(xml: string): Array<CanonicalRecord<CanonicalCustomer>> {
  return splitIdocDocument(xml).map(
    (envelope) =>
      customerIdocHandler.transform(parseSingleIdoc(envelope.xml)) as CanonicalRecord<CanonicalCustomer>,
  );
}

function transformFixture(name: string): CanonicalRecord<CanonicalCustomer> {
  const records = transformAll(readFixture(name));
  expect(records).toHaveLength(1);
  return records[0]!;
}

/** A minimal E1KNA1M with the given inner XML. */
function e1kna1m(inner: string, kunnr = '0000004711', msgfn = '005'): string {
  return `<E1KNA1M SEGMENT="1"><MSGFN>${msgfn}</MSGFN><KUNNR>${kunnr}</KUNNR>${inner}</E1KNA1M>`;
}

/** A single-IDoc DEBMAS07 document through the handler. */
function transformBody(body: string, control: ControlFields = {}): CanonicalRecord<CanonicalCustomer> {
  return transformCustomerIdoc(idocDocument(body, { ...DEBMAS07, ...control }, 'DEBMAS07'));
}

/** A sales area entry with every optional field empty, for exact expectations of sparse entries. */
function emptySalesArea(
  salesOrganization: string,
  distributionChannel: string,
  division: string,
): CustomerSalesArea {
  return {
    salesOrganization,
    distributionChannel,
    division,
    markedForDeletion: false,
    blocks: NO_SALES_BLOCKS,
    customerGroup: null,
    salesDistrict: null,
    salesOffice: null,
    salesGroup: null,
    currency: null,
    paymentTerms: null,
    incoterms: null,
    priceGroup: null,
    priceListType: null,
    pricingProcedure: null,
    shippingConditions: null,
    deliveringPlant: null,
    deliveryPriority: null,
    accountAssignmentGroup: null,
    partnerFunctions: [],
    changeType: 'upsert',
  };
}

function control(fields: Partial<IdocControl>): IdocControl {
  return { docnum: '0000000000000001', idocType: 'DEBMAS07', messageType: 'DEBMAS', ...fields };
}

describe('customer IDocs (DEBMAS)', () => {
  it('transforms the full customer exactly', () => {
    const record = transformFixture('DEBMAS07_full_customer.xml');
    expect(record).toEqual({
      entityType: 'customer',
      entityKey: '0001000746',
      version: '20250320091500.0000000000300001',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'idoc',
        idocType: 'DEBMAS07',
        messageType: 'DEBMAS',
        docnum: '0000000000300001',
        senderPartner: 'S4HCLNT100',
        client: '100',
        serial: '20250320091500',
        createdAt: '2025-03-20T09:15:30',
      },
      data: {
        customerNumber: '0001000746',
        customerNumberAsSent: '1000746',
        accountGroup: 'KUNA',
        title: 'Company',
        names: { name1: 'Nordwind Handels GmbH', name2: 'Zentrallager', name3: null, name4: null },
        searchTerm: 'NORDWIND',
        address: {
          street: 'Am Sandtorkai 12',
          city: 'Hamburg',
          district: null,
          postalCode: '20457',
          poBox: null,
          poBoxPostalCode: null,
          poBoxCity: null,
          region: '02',
          country: 'DE',
        },
        communication: { telephone1: '+49 40 1234567', telephone2: null, fax: '+49 40 1234568' },
        language: { iso: 'DE', sap: 'D' },
        tax: {
          vatRegistrationNumber: 'DE123456789',
          taxNumber1: null,
          taxNumber2: null,
          taxNumber3: null,
          taxNumber4: null,
          taxNumber5: null,
          taxNumberType: null,
          naturalPerson: false,
        },
        industry: '0001',
        customerClassification: '02',
        vendorNumber: '0000200100',
        url: 'https://www.nordwind.example',
        blocks: { ...NO_SALES_BLOCKS, postingBlock: false, businessPurposeCompleted: false },
        markedForDeletion: false,
        deletionBlocked: false,
        salesAreas: [
          {
            ...emptySalesArea('1010', '10', '00'),
            customerGroup: '01',
            salesDistrict: 'DE0001',
            salesOffice: '1010',
            salesGroup: '101',
            currency: 'EUR',
            paymentTerms: '0001',
            incoterms: { code: 'EXW', location: 'Hamburg' },
            priceGroup: '01',
            priceListType: '01',
            pricingProcedure: '1',
            shippingConditions: '01',
            deliveringPlant: '1010',
            deliveryPriority: '02',
            accountAssignmentGroup: '01',
            partnerFunctions: [
              {
                partnerFunction: 'AG',
                partnerNumber: '0001000746',
                partnerCounter: '000',
                defaultPartner: false,
                description: null,
                changeType: 'upsert',
              },
              {
                partnerFunction: 'WE',
                partnerNumber: '0001000747',
                partnerCounter: '000',
                defaultPartner: true,
                description: 'Lager Billwerder',
                changeType: 'upsert',
              },
              {
                partnerFunction: 'RE',
                partnerNumber: '0001000746',
                partnerCounter: '000',
                defaultPartner: false,
                description: null,
                changeType: 'upsert',
              },
            ],
          },
          {
            ...emptySalesArea('1010', '20', '00'),
            customerGroup: '02',
            currency: 'EUR',
            paymentTerms: '0002',
            incoterms: { code: 'FCA', location: null },
          },
        ],
        companyCodes: [
          {
            companyCode: '1010',
            markedForDeletion: false,
            postingBlock: false,
            deletionBlocked: false,
            paymentBlock: null,
            reconciliationAccount: '0012100000',
            paymentTerms: '0001',
            paymentMethods: 'TU',
            accountingClerk: '01',
            sortKey: '009',
            headOffice: null,
            previousAccountNumber: null,
            changeType: 'upsert',
          },
        ],
        bankDetails: [
          {
            bankCountry: 'DE',
            bankKey: '12345678',
            accountNumber: '0001234567',
            controlKey: null,
            partnerBankType: null,
            accountHolder: 'Nordwind Handels GmbH',
            bankName: null,
            swiftCode: null,
            iban: 'DE09123456780001234567',
            reference: null,
            collectionAuthorization: false,
            validFrom: '2024-01-01',
            validTo: '9999-12-31',
            changeType: 'upsert',
          },
        ],
        contactPersons: [
          {
            contactPersonNumber: '0000004711',
            firstName: 'Anna',
            lastName: 'Schmidt',
            formOfAddress: 'Frau',
            department: '0003',
            departmentText: null,
            function: '02',
            telephone: '+49 40 1234570',
            language: { iso: 'DE', sap: 'D' },
            changeType: 'upsert',
          },
        ],
        texts: [
          {
            textId: '0001',
            textObject: 'KNA1',
            language: { iso: 'DE', sap: 'D' },
            text: 'Anlieferung nur werktags zwischen 7 und 15 Uhr, Rampe 4.',
            changeType: 'upsert',
          },
        ],
        extensions: NO_EXTENSIONS,
      },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  describe('key', () => {
    it('pads a numeric KUNNR to 10 digits, the same key events and OData get, and keeps what was sent', () => {
      const { entityKey, data } = transformFixture('DEBMAS07_full_customer.xml');
      expect([entityKey, data.customerNumber, data.customerNumberAsSent]).toEqual([
        '0001000746',
        '0001000746',
        '1000746',
      ]);
      expect(entityKey).toBe(canonicalKey('customer', '1000746'));
    });

    it.each([
      ['0001000746', '0001000746'],
      [' 42 ', '0000000042'],
      ['C-ARCH-01', 'C-ARCH-01'],
      ['0000000000', '0000000000'],
    ])('KUNNR %j becomes %j, never a number', (kunnr, key) => {
      const record = transformBody(e1kna1m('', kunnr));
      expect(record.entityKey).toBe(key);
      expect(typeof record.entityKey).toBe('string');
    });

    it('pads customer and vendor numbers it references (LIFNR, KUNN2, KNRZE) like keys', () => {
      const record = transformBody(
        e1kna1m(
          '<LIFNR>200100</LIFNR>' +
            '<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART>' +
            '<E1KNVPM SEGMENT="1"><PARVW>WE</PARVW><KUNN2>4712</KUNN2></E1KNVPM></E1KNVVM>' +
            '<E1KNB1M SEGMENT="1"><BUKRS>1010</BUKRS><KNRZE>4700</KNRZE></E1KNB1M>',
        ),
      );
      expect(record.data.vendorNumber).toBe('0000200100');
      expect(record.data.salesAreas[0]!.partnerFunctions[0]!.partnerNumber).toBe('0000004712');
      expect(record.data.companyCodes[0]!.headOffice).toBe('0000004700');
    });
  });

  describe('deletion and blocks', () => {
    it('treats central LOEVM=X as a soft delete and keeps every block as sent', () => {
      const record = transformFixture('DEBMAS07_blocked_deleted_customer.xml');
      expect([record.entityKey, record.changeType, record.deleted, record.version]).toEqual([
        'C-ARCH-01',
        'upsert',
        true,
        '20250321135955.0000000000300002',
      ]);
      expect(record.data.markedForDeletion).toBe(true);
      expect(record.data.blocks).toEqual({
        orderBlock: '01',
        deliveryBlock: '01',
        billingBlock: '02',
        salesSupportBlock: '01',
        postingBlock: true,
        businessPurposeCompleted: false,
      });
      expect(record.data.salesAreas).toEqual([
        {
          ...emptySalesArea('1010', '10', '00'),
          markedForDeletion: true,
          blocks: { orderBlock: '01', deliveryBlock: '01', billingBlock: '02', salesSupportBlock: null },
          currency: 'EUR',
        },
      ]);
      expect(record.data.companyCodes).toEqual([
        {
          companyCode: '1010',
          markedForDeletion: true,
          postingBlock: true,
          deletionBlocked: false,
          paymentBlock: 'A',
          reconciliationAccount: '0012100000',
          paymentTerms: null,
          paymentMethods: null,
          accountingClerk: null,
          sortKey: null,
          headOffice: null,
          previousAccountNumber: null,
          changeType: 'upsert',
        },
      ]);
    });

    it('keeps sales-area and company-code deletion flags on their entries without deleting the customer', () => {
      const record = transformBody(
        e1kna1m(
          '<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART><LOEVM>X</LOEVM></E1KNVVM>' +
            '<E1KNB1M SEGMENT="1"><BUKRS>1010</BUKRS><LOEVM>X</LOEVM></E1KNB1M>',
        ),
      );
      expect([record.changeType, record.deleted, record.data.markedForDeletion]).toEqual([
        'upsert',
        false,
        false,
      ]);
      expect(record.data.salesAreas.map((area) => area.markedForDeletion)).toEqual([true]);
      expect(record.data.companyCodes.map((code) => code.markedForDeletion)).toEqual([true]);
    });

    it('treats MSGFN 003 on E1KNA1M as a delete', () => {
      const [, deletion] = transformAll(readFixture('DEBMAS07_two_customers.xml'));
      expect(deletion).toMatchObject({
        entityKey: '0000004712',
        changeType: 'delete',
        deleted: true,
        version: '20250322075959.0000000000300004',
      });
    });

    it.each([
      ['004', 'upsert'],
      ['005', 'upsert'],
      ['009', 'upsert'],
      ['018', 'upsert'],
      ['003', 'delete'],
    ])('maps MSGFN %s to %s', (msgfn, changeType) => {
      expect(transformBody(e1kna1m('', '0000004711', msgfn)).changeType).toBe(changeType);
    });

    it('marks segment-level deletes on their entries only', () => {
      const record = transformBody(
        e1kna1m(
          '<E1KNVVM SEGMENT="1"><MSGFN>003</MSGFN><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART>' +
            '<E1KNVPM SEGMENT="1"><MSGFN>003</MSGFN><PARVW>WE</PARVW></E1KNVPM></E1KNVVM>' +
            '<E1KNBKM SEGMENT="1"><MSGFN>003</MSGFN><BANKS>DE</BANKS></E1KNBKM>',
        ),
      );
      expect([record.changeType, record.deleted]).toEqual(['upsert', false]);
      expect(record.data.salesAreas[0]!.changeType).toBe('delete');
      expect(record.data.salesAreas[0]!.partnerFunctions[0]).toMatchObject({
        partnerFunction: 'WE',
        partnerNumber: null,
        changeType: 'delete',
      });
      expect(record.data.bankDetails[0]).toMatchObject({
        bankCountry: 'DE',
        bankKey: null,
        changeType: 'delete',
      });
    });
  });

  it('gives each IDoc of a multi-IDoc document its own record', () => {
    const records = transformAll(readFixture('DEBMAS07_two_customers.xml'));
    expect(
      records.map((record) => [
        record.entityKey,
        record.changeType,
        record.deleted,
        (record.source as IdocRecordSource).docnum,
      ]),
    ).toEqual([
      ['0000004800', 'upsert', false, '0000000000300003'],
      ['0000004712', 'delete', true, '0000000000300004'],
    ]);
    expect(records[0]!.data.names.name1).toBe('Elbe Feinkost OHG');
    expect(records[1]!.data.names.name1).toBeNull();
  });

  it('describes what it transforms: the same key and change type', () => {
    for (const name of FIXTURES) {
      for (const envelope of splitIdocDocument(readFixture(name))) {
        const idoc = parseSingleIdoc(envelope.xml);
        const record = customerIdocHandler.transform(idoc);
        expect(customerIdocHandler.describe(idoc)).toEqual({
          entityKey: record.entityKey,
          changeType: record.changeType,
        });
        expect(describeCustomer(idoc)).toEqual(customerIdocHandler.describe(idoc));
      }
    }
  });

  describe('detection', () => {
    it('is the customer handler', () => {
      expect([customerIdocHandler.entityType, customerIdocHandler.label]).toEqual([
        'customer',
        'customer master (message type DEBMAS, IDoc types DEBMAS01-DEBMAS07)',
      ]);
    });

    it.each([
      [{ idocType: 'DEBMAS07', messageType: 'DEBMAS' }],
      [{ idocType: 'DEBMAS06', messageType: 'DEBMAS' }],
      [{ idocType: 'DEBMAS07', extension: 'ZDEBMAS07', messageType: 'ZDEBMAS' }],
      [{ idocType: '/ISDFPS/DEBMAS06', messageType: 'DEBMAS' }],
      [{ idocType: 'DEBMAS07', messageType: '/ACME/VFI_CUSTOMER' }],
      [{ idocType: 'ZCUSTOMER01', messageType: '/ACME/DEBMAS' }],
      [{ idocType: 'ZCUSTOMER01', messageType: 'YDEBMAS' }],
    ])('accepts %j', (fields) => {
      expect(customerIdocHandler.accepts(control(fields))).toBe(true);
    });

    it.each([
      [{ idocType: 'MATMAS05', messageType: 'MATMAS' }],
      [{ idocType: 'CREMAS05', messageType: 'CREMAS' }],
      [{ idocType: 'DEBMDM06', messageType: 'DEBMDM' }],
      [{ idocType: 'ORDERS05', messageType: 'ORDERS' }],
    ])('rejects %j', (fields) => {
      expect(customerIdocHandler.accepts(control(fields))).toBe(false);
    });

    it('rejects other IDoc types in the single-document entry', () => {
      expect(sapErrorOf(() => transformCustomerIdoc(readFixture('MATMAS05_full_material.xml'))).code).toBe(
        'UNSUPPORTED_IDOC_TYPE',
      );
    });
  });

  it('preserves customer segments and namespaced fields of an extension IDoc', () => {
    const record = transformCustomerIdoc(
      idocDocument(
        e1kna1m(
          '<_-ACME_-RATING>A</_-ACME_-RATING>' +
            '<E1KNA1H SEGMENT="1"><TDID>0001</TDID><Z1KNA1H SEGMENT="1"><ZZFLAG>1</ZZFLAG></Z1KNA1H></E1KNA1H>' +
            '<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART>' +
            '<ZZCHANNEL>WEB</ZZCHANNEL><Z1KNVVM SEGMENT="1"><ZZREGION>NORTH</ZZREGION></Z1KNVVM>' +
            '<E1KNVPM SEGMENT="1"><PARVW>AG</PARVW><KUNN2>0000004711</KUNN2><ZZROLE>MAIN</ZZROLE></E1KNVPM>' +
            '</E1KNVVM>' +
            '<Z1KNA1M SEGMENT="1"><ZZSEGMENT>RETAIL</ZZSEGMENT><ZZNOTE></ZZNOTE></Z1KNA1M>',
        ) + '<_-ACME_-CUSTCLS SEGMENT="1"><_-ACME_-CLASS>GOLD</_-ACME_-CLASS></_-ACME_-CUSTCLS>',
        { IDOCTYP: 'DEBMAS07', CIMTYP: 'ZDEBMAS07', MESTYP: '/ACME/DEBMAS' },
        'ZDEBMAS07',
      ),
    );
    expect(record.source).toMatchObject({
      idocType: 'DEBMAS07',
      extension: 'ZDEBMAS07',
      messageType: '/ACME/DEBMAS',
    });
    expect(record.data.extensions).toEqual({
      fields: { '/ACME/RATING': 'A' },
      segments: {
        Z1KNA1H: [{ parent: 'E1KNA1H', fields: { ZZFLAG: '1' } }],
        Z1KNA1M: [{ parent: 'E1KNA1M', fields: { ZZSEGMENT: 'RETAIL' } }],
        '/ACME/CUSTCLS': [{ parent: 'IDOC', fields: { '/ACME/CLASS': 'GOLD' } }],
      },
    });
    expect(record.data.salesAreas[0]!.extensions).toEqual({
      fields: { ZZCHANNEL: 'WEB' },
      segments: { Z1KNVVM: [{ parent: 'E1KNVVM', fields: { ZZREGION: 'NORTH' } }] },
    });
    expect(record.data.salesAreas[0]!.partnerFunctions[0]!.extensions).toEqual({
      fields: { ZZROLE: 'MAIN' },
      segments: {},
    });
  });

  it('keeps the SAP language key when SPRAS_ISO is not sent, case and all', () => {
    expect(transformBody(e1kna1m('<SPRAS>d</SPRAS>')).data.language).toEqual({ iso: null, sap: 'd' });
    expect(transformBody(e1kna1m('<SPRAS_ISO>en</SPRAS_ISO>')).data.language).toEqual({
      iso: 'EN',
      sap: null,
    });
    expect(transformBody(e1kna1m('')).data.language).toBeNull();
  });

  describe('rejects', () => {
    it('a customer without KUNNR, naming IDoc, segment and field', () => {
      const error = sapErrorOf(() =>
        transformBody('<E1KNA1M SEGMENT="1"><MSGFN>005</MSGFN><NAME1>No key</NAME1></E1KNA1M>'),
      );
      expect([error.code, error.message, error.details]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1KNA1M has no KUNNR',
        { docnum: '0000000000123456', segment: 'E1KNA1M', field: 'KUNNR' },
      ]);
      expect(error.retryable).toBe(false);
    });

    it('a blank KUNNR the same way', () => {
      const error = sapErrorOf(() => transformBody(e1kna1m('', '   ')));
      expect([error.code, error.message]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1KNA1M has no KUNNR',
      ]);
    });

    it('a numeric KUNNR with more than 10 digits', () => {
      const error = sapErrorOf(() => transformBody(e1kna1m('', '12345678901')));
      expect([error.code, error.message]).toEqual([
        'INVALID_VALUE',
        "IDoc 0000000000123456: segment E1KNA1M field KUNNR: key '12345678901' has more than 10 digits",
      ]);
    });

    it('an invalid date, naming IDoc, segment, entry and field', () => {
      const error = sapErrorOf(() =>
        transformBody(
          e1kna1m(
            '<E1KNBKM SEGMENT="1"><BANKS>DE</BANKS><BANKL>12345678</BANKL><KOVON>20250231</KOVON></E1KNBKM>',
          ),
        ),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        'IDoc 0000000000123456: segment E1KNBKM (bank DE/12345678) field KOVON (bank details valid-from) is not a valid date (expected YYYYMMDD) (value withheld: personal data)',
      );
      expect(error.details).toEqual({
        docnum: '0000000000123456',
        segment: 'E1KNBKM',
        field: 'KOVON',
        personal: true,
      });
    });

    it('an invalid deletion flag', () => {
      const error = sapErrorOf(() => transformBody(e1kna1m('<LOEVM>Y</LOEVM>')));
      expect([error.code, error.message]).toEqual([
        'INVALID_VALUE',
        "IDoc 0000000000123456: segment E1KNA1M field LOEVM: 'Y' is not an SAP flag (expected 'X' or blank)",
      ]);
    });

    it('a personal field, naming the field and the problem but never the value', () => {
      const error = sapErrorOf(() =>
        transformBody(
          e1kna1m(
            '<STKZN>Hanna Beispiel</STKZN>' +
              '<E1KNBKM SEGMENT="1"><BANKS>DE</BANKS><BANKL>12345678</BANKL><BANKN>0099887766</BANKN>' +
              '<KOINH>Hanna Beispiel</KOINH><KOVON>Geheimweg 7</KOVON></E1KNBKM>',
          ),
        ),
      );
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        'IDoc 0000000000123456: segment E1KNA1M field STKZN (natural person flag) is not an SAP flag ' +
          "(expected 'X' or blank) (value withheld: personal data)",
      );
      const bank = sapErrorOf(() =>
        transformBody(
          e1kna1m(
            '<E1KNBKM SEGMENT="1"><BANKS>DE</BANKS><BANKL>12345678</BANKL><BANKN>0099887766</BANKN>' +
              '<KOINH>Hanna Beispiel</KOINH><KOVON>Geheimweg 7</KOVON></E1KNBKM>',
          ),
        ),
      );
      expect(bank.message).toBe(
        'IDoc 0000000000123456: segment E1KNBKM (bank DE/12345678) field KOVON (bank details valid-from) ' +
          'is not a valid date (expected YYYYMMDD) (value withheld: personal data)',
      );
      for (const text of [
        bank.message,
        JSON.stringify(bank.details),
        error.message,
        JSON.stringify(error.details),
      ]) {
        expect(text).not.toMatch(/Hanna|Geheimweg|0099887766/);
      }
    });

    it('a sales area without division, naming what is known of the entry', () => {
      const error = sapErrorOf(() =>
        transformBody(e1kna1m('<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG></E1KNVVM>')),
      );
      expect([error.code, error.message]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1KNVVM (sales organization 1010, distribution channel 10) has no SPART',
      ]);
    });

    it('a partner function without PARVW', () => {
      const error = sapErrorOf(() =>
        transformBody(
          e1kna1m(
            '<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART>' +
              '<E1KNVPM SEGMENT="1"><KUNN2>0000004711</KUNN2></E1KNVPM></E1KNVVM>',
          ),
        ),
      );
      expect([error.code, error.message]).toEqual([
        'MISSING_FIELD',
        'IDoc 0000000000123456: segment E1KNVPM (sales area 1010/10/00) has no PARVW',
      ]);
    });

    it('an IDoc without E1KNA1M', () => {
      const error = sapErrorOf(() => transformBody('<Z1KNA1M SEGMENT="1"><ZZA>1</ZZA></Z1KNA1M>'));
      expect([error.code, error.message]).toEqual([
        'MISSING_SEGMENT',
        'IDoc 0000000000123456: has no segment E1KNA1M',
      ]);
    });

    it('two E1KNA1M segments', () => {
      const error = sapErrorOf(() => transformBody(e1kna1m('') + e1kna1m('', '0000004712')));
      expect([error.code, error.message]).toEqual([
        'INVALID_VALUE',
        'IDoc 0000000000123456: has 2 E1KNA1M segments; a customer IDoc carries exactly one customer',
      ]);
    });

    it('a document with several IDocs in the single-document entry', () => {
      expect(sapErrorOf(() => transformCustomerIdoc(readFixture('DEBMAS07_two_customers.xml'))).code).toBe(
        'MULTIPLE_IDOCS',
      );
    });
  });

  describe('customerDataSchema', () => {
    it.each(FIXTURES)('accepts the data of every IDoc in %s', (name) => {
      for (const record of transformAll(readFixture(name))) {
        expect(customerDataSchema.parse(record.data)).toEqual(record.data);
      }
    });

    it('accepts extensions on entries', () => {
      const record = transformBody(
        e1kna1m(
          '<E1KNVVM SEGMENT="1"><VKORG>1010</VKORG><VTWEG>10</VTWEG><SPART>00</SPART>' +
            '<Z1KNVVM SEGMENT="1"><ZZA>1</ZZA><Z1DEEP SEGMENT="1"><ZZB>2</ZZB></Z1DEEP></Z1KNVVM></E1KNVVM>',
        ),
      );
      expect(customerDataSchema.safeParse(record.data).success).toBe(true);
    });

    it('rejects an unpadded numeric key, a missing list and an undeclared field', () => {
      const { data } = transformFixture('DEBMAS07_full_customer.xml');
      expect(customerDataSchema.safeParse({ ...data, customerNumber: '1000746' }).success).toBe(false);
      expect(customerDataSchema.safeParse({ ...data, salesAreas: undefined }).success).toBe(false);
      expect(customerDataSchema.safeParse({ ...data, kunnr: '1000746' }).success).toBe(false);
    });
  });
});
