import { dedupKey } from '../../src/adapters/change-publisher';
import {
  highestVersion,
  isBlocked,
  isErased,
  minimiseBlocked,
  protectIfBlocked,
  replacesTombstone,
  tombstone,
} from '../../src/domain/data-protection';
import { isPersonalODataProperty } from '../../src/domain/personal-fields';
import { transformIdoc, type CanonicalRecord } from '../../src/domain';
import { readFixture } from './domain/sap-fixtures';

const V1 = '20250320091531.0000000000300001';
const V2 = '20250320091532.0000000000300002';
const V3 = '20250320091533.0000000000300003';

function partner(blocks: { central: boolean; businessPurposeCompleted: boolean }): CanonicalRecord {
  return {
    entityType: 'businessPartner',
    entityKey: '0001003764',
    version: V2,
    changeType: 'upsert',
    deleted: false,
    source: { format: 'odata', service: 'API_BUSINESS_PARTNER', entitySet: 'A_BusinessPartner' },
    data: {
      businessPartner: '0001003764',
      businessPartnerAsSent: '1003764',
      category: 'person',
      name: 'John Doe',
      fullName: 'John Doe',
      person: { firstName: 'John', lastName: 'Doe', birthDate: '1970-01-01' },
      customer: '0000017100',
      supplier: null,
      blocks,
      markedForArchiving: false,
      addresses: [{ addressId: '1', street: 'Dietmar-Hopp-Allee', city: 'Walldorf' }],
      extensions: { YY1_Nickname: 'Johnny' },
    },
  };
}

describe('blocking', () => {
  test('a partner is blocked by the central block or by end of purpose', () => {
    expect(isBlocked(partner({ central: false, businessPurposeCompleted: false }))).toBe(false);
    expect(isBlocked(partner({ central: true, businessPurposeCompleted: false }))).toBe(true);
    expect(isBlocked(partner({ central: false, businessPurposeCompleted: true }))).toBe(true);
  });

  test('other types are never read as blocked here', () => {
    expect(isBlocked({ entityType: 'material', data: { blocks: { businessPurposeCompleted: true } } })).toBe(
      false,
    );
    expect(isBlocked({ entityType: 'customer', data: { blocks: { central: true } } })).toBe(false);
  });

  /** The fixture with CVP_XBLCK (business purpose completed) added to its general segment. */
  function withPurposeCompleted(fixture: string, segment: 'E1KNA1M' | 'E1LFA1M', value: string): string {
    const xml = readFixture(fixture);
    const opening = `<${segment} SEGMENT="1">`;
    expect(xml).toContain(opening);
    return xml.replace(opening, `${opening}<CVP_XBLCK>${value}</CVP_XBLCK>`);
  }

  test.each([
    ['customer', 'DEBMAS07_full_customer.xml', 'E1KNA1M', 'customerNumber', '0001000746'],
    ['vendor', 'CREMAS05_full_vendor.xml', 'E1LFA1M', 'vendorNumber', '0000100234'],
  ] as const)(
    'a %s IDoc with CVP_XBLCK=X is blocked and keeps its number and flags only',
    (entityType, fixture, segment, numberField, number) => {
      const full = transformIdoc(readFixture(fixture));
      expect(full.data).toMatchObject({ blocks: { businessPurposeCompleted: false } });
      expect(isBlocked(full)).toBe(false);
      expect(isBlocked(transformIdoc(withPurposeCompleted(fixture, segment, '')))).toBe(false);

      const record = protectIfBlocked(transformIdoc(withPurposeCompleted(fixture, segment, 'X')));
      expect(record).toMatchObject({ entityType, entityKey: number, changeType: 'blocked' });
      const data = record.data as Record<string, unknown>;
      expect(data[numberField]).toBe(number);
      expect(data.blocks).toMatchObject({ businessPurposeCompleted: true });
      expect(Object.keys(data).sort()).toEqual(
        [
          numberField,
          `${numberField}AsSent`,
          'accountGroup',
          'blocks',
          'markedForDeletion',
          'deletionBlocked',
        ].sort(),
      );
      const personal = full.data as { names: { name1: string }; address: { street: string | null } };
      expect(personal.names.name1).toBeTruthy();
      expect(JSON.stringify(record)).not.toContain(personal.names.name1);
      if (personal.address.street) expect(JSON.stringify(record)).not.toContain(personal.address.street);
    },
  );

  test('a blocked partner keeps its keys and flags only, and says blocked', () => {
    const record = minimiseBlocked(partner({ central: false, businessPurposeCompleted: true }));
    expect(record).toMatchObject({
      entityKey: '0001003764',
      version: V2,
      changeType: 'blocked',
      deleted: false,
    });
    expect(record.data).toEqual({
      businessPartner: '0001003764',
      businessPartnerAsSent: '1003764',
      category: 'person',
      customer: '0000017100',
      supplier: null,
      blocks: { central: false, businessPurposeCompleted: true },
      markedForArchiving: false,
    });
    const text = JSON.stringify(record);
    for (const personal of ['John', 'Doe', 'Dietmar', 'Walldorf', '1970-01-01', 'Johnny'])
      expect(text).not.toContain(personal);
  });

  test('no field a blocked partner keeps is classified personal', () => {
    const kept = Object.keys(
      minimiseBlocked(partner({ central: true, businessPurposeCompleted: true })).data as object,
    );
    const odataNames: Record<string, string> = {
      businessPartner: 'BusinessPartner',
      category: 'BusinessPartnerCategory',
    };
    for (const field of kept) expect(isPersonalODataProperty(odataNames[field] ?? field)).toBe(false);
  });

  test('an unblocked record passes unchanged', () => {
    const record = partner({ central: false, businessPurposeCompleted: false });
    expect(protectIfBlocked(record)).toBe(record);
  });
});

describe('erasure', () => {
  test('the tombstone has no data and is marked erased', () => {
    const record = tombstone('customer', '0001000746', V3, '2026-12-01T03:00:00.000Z');
    expect(record).toEqual({
      entityType: 'customer',
      entityKey: '0001000746',
      version: V3,
      changeType: 'erased',
      deleted: true,
      source: { format: 'erasure', erasedAt: '2026-12-01T03:00:00.000Z' },
      data: null,
      erased: true,
      erasedAt: '2026-12-01T03:00:00.000Z',
    });
    expect(isErased(record)).toBe(true);
    expect(isErased({ version: V3 })).toBe(false);
  });

  test('the tombstone takes the highest version seen', () => {
    expect(highestVersion([V2, undefined, V3, V1])).toBe(V3);
    expect(highestVersion([undefined, ''])).toBeUndefined();
  });

  test('only a strictly newer version replaces a tombstone', () => {
    expect(replacesTombstone(V2, V1)).toBe(false);
    expect(replacesTombstone(V2, V2)).toBe(false);
    expect(replacesTombstone(V2, V3)).toBe(true);
  });

  test('the erase message has its own dedup key, apart from the last change of the same version', () => {
    const record = tombstone('customer', '0001000746', V3, '2026-12-01T03:00:00.000Z');
    expect(dedupKey(record)).toBe(`customer#0001000746#${V3}#erased`);
    expect(dedupKey({ ...record, changeType: 'upsert' })).toBe(`customer#0001000746#${V3}`);
  });
});
