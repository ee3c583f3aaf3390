import fc from 'fast-check';
import { SapDocumentError } from '../../../src/domain';
import {
  API_BUSINESS_PARTNER_SERVICE_ROOT,
  businessPartnerDataSchema,
  businessPartnerODataPath,
  customFieldValue,
  externalBusinessPartnerNumber,
  odataDate,
  odataDateTime,
  odataFlag,
  odataText,
  odataTime,
  transformBusinessPartner,
  type BusinessPartnerAddress,
  type CanonicalBusinessPartner,
} from '../../../src/domain/business-partner';
import { BUSINESS_PARTNER_CHANGED, parseCloudEvent, type SapCloudEvent } from '../../../src/domain/events';
import { readFixture, sapErrorOf } from './sap-fixtures';

const ODATA = readFixture('API_BUSINESS_PARTNER_odata_v2.json');

/** A Changed event for business partner `key` (the real events announce 1000746 and 1000992). */
function eventFor(key: string, time = '2023-03-03T13:19:54Z'): SapCloudEvent {
  return parseCloudEvent(
    JSON.stringify({
      type: BUSINESS_PARTNER_CHANGED,
      specversion: '1.0',
      source: '/default/sap.s4.beh/730431274',
      id: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
      time,
      datacontenttype: 'application/json',
      data: { BusinessPartner: key },
    }),
  );
}

const EVENT = eventFor('1003764');

/** The real response with `change` applied to its `d` object. */
function odataWith(change: (d: Record<string, unknown>) => void): string {
  const body = JSON.parse(ODATA) as { d: Record<string, unknown> };
  change(body.d);
  return JSON.stringify(body);
}

function firstAddress(d: Record<string, unknown>): Record<string, unknown> {
  return (d.to_BusinessPartnerAddress as { results: Record<string, unknown>[] }).results[0]!;
}

function errorOf(odata: string, event: SapCloudEvent = EVENT): SapDocumentError {
  return sapErrorOf(() => transformBusinessPartner(odata, event));
}

const WALLDORF: BusinessPartnerAddress = {
  addressId: '28238',
  uuid: '00163e30-4e2a-1ed8-8483-a08c5224bf04',
  validFrom: '2018-02-12T00:00:00Z',
  validTo: '9999-12-31T23:59:59Z',
  fullName: null,
  careOf: null,
  formOfAddress: null,
  street: 'Dietmar-Hopp-Allee',
  houseNumber: '16',
  houseNumberSupplement: null,
  streetPrefix1: null,
  streetPrefix2: null,
  streetSuffix1: null,
  streetSuffix2: null,
  postalCode: '69190',
  city: 'Walldorf',
  cityCode: null,
  homeCity: null,
  district: null,
  county: null,
  region: null,
  country: 'DE',
  companyPostalCode: null,
  poBox: null,
  deliveryService: null,
  language: null,
  timeZone: 'CET',
  taxJurisdiction: null,
  transportZone: null,
  preferredCommunicationType: null,
  personNumber: '28237',
  authorizationGroup: null,
  externalId: null,
  extensions: {},
};

const JOHN_DOE: CanonicalBusinessPartner = {
  businessPartner: '0001003764',
  businessPartnerAsSent: '1003764',
  uuid: '00163e30-4e2a-1ed8-8483-a08c52249f04',
  category: 'person',
  grouping: 'BP02',
  type: null,
  name: 'John Doe',
  fullName: 'John Doe',
  searchTerm1: 'Entwickler',
  searchTerm2: null,
  person: {
    firstName: 'John',
    lastName: 'Doe',
    middleName: 'doe@company-a.com',
    additionalLastName: null,
    fullName: null,
    formOfAddress: null,
    academicTitle: null,
    birthDate: null,
    gender: 'male',
    nameFormat: null,
    nameCountry: null,
    personNumber: '28237',
  },
  organization: null,
  group: null,
  language: null,
  correspondenceLanguage: null,
  authorizationGroup: null,
  industry: null,
  customer: null,
  supplier: null,
  externalId: null,
  tradingPartner: null,
  globalLocationNumber: null,
  independentAddressId: null,
  naturalPersonUnderTaxLaw: true,
  createdBy: 'CC0000000002',
  createdAt: '2018-02-12T17:49:05',
  lastChangedBy: null,
  lastChangedAt: null,
  blocks: { central: false, businessPurposeCompleted: false },
  markedForArchiving: false,
  addresses: [WALLDORF],
  extensions: { YY1_AddrLastCheckedOn_bus: null, YY1_AddrLastCheckedBy_bus: null },
};

describe('transformBusinessPartner: the real OData V2 sample', () => {
  it('transforms A_BusinessPartner(1003764) with its address exactly', () => {
    expect(transformBusinessPartner(ODATA, EVENT)).toEqual({
      entityType: 'businessPartner',
      entityKey: '0001003764',
      version: '20230303131954.0000000006271030',
      changeType: 'upsert',
      deleted: false,
      source: {
        format: 'event',
        eventId: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
        eventType: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
        eventSource: '/default/sap.s4.beh/730431274',
        eventTime: '2023-03-03T13:19:54Z',
        etag: 'CC000000000220180212174905',
      },
      data: JOHN_DOE,
    });
  });

  it('passes the data schema, and the record is plain JSON', () => {
    const record = transformBusinessPartner(ODATA, EVENT);
    expect(businessPartnerDataSchema.parse(record.data)).toEqual(record.data);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('accepts the event key padded or unpadded', () => {
    expect(transformBusinessPartner(ODATA, eventFor('0001003764')).entityKey).toBe('0001003764');
  });

  it('reads a response without expanded addresses as addresses not read (null)', () => {
    const deferred = odataWith((d) => {
      d.to_BusinessPartnerAddress = { __deferred: { uri: 'x' } };
    });
    expect(transformBusinessPartner(deferred, EVENT).data.addresses).toBeNull();
    const absent = odataWith((d) => {
      delete d.to_BusinessPartnerAddress;
    });
    expect(transformBusinessPartner(absent, EVENT).data.addresses).toBeNull();
    const empty = odataWith((d) => {
      d.to_BusinessPartnerAddress = { results: [] };
    });
    expect(transformBusinessPartner(empty, EVENT).data.addresses).toEqual([]);
  });
});

describe('transformBusinessPartner: categories, flags and fields', () => {
  it('reads an organization', () => {
    const odata = odataWith((d) => {
      Object.assign(d, {
        BusinessPartnerCategory: '2',
        OrganizationBPName1: 'Acme ',
        OrganizationBPName2: 'Holding',
        LegalForm: '01',
        OrganizationFoundationDate: '/Date(946684800000)/',
        IsMale: false,
        Customer: '17100001',
        Supplier: 'SUP-1',
        InternationalLocationNumber1: '4012345',
        InternationalLocationNumber2: '1234',
        InternationalLocationNumber3: '5',
        Language: 'EN',
        CorrespondenceLanguage: 'de',
        LastChangeDate: '/Date(1699920000000)/',
        LastChangeTime: 'PT09H05M00S',
        LastChangedByUser: 'JSMITH',
        SearchTerm2: 'ACME',
      });
    });
    const { data } = transformBusinessPartner(odata, EVENT);
    expect(data.category).toBe('organization');
    expect(data.person).toBeNull();
    expect(data.group).toBeNull();
    expect(data.organization).toEqual({
      name1: 'Acme',
      name2: 'Holding',
      name3: null,
      name4: null,
      legalForm: '01',
      foundationDate: '2000-01-01',
      liquidationDate: null,
    });
    expect(data.customer).toBe('0017100001');
    expect(data.supplier).toBe('SUP-1');
    expect(data.globalLocationNumber).toBe('4012345012345');
    expect(data.language).toEqual({ iso: 'EN', sap: null });
    expect(data.correspondenceLanguage).toEqual({ iso: 'DE', sap: null });
    expect(data.lastChangedAt).toBe('2023-11-14T09:05:00');
    expect(data.lastChangedBy).toBe('JSMITH');
    expect(data.searchTerm2).toBe('ACME');
    expect(businessPartnerDataSchema.safeParse(data).success).toBe(true);
  });

  it('reads a group', () => {
    const odata = odataWith((d) => {
      Object.assign(d, { BusinessPartnerCategory: '3', GroupBusinessPartnerName1: 'Doe family' });
    });
    const { data } = transformBusinessPartner(odata, EVENT);
    expect(data.group).toEqual({ name1: 'Doe family', name2: null });
    expect([data.person, data.organization]).toEqual([null, null]);
  });

  it('is deleted when marked for archiving, not when centrally blocked', () => {
    const archived = odataWith((d) => {
      d.IsMarkedForArchiving = true;
    });
    const record = transformBusinessPartner(archived, EVENT);
    expect([record.deleted, record.changeType, record.data.markedForArchiving]).toEqual([
      true,
      'upsert',
      true,
    ]);

    const blocked = odataWith((d) => {
      d.BusinessPartnerIsBlocked = true;
      d.IsBusinessPurposeCompleted = 'X';
    });
    const blockedRecord = transformBusinessPartner(blocked, EVENT);
    expect(blockedRecord.deleted).toBe(false);
    expect(blockedRecord.data.blocks).toEqual({ central: true, businessPurposeCompleted: true });
  });

  it('keeps custom fields of the partner and the address in extensions, converted', () => {
    const odata = odataWith((d) => {
      Object.assign(d, {
        YY1_AddrLastCheckedOn_bus: '/Date(1518393600000)/',
        YY1_AddrLastCheckedBy_bus: ' MMUSTER ',
        ZZ1_Rating_bus: 3,
        YY1_Flag_bus: true,
      });
      Object.assign(firstAddress(d), { YY1_Verified_adr: '/Date(1518431345000+0000)/' });
    });
    const { data } = transformBusinessPartner(odata, EVENT);
    expect(data.extensions).toEqual({
      YY1_AddrLastCheckedOn_bus: '2018-02-12',
      YY1_AddrLastCheckedBy_bus: 'MMUSTER',
      ZZ1_Rating_bus: 3,
      YY1_Flag_bus: true,
    });
    expect(data.addresses?.[0]?.extensions).toEqual({ YY1_Verified_adr: '2018-02-12T10:29:05Z' });
  });

  it('reads PO box and delivery service of an address', () => {
    const odata = odataWith((d) => {
      Object.assign(firstAddress(d), {
        POBox: '1234',
        POBoxPostalCode: '69189',
        POBoxIsWithoutNumber: false,
        DeliveryServiceTypeCode: 'PAK',
      });
    });
    const address = transformBusinessPartner(odata, EVENT).data.addresses?.[0];
    expect(address?.poBox).toEqual({
      number: '1234',
      withoutNumber: false,
      postalCode: '69189',
      lobby: null,
      city: null,
      region: null,
      country: null,
    });
    expect(address?.deliveryService).toEqual({ type: 'PAK', number: null });
  });

  it('takes the ETag from __metadata when the property is absent', () => {
    const odata = odataWith((d) => {
      delete d.ETag;
      (d.__metadata as Record<string, unknown>).etag = 'W/"datetimeoffset\'2018-02-12T17%3A49%3A05Z\'"';
    });
    expect(transformBusinessPartner(odata, EVENT).source.etag).toBe(
      'W/"datetimeoffset\'2018-02-12T17%3A49%3A05Z\'"',
    );
    const none = odataWith((d) => {
      delete d.ETag;
    });
    expect(transformBusinessPartner(none, EVENT).source).not.toHaveProperty('etag');
  });
});

describe('transformBusinessPartner: errors', () => {
  it('rejects a response for another partner than the event announced (ENTITY_MISMATCH)', () => {
    const error = errorOf(ODATA, eventFor('1000746'));
    expect(error.code).toBe('ENTITY_MISMATCH');
    expect(error.message).toBe(
      "OData A_BusinessPartner('1003764') is business partner 0001003764, but CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c announced 0001000746",
    );
    expect(error.details).toEqual({
      expected: '0001000746',
      actual: '0001003764',
      eventId: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
    });
  });

  it('rejects an expanded address of another partner (ENTITY_MISMATCH)', () => {
    const odata = odataWith((d) => {
      firstAddress(d).BusinessPartner = '1000746';
    });
    const error = errorOf(odata);
    expect([error.code, error.message]).toEqual([
      'ENTITY_MISMATCH',
      "OData A_BusinessPartnerAddress(BusinessPartner='1003764',AddressID='28238') belongs to business partner 1000746, not 1003764",
    ]);
  });

  it('rejects malformed JSON with its position', () => {
    const error = errorOf(ODATA.replace('"Customer": "",', '"Customer": ,'));
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toBe('OData response is not valid JSON: unexpected "," at line 9, column 21');
  });

  it('rejects XML where the OData JSON was expected', () => {
    const error = errorOf(readFixture('MATMAS05_numeric_material.xml'));
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toMatch(/^OData response is not valid JSON: it looks like XML/);
  });

  it.each<[string, string, string]>([
    ['[]', 'INVALID_VALUE', 'OData response must be a JSON object, got an array'],
    ['{}', 'MISSING_FIELD', 'OData response has no d (expected an OData V2 JSON entity: {"d": {...}})'],
    ['{"d": "x"}', 'INVALID_VALUE', 'OData response d must be an entity object, got a string'],
    [
      '{"d": {"results": []}}',
      'INVALID_VALUE',
      'OData response is a collection (d.results); expected one A_BusinessPartner entity',
    ],
    [
      '{"d": {"__metadata": {"type": "API_BUSINESS_PARTNER.A_CustomerType"}, "BusinessPartner": "1003764"}}',
      'INVALID_VALUE',
      'OData response is a API_BUSINESS_PARTNER.A_CustomerType, not an API_BUSINESS_PARTNER.A_BusinessPartnerType',
    ],
    [
      '{"d": {"BusinessPartnerCategory": "1"}}',
      'MISSING_FIELD',
      'OData A_BusinessPartner has no BusinessPartner',
    ],
    [
      '{"d": {"BusinessPartner": 1003764}}',
      'INVALID_VALUE',
      "OData A_BusinessPartner property BusinessPartner: '1003764' is not a string",
    ],
    [
      '{"d": {"BusinessPartner": "1003764"}}',
      'MISSING_FIELD',
      "OData A_BusinessPartner('1003764') has no BusinessPartnerCategory",
    ],
    [
      '{"error": {"code": "/IWBEP/CM_MGW_RT/020", "message": {"lang": "en", "value": "Resource not found for segment \'A_BusinessPartnerType\'."}}}',
      'ODATA_ERROR',
      "OData response is an error /IWBEP/CM_MGW_RT/020: Resource not found for segment 'A_BusinessPartnerType'.",
    ],
  ])('rejects %s', (odata, code, message) => {
    const error = errorOf(odata);
    expect([error.code, error.message]).toEqual([code, message]);
  });

  it.each<[string, (d: Record<string, unknown>) => void, string]>([
    [
      'a bad date',
      (d) => (d.CreationDate = '/Date(abc)/'),
      "OData A_BusinessPartner('1003764') property CreationDate: '/Date(abc)/' is not an OData date (expected '/Date(<milliseconds>)/' at midnight UTC)",
    ],
    [
      'a date with a time of day',
      (d) => (d.BirthDate = '/Date(1518431345000)/'),
      "OData A_BusinessPartner('1003764') property BirthDate is not an OData date (expected '/Date(<milliseconds>)/' at midnight UTC); it has a time of day (value withheld: personal data)",
    ],
    [
      'a bad time',
      (d) => (d.CreationTime = 'PT25H00M00S'),
      "OData A_BusinessPartner('1003764') property CreationTime: 'PT25H00M00S' is not an OData time (expected 'PT<hh>H<mm>M<ss>S') within one day",
    ],
    [
      'an unknown category',
      (d) => (d.BusinessPartnerCategory = '4'),
      "OData A_BusinessPartner('1003764') property BusinessPartnerCategory: '4' is not a business partner category (1 person, 2 organization, 3 group)",
    ],
    [
      'a flag that is not a flag',
      (d) => (d.IsMarkedForArchiving = 'yes'),
      "OData A_BusinessPartner('1003764') property IsMarkedForArchiving: 'yes' is not a boolean or an SAP flag ('X' or blank)",
    ],
    [
      'contradicting gender flags',
      (d) => (d.IsFemale = true),
      "OData A_BusinessPartner('1003764') property IsFemale contradicts IsMale or IsSexUnknown (more than one of the three is set) (value withheld: personal data)",
    ],
    [
      'a bad location number',
      (d) => (d.InternationalLocationNumber2 = '12345678'),
      "OData A_BusinessPartner('1003764') property InternationalLocationNumber2: '12345678' is not a number of up to 5 digits",
    ],
    [
      'a too long customer number',
      (d) => (d.Customer = '12345678901'),
      "OData A_BusinessPartner('1003764') property Customer: '12345678901' is longer than 10 characters",
    ],
    [
      'a bad address validity',
      (d) => (firstAddress(d).ValidityStartDate = '2018-02-12'),
      "OData A_BusinessPartnerAddress(BusinessPartner='1003764',AddressID='28238') property ValidityStartDate: '2018-02-12' is not an OData date-time (expected '/Date(<milliseconds>[+-hhmm])/')",
    ],
    [
      'an address without AddressID',
      (d) => (firstAddress(d).AddressID = ''),
      "OData A_BusinessPartner('1003764') address has no AddressID",
    ],
    [
      'a custom field that is an object',
      (d) => (d.YY1_Nested_bus = { a: 1 }),
      "OData A_BusinessPartner('1003764') property YY1_Nested_bus: '{\"a\":1}' is not a single value (string, number, boolean or null)",
    ],
    [
      'addresses that are not a list',
      (d) => (d.to_BusinessPartnerAddress = { results: 'x' }),
      'OData A_BusinessPartner(\'1003764\') property to_BusinessPartnerAddress: expected an expanded list ({"results": [...]}), got a string',
    ],
  ])('rejects %s with a precise message', (_name, change, message) => {
    const error = errorOf(odataWith(change));
    expect(error.message).toBe(message);
    expect(['INVALID_VALUE', 'MISSING_FIELD']).toContain(error.code);
  });

  it('never fails other than with SapDocumentError for arbitrary JSON and mutated samples (property)', () => {
    const fields = Object.keys((JSON.parse(ODATA) as { d: Record<string, unknown> }).d);
    const mutated = fc
      .array(fc.tuple(fc.constantFrom(...fields), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
      .map((changes) =>
        odataWith((d) => {
          for (const [field, value] of changes) d[field] = value;
        }),
      );
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
      fc.jsonValue({ maxDepth: 3 }).map((d) => JSON.stringify({ d })),
      mutated,
      fc.nat().map((cut) => ODATA.slice(0, cut % ODATA.length)),
    );
    fc.assert(
      fc.property(body, (odata) => {
        const started = performance.now();
        try {
          const record = transformBusinessPartner(odata, EVENT);
          expect(businessPartnerDataSchema.safeParse(record.data).success).toBe(true);
        } catch (error) {
          if (!(error instanceof SapDocumentError)) throw error;
        }
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { seed: 77, numRuns: 500 },
    );
  });
});

describe('OData value parsers', () => {
  it.each([
    ['/Date(1492041600000)/', '2017-04-13'],
    ['/Date(1518393600000+0000)/', '2018-02-12'],
    ['/Date(-62135596800000)/', '0001-01-01'],
    ['/Date(253402214400000)/', '9999-12-31'],
    [null, null],
    [undefined, null],
    ['', null],
  ])('odataDate(%j) = %j', (raw, expected) => {
    expect(odataDate(raw)).toBe(expected);
  });

  it.each([
    ['/Date(1492041600000)/', '2017-04-13T00:00:00Z'],
    ['/Date(1518393600000+0000)/', '2018-02-12T00:00:00Z'],
    ['/Date(1518431345123+0060)/', '2018-02-12T10:29:05.123Z'],
    ['/Date(253402300799000+0000)/', '9999-12-31T23:59:59Z'],
    [null, null],
  ])('odataDateTime(%j) = %j', (raw, expected) => {
    expect(odataDateTime(raw)).toBe(expected);
  });

  it.each([
    ['PT17H49M05S', '17:49:05'],
    ['PT00H00M00S', '00:00:00'],
    ['PT9H5M', '09:05:00'],
    ['PT30S', '00:00:30'],
    ['PT23H59M59.000S', '23:59:59'],
    [null, null],
  ])('odataTime(%j) = %j', (raw, expected) => {
    expect(odataTime(raw)).toBe(expected);
  });

  it.each([
    [odataDate, '2017-04-13'],
    [odataDate, 1492041600000],
    [odataDate, '/Date(1492041600000)'],
    [odataDate, '/Date(253402300800000)/'],
    [odataDate, '/Date(-62135596800001)/'],
    [odataDateTime, '/Date(1518393600000+00)/'],
    [odataTime, 'PT'],
    [odataTime, '17:49:05'],
    [odataTime, 'PT17H60M'],
    [odataTime, 'PT1H0.5S'],
  ])('%p rejects %j as INVALID_VALUE', (parser: (raw: unknown) => unknown, raw) => {
    expect(sapErrorOf(() => parser(raw)).code).toBe('INVALID_VALUE');
  });

  it('reads texts, flags and custom values', () => {
    expect(odataText('  0815 ')).toBe('0815');
    expect(odataText('  ')).toBeNull();
    expect(sapErrorOf(() => odataText(815)).message).toBe("'815' is not a string");
    expect([odataFlag(true), odataFlag(false), odataFlag(null), odataFlag('X'), odataFlag('')]).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(customFieldValue('/Date(1518431345000)/')).toBe('2018-02-12T10:29:05');
    expect(customFieldValue('PT10H')).toBe('10:00:00');
    expect(customFieldValue('PT99H')).toBe('PT99H');
    expect(customFieldValue('0042')).toBe('0042');
  });
});

describe('businessPartnerODataPath', () => {
  it('addresses the entity with the unpadded key, addresses expanded, as JSON', () => {
    expect(API_BUSINESS_PARTNER_SERVICE_ROOT).toBe('/sap/opu/odata/sap/API_BUSINESS_PARTNER');
    expect(businessPartnerODataPath('0001000746')).toBe(
      "A_BusinessPartner('1000746')?$expand=to_BusinessPartnerAddress&$format=json",
    );
    expect(businessPartnerODataPath('1000746')).toBe(businessPartnerODataPath('0001000746'));
    expect(businessPartnerODataPath('0000000000')).toBe(
      "A_BusinessPartner('0')?$expand=to_BusinessPartnerAddress&$format=json",
    );
  });

  it('keeps alphanumeric keys and quotes and escapes them', () => {
    expect(businessPartnerODataPath('BP-0815')).toBe(
      "A_BusinessPartner('BP-0815')?$expand=to_BusinessPartnerAddress&$format=json",
    );
    expect(businessPartnerODataPath("O'NEIL/1 #")).toBe(
      "A_BusinessPartner('O''NEIL%2F1%20%23')?$expand=to_BusinessPartnerAddress&$format=json",
    );
    expect(externalBusinessPartnerNumber(' 00A1 ')).toBe('00A1');
  });

  it('matches the URI the API writes for the sample entity', () => {
    const uri = (JSON.parse(ODATA) as { d: { __metadata: { uri: string } } }).d.__metadata.uri;
    const path = businessPartnerODataPath(transformBusinessPartner(ODATA, EVENT).entityKey);
    expect(uri.endsWith(`/API_BUSINESS_PARTNER/${path.split('?')[0]}`)).toBe(true);
  });

  it.each(['', '   ', '12345678901', 'ABCDEFGHIJK'])('rejects the key %j', (key) => {
    expect(sapErrorOf(() => businessPartnerODataPath(key)).code).toBe('INVALID_VALUE');
  });
});

describe('businessPartnerDataSchema', () => {
  const data = JOHN_DOE;

  it.each<[string, unknown]>([
    ['an undeclared member', { ...data, nickname: 'Johnny' }],
    ['undefined instead of null', { ...data, grouping: undefined }],
    ['an empty string instead of null', { ...data, grouping: '' }],
    ['an unpadded key', { ...data, businessPartner: '1003764' }],
    ['an unknown category', { ...data, category: 'robot' }],
    ['a date in SAP form', { ...data, person: { ...data.person, birthDate: '19800101' } }],
    ['an address member missing', { ...data, addresses: [{ ...WALLDORF, city: undefined }] }],
    ['a nested custom value', { ...data, extensions: { YY1_X: { a: 1 } } }],
  ])('rejects %s', (_name, candidate) => {
    expect(businessPartnerDataSchema.safeParse(candidate).success).toBe(false);
  });
});
