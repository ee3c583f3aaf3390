import { SapDocumentError } from '../errors';
import type { SapCloudEvent } from '../events/cloud-event';
import { canonicalBusinessPartnerNumber, describeBusinessPartnerEvent } from '../events/describe';
import { isJsonObject, jsonKind, parseJsonText } from '../events/json';
import { eventRecordSource, type EventRecordSource } from '../events/record-source';
import { languageCode } from '../fields';
import { alphaKey } from '../keys';
import type { CanonicalRecord, ODataRecordSource } from '../record';
import { makeVersion } from '../version';
import { ODataEntityReader } from './odata-entity';
import { odataText } from './odata-values';
import type {
  BusinessPartnerAddress,
  BusinessPartnerCategory,
  BusinessPartnerGender,
  BusinessPartnerPerson,
  CanonicalBusinessPartner,
} from './types';

/** A canonical business partner record: from a business event (enriched) or an OData response on its own. */
export type BusinessPartnerRecord = Omit<
  CanonicalRecord<CanonicalBusinessPartner>,
  'entityType' | 'source'
> & {
  entityType: 'businessPartner';
  source: EventRecordSource | ODataRecordSource;
};

const ENTITY_TYPE_NAME = 'A_BusinessPartnerType';
const CATEGORIES: Readonly<Record<string, BusinessPartnerCategory>> = {
  1: 'person',
  2: 'organization',
  3: 'group',
};

/** The `d` object of an OData V2 single-entity response, after checking it is an A_BusinessPartner. */
function entityOf(odataJson: string): Record<string, unknown> {
  const body = parseJsonText(odataJson, 'OData response');
  if (!isJsonObject(body)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `OData response must be a JSON object, got ${jsonKind(body)}`,
    );
  }
  if (isJsonObject(body.error)) {
    const { code, message } = body.error;
    const text = isJsonObject(message) ? message.value : message;
    throw new SapDocumentError(
      'ODATA_ERROR',
      `OData response is an error${typeof code === 'string' ? ` ${code}` : ''}: ${typeof text === 'string' ? text : 'no message'}`,
      { ...(typeof code === 'string' ? { odataCode: code } : {}) },
    );
  }
  const entity = body.d;
  if (entity === undefined || entity === null) {
    throw new SapDocumentError(
      'MISSING_FIELD',
      'OData response has no d (expected an OData V2 JSON entity: {"d": {...}})',
      { field: 'd' },
    );
  }
  if (!isJsonObject(entity)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `OData response d must be an entity object, got ${jsonKind(entity)}`,
      {
        field: 'd',
      },
    );
  }
  if (Array.isArray(entity.results)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      'OData response is a collection (d.results); expected one A_BusinessPartner entity',
      { field: 'd.results' },
    );
  }
  const metadata = entity.__metadata;
  const type = isJsonObject(metadata) ? metadata.type : undefined;
  if (typeof type === 'string' && type.split('.').pop() !== ENTITY_TYPE_NAME) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `OData response is a ${type}, not an API_BUSINESS_PARTNER.${ENTITY_TYPE_NAME}`,
      { field: '__metadata.type', value: type },
    );
  }
  return entity;
}

function readGender(bp: ODataEntityReader): BusinessPartnerGender | null {
  const set: BusinessPartnerGender[] = [];
  if (bp.flag('IsFemale')) set.push('female');
  if (bp.flag('IsMale')) set.push('male');
  if (bp.flag('IsSexUnknown')) set.push('unknown');
  if (set.length > 1) {
    throw bp.invalid('IsFemale', 'contradicts IsMale or IsSexUnknown (more than one of the three is set)');
  }
  return set[0] ?? null;
}

function readPerson(bp: ODataEntityReader): BusinessPartnerPerson {
  return {
    firstName: bp.text('FirstName'),
    lastName: bp.text('LastName'),
    middleName: bp.text('MiddleName'),
    additionalLastName: bp.text('AdditionalLastName'),
    fullName: bp.text('PersonFullName'),
    formOfAddress: bp.text('FormOfAddress'),
    academicTitle: bp.text('AcademicTitle'),
    birthDate: bp.date('BirthDate'),
    gender: readGender(bp),
    nameFormat: bp.text('NameFormat'),
    nameCountry: bp.text('NameCountry'),
    personNumber: bp.text('PersonNumber'),
  };
}

/** InternationalLocationNumber1 (7 digits), 2 (5 digits), 3 (check digit) as one 13-digit GLN. */
function readGlobalLocationNumber(bp: ODataEntityReader): string | null {
  const parts: Array<[string, number]> = [
    ['InternationalLocationNumber1', 7],
    ['InternationalLocationNumber2', 5],
    ['InternationalLocationNumber3', 1],
  ];
  let gln = '';
  for (const [property, width] of parts) {
    const text = bp.text(property) ?? '0';
    if (!/^\d+$/.test(text) || text.length > width) {
      throw bp.invalid(property, `'${text}' is not a number of up to ${width} digits`, text);
    }
    gln += text.padStart(width, '0');
  }
  return /^0+$/.test(gln) ? null : gln;
}

/** A reference to a customer or supplier number (KUNNR / LIFNR, CHAR 10, ALPHA) in canonical form. */
function accountNumber(bp: ODataEntityReader, property: string): string | null {
  return bp.parse(property, (raw) => {
    const text = odataText(raw);
    if (text === null) return null;
    if (text.length > 10) throw new Error(`'${text}' is longer than 10 characters`);
    return alphaKey(text, 10);
  });
}

function readAddress(
  entity: Record<string, unknown>,
  partner: string,
  partnerAsSent: string,
): BusinessPartnerAddress {
  const where = new ODataEntityReader(entity, `OData A_BusinessPartner('${partnerAsSent}') address`);
  const addressId = where.required('AddressID');
  const address = new ODataEntityReader(
    entity,
    `OData A_BusinessPartnerAddress(BusinessPartner='${partnerAsSent}',AddressID='${addressId}')`,
  );
  const owner = address.text('BusinessPartner');
  if (
    owner !== null &&
    address.parse('BusinessPartner', () => canonicalBusinessPartnerNumber(owner)) !== partner
  ) {
    throw new SapDocumentError(
      'ENTITY_MISMATCH',
      `${address.label} belongs to business partner ${owner}, not ${partnerAsSent}`,
      { expected: partner, actual: owner, addressId },
    );
  }
  const poBox = {
    number: address.text('POBox'),
    withoutNumber: address.flag('POBoxIsWithoutNumber'),
    postalCode: address.text('POBoxPostalCode'),
    lobby: address.text('POBoxLobbyName'),
    city: address.text('POBoxDeviatingCityName'),
    region: address.text('POBoxDeviatingRegion'),
    country: address.text('POBoxDeviatingCountry'),
  };
  const hasPoBox = Object.values(poBox).some((value) => value !== null && value !== false);
  const deliveryService = {
    type: address.text('DeliveryServiceTypeCode'),
    number: address.text('DeliveryServiceNumber'),
  };
  return {
    addressId,
    uuid: address.text('AddressUUID'),
    validFrom: address.dateTime('ValidityStartDate'),
    validTo: address.dateTime('ValidityEndDate'),
    fullName: address.text('FullName'),
    careOf: address.text('CareOfName'),
    formOfAddress: address.text('FormOfAddress'),
    street: address.text('StreetName'),
    houseNumber: address.text('HouseNumber'),
    houseNumberSupplement: address.text('HouseNumberSupplementText'),
    streetPrefix1: address.text('StreetPrefixName'),
    streetPrefix2: address.text('AdditionalStreetPrefixName'),
    streetSuffix1: address.text('StreetSuffixName'),
    streetSuffix2: address.text('AdditionalStreetSuffixName'),
    postalCode: address.text('PostalCode'),
    city: address.text('CityName'),
    cityCode: address.text('CityCode'),
    homeCity: address.text('HomeCityName'),
    district: address.text('District'),
    county: address.text('County'),
    region: address.text('Region'),
    country: address.text('Country'),
    companyPostalCode: address.text('CompanyPostalCode'),
    poBox: hasPoBox ? poBox : null,
    deliveryService:
      deliveryService.type === null && deliveryService.number === null ? null : deliveryService,
    language: languageCode(null, address.text('Language')),
    timeZone: address.text('AddressTimeZone'),
    taxJurisdiction: address.text('TaxJurisdiction'),
    transportZone: address.text('TransportZone'),
    preferredCommunicationType: address.text('PrfrdCommMediumType'),
    personNumber: address.text('Person'),
    authorizationGroup: address.text('AuthorizationGroup'),
    externalId: address.text('AddressIDByExternalSystem'),
    extensions: address.customFields(),
  };
}

/** The ETag of the entity: the ETag property, else the one in __metadata. */
function readEtag(bp: ODataEntityReader): string | null {
  const property = bp.text('ETag');
  if (property !== null) return property;
  const metadata = bp.raw('__metadata');
  const etag = isJsonObject(metadata) ? metadata.etag : undefined;
  return typeof etag === 'string' && etag.trim() !== '' ? etag.trim() : null;
}

/**
 * The canonical business partner from an OData V2 response of API_BUSINESS_PARTNER `A_BusinessPartner('<key>')`
 * (with or without `$expand=to_BusinessPartnerAddress`) that was read because of `event`.
 *
 * entityKey, version, changeType and source come from the event (describeBusinessPartnerEvent), the ETag from
 * the entity. `deleted` is IsMarkedForArchiving, the central archiving flag: business partners are never
 * deleted through the API, they are flagged for archiving (BUT000-XDELE). The central block
 * (BusinessPartnerIsBlocked) and the end-of-purpose flag only block use; they are reported in `blocks` and do
 * not delete.
 *
 * Throws SapDocumentError: MALFORMED_JSON, ODATA_ERROR (an OData error body), MISSING_FIELD (no d, no
 * BusinessPartner, no BusinessPartnerCategory, an address without AddressID), INVALID_VALUE (a value of the
 * wrong form), ENTITY_MISMATCH (the entity or an address is another partner than the event's).
 */
/** The `source` of a record read from API_BUSINESS_PARTNER (an event's read or an initial load). */
export function businessPartnerRecordSource(etag: string | null): ODataRecordSource {
  return {
    format: 'odata',
    service: 'API_BUSINESS_PARTNER',
    entitySet: 'A_BusinessPartner',
    ...(etag !== null ? { etag } : {}),
  };
}

export function transformBusinessPartner(odataJson: string, event: SapCloudEvent): BusinessPartnerRecord {
  const ref = describeBusinessPartnerEvent(event);
  const { data, etag, label } = readBusinessPartner(odataJson);
  if (data.businessPartner !== ref.entityKey) {
    throw new SapDocumentError(
      'ENTITY_MISMATCH',
      `${label} is business partner ${data.businessPartner}, but CloudEvent ${event.id} announced ${ref.entityKey}`,
      { expected: ref.entityKey, actual: data.businessPartner, eventId: event.id },
    );
  }
  return {
    entityType: 'businessPartner',
    entityKey: ref.entityKey,
    version: ref.version,
    changeType: ref.changeType,
    deleted: ref.changeType === 'delete' || data.markedForArchiving,
    source: eventRecordSource(event, etag),
    data,
  };
}

/**
 * The canonical business partner from an OData response read on its own (no event): a full load or a resync.
 * Its version is the entity's own LastChangeDate/LastChangeTime, which is what the announcing event's time
 * reflects too.
 */
export function transformBusinessPartnerResponse(odataJson: string): BusinessPartnerRecord {
  const { data, etag } = readBusinessPartner(odataJson);
  const changed = data.lastChangedAt ?? data.createdAt;
  if (changed === null) {
    throw new SapDocumentError(
      'MISSING_FIELD',
      `OData A_BusinessPartner('${data.businessPartnerAsSent}') has neither LastChangeDate nor CreationDate to version it by`,
      { field: 'LastChangeDate' },
    );
  }
  const source = businessPartnerRecordSource(etag);
  return {
    entityType: 'businessPartner',
    entityKey: data.businessPartner,
    version: makeVersion(changed.replace(/\D/g, '').slice(0, 14).padEnd(14, '0'), '0'.repeat(16)),
    changeType: 'upsert',
    deleted: data.markedForArchiving,
    source,
    data,
  };
}

function readBusinessPartner(odataJson: string): {
  data: CanonicalBusinessPartner;
  etag: string | null;
  label: string;
} {
  return readBusinessPartnerEntity(entityOf(odataJson));
}

/**
 * One A_BusinessPartner entity (OData V2 JSON, e.g. an entry of `d.results` of a collection read) as the
 * canonical business partner, with its ETag and the label messages name it by.
 */
export function readBusinessPartnerEntity(entity: Record<string, unknown>): {
  data: CanonicalBusinessPartner;
  etag: string | null;
  label: string;
} {
  const unnamed = new ODataEntityReader(entity, 'OData A_BusinessPartner');
  const asSent = unnamed.required('BusinessPartner');
  const bp = new ODataEntityReader(entity, `OData A_BusinessPartner('${asSent}')`);
  const businessPartner = bp.parse('BusinessPartner', () => canonicalBusinessPartnerNumber(asSent));
  const categoryCode = bp.required('BusinessPartnerCategory');
  const category = CATEGORIES[categoryCode];
  if (category === undefined) {
    throw bp.invalid(
      'BusinessPartnerCategory',
      `'${categoryCode}' is not a business partner category (1 person, 2 organization, 3 group)`,
      categoryCode,
    );
  }
  const addresses = bp.expanded('to_BusinessPartnerAddress');
  const data: CanonicalBusinessPartner = {
    businessPartner,
    businessPartnerAsSent: asSent,
    uuid: bp.text('BusinessPartnerUUID'),
    category,
    grouping: bp.text('BusinessPartnerGrouping'),
    type: bp.text('BusinessPartnerType'),
    name: bp.text('BusinessPartnerName'),
    fullName: bp.text('BusinessPartnerFullName'),
    searchTerm1: bp.text('SearchTerm1'),
    searchTerm2: bp.text('SearchTerm2'),
    person: category === 'person' ? readPerson(bp) : null,
    organization:
      category === 'organization'
        ? {
            name1: bp.text('OrganizationBPName1'),
            name2: bp.text('OrganizationBPName2'),
            name3: bp.text('OrganizationBPName3'),
            name4: bp.text('OrganizationBPName4'),
            legalForm: bp.text('LegalForm'),
            foundationDate: bp.date('OrganizationFoundationDate'),
            liquidationDate: bp.date('OrganizationLiquidationDate'),
          }
        : null,
    group:
      category === 'group'
        ? { name1: bp.text('GroupBusinessPartnerName1'), name2: bp.text('GroupBusinessPartnerName2') }
        : null,
    language: languageCode(null, bp.text('Language')),
    correspondenceLanguage: languageCode(null, bp.text('CorrespondenceLanguage')),
    authorizationGroup: bp.text('AuthorizationGroup'),
    industry: bp.text('Industry'),
    customer: accountNumber(bp, 'Customer'),
    supplier: accountNumber(bp, 'Supplier'),
    externalId: bp.text('BusinessPartnerIDByExtSystem'),
    tradingPartner: bp.text('TradingPartner'),
    globalLocationNumber: readGlobalLocationNumber(bp),
    independentAddressId: bp.text('IndependentAddressID'),
    naturalPersonUnderTaxLaw: bp.flag('IsNaturalPerson'),
    createdBy: bp.text('CreatedByUser'),
    createdAt: bp.localDateTime('CreationDate', 'CreationTime'),
    lastChangedBy: bp.text('LastChangedByUser'),
    lastChangedAt: bp.localDateTime('LastChangeDate', 'LastChangeTime'),
    blocks: {
      central: bp.flag('BusinessPartnerIsBlocked'),
      businessPurposeCompleted: bp.flag('IsBusinessPurposeCompleted'),
    },
    markedForArchiving: bp.flag('IsMarkedForArchiving'),
    addresses:
      addresses === null ? null : addresses.map((address) => readAddress(address, businessPartner, asSent)),
    extensions: bp.customFields(),
  };
  return { data, etag: readEtag(bp), label: bp.label };
}
