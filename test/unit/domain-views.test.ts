import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { viewEntry, viewMessages } from '../../src/adapters/change-publisher';
import { domainProblems, loadDomains, planViews } from '../../src/config/domain-views';
import { DEFAULT_DOMAINS, type ConsumerDomain } from '../../src/config/domains';
import { transformDocument, type CanonicalRecord, type EntityType } from '../../src/domain';
import {
  compileAllowlist,
  parseFieldPath,
  projectRecord,
  projectValue,
  treeKey,
} from '../../src/domain/views/field-allowlist';
import { filterPolicy, policyViewNames } from '../../src/provision/aws';
import { createGroupBatcher } from '../../src/util/group-batcher';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'sap');
const recordOf = (name: string) =>
  transformDocument(fs.readFileSync(path.join(FIXTURES, name), 'utf8'))[0]! as CanonicalRecord<
    Record<string, unknown>
  >;

const domain = (name: string): ConsumerDomain => DEFAULT_DOMAINS.find((d) => d.name === name)!;
const treeOf = (name: string, type: EntityType) => compileAllowlist(domain(name).fields[type] ?? []);

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('field allowlist projection', () => {
  const value = {
    id: '1',
    names: { name1: 'A', name2: null },
    address: { street: 'S', country: 'DE' },
    bank: [
      { country: 'DE', iban: 'X' },
      { country: 'AT', iban: 'Y' },
    ],
    empty: null,
  };

  test('keeps whole members, single members and members of every array element', () => {
    const tree = compileAllowlist(['id', 'names', 'address.country', 'bank[].country', 'empty', 'missing']);
    expect(projectValue(value, tree)).toEqual({
      id: '1',
      names: { name1: 'A', name2: null },
      address: { country: 'DE' },
      bank: [{ country: 'DE' }, { country: 'AT' }],
      empty: null,
    });
  });

  test('* keeps everything; an empty list keeps nothing of data', () => {
    expect(projectValue(value, compileAllowlist('*'))).toBe(value);
    expect(projectValue(value, compileAllowlist(['id', '*']))).toBe(value);
    expect(projectValue(value, compileAllowlist([]))).toEqual({});
  });

  test('a path inside a member already allowed whole changes nothing; order does not matter', () => {
    const a = compileAllowlist(['names', 'names.name1', 'bank[].iban', 'bank[].country']);
    const b = compileAllowlist(['bank[].country', 'names', 'bank[].iban']);
    expect(treeKey(a)).toBe(treeKey(b));
  });

  test('the envelope always passes; a record without data (envelope only) passes unchanged', () => {
    const tree = compileAllowlist(['id']);
    const record = { entityType: 'customer', entityKey: 'K', version: 'v', changeType: 'erased', extra: 1 };
    expect(projectRecord(record, tree)).toBe(record);
    const nullData = { ...record, data: null };
    expect(projectRecord(nullData, tree)).toEqual(nullData);
    const withData = { ...record, sourceSystem: 'S4P', data: value };
    expect(projectRecord(withData, tree)).toEqual({ ...record, sourceSystem: 'S4P', data: { id: '1' } });
  });

  test("members keep the record's order; names of Object's prototype are plain names", () => {
    const projected = projectValue(value, compileAllowlist(['empty', 'address.country', 'id']));
    expect(Object.keys(projected as object)).toEqual(['id', 'address', 'empty']);
    expect(projectValue({ constructor: 1, toString: 2 }, compileAllowlist(['id']))).toEqual({});
    expect(projectValue({ constructor: 1 }, compileAllowlist(['constructor']))).toEqual({ constructor: 1 });
    expect(() => parseFieldPath('__proto__.x')).toThrow(/not a member name/);
  });

  test('malformed paths are refused', () => {
    expect(() => parseFieldPath('a..b')).toThrow(/not a member name/);
    expect(() => parseFieldPath('a[0].b')).toThrow(/not a member name/);
    expect(() => compileAllowlist(['a[].b', 'a.c'])).toThrow(/array here and as an object|object here/);
    expect(parseFieldPath('salesAreas[].blocks')).toEqual([
      { member: 'salesAreas' },
      { each: true },
      { member: 'blocks' },
    ]);
  });
});

describe('default domains', () => {
  test('are valid against the record schemas', () => {
    expect(domainProblems(DEFAULT_DOMAINS)).toEqual([]);
  });

  test('analytics gets no personal data of a customer or vendor; crm and procurement get what they need', () => {
    for (const [fixture, type, needs] of [
      ['DEBMAS07_full_customer.xml', 'customer', 'crm'],
      ['CREMAS05_full_vendor.xml', 'vendor', 'procurement'],
    ] as const) {
      const record = recordOf(fixture);
      const data = record.data;
      const personal = [
        ...strings(data.names),
        ...strings((data.address as Record<string, unknown>).street),
        ...strings(data.communication),
        ...strings(data.bankDetails),
        ...strings(data.contactPersons),
        ...strings(data.tax),
      ].filter((text) => text.length > 3 && text !== 'upsert' && text !== 'delete');
      expect(personal.length).toBeGreaterThan(5);
      const analytics = projectRecord(record, treeOf('analytics', type));
      const sent = new Set(strings(analytics.data));
      expect(personal.filter((text) => sent.has(text))).toEqual([]);
      expect(analytics.data).not.toHaveProperty('bankDetails');
      expect(analytics.data).not.toHaveProperty('contactPersons');
      expect(analytics.data).toHaveProperty(`${type}Number`, record.entityKey);
      expect((analytics.data.address as Record<string, unknown>).country).toBeDefined();

      const domainView = projectRecord(record, treeOf(needs, type)).data;
      expect(domainView.names).toEqual(data.names);
      expect(domainView.contactPersons).toEqual(data.contactPersons);
      expect(domainView).not.toHaveProperty('bankDetails');
      const { entityType, entityKey, version, changeType, deleted, source } = record;
      expect(projectRecord(record, treeOf('analytics', type))).toMatchObject({
        entityType,
        entityKey,
        version,
        changeType,
        deleted,
        source,
      });
    }
  });

  test('materials reach ecommerce, procurement and analytics whole, in one shared view', () => {
    const views = planViews(DEFAULT_DOMAINS);
    expect(views.viewsOf('material').map((view) => view.name)).toEqual(['analytics+ecommerce+procurement']);
    expect(views.viewsOf('material')[0]!.tree).toEqual({ kind: 'all' });
    expect(views.viewsOf('customer').map((view) => view.name)).toEqual(['crm', 'analytics']);
    expect(
      views
        .viewsOf('salesOrder')
        .map((view) => view.name)
        .sort(),
    ).toEqual(['analytics', 'crm+ecommerce']);
    expect(views.viewNames('crm')).toEqual(['crm', 'crm+ecommerce']);
  });
});

describe('domain configuration', () => {
  const base: ConsumerDomain = {
    name: 'x',
    entityTypes: ['customer'],
    maxReceiveCount: 5,
    fields: { customer: ['names'] },
  };

  test('unknown types, unmatched paths and missing allowlists are named', () => {
    const problems = domainProblems([
      {
        ...base,
        entityTypes: ['customer', 'vendor', 'invoice'] as EntityType[],
        fields: {
          customer: ['bankDetails[].ibn', 'names.name1', 'address[].city', 'salesAreas.salesOrganization'],
          ['invoice' as EntityType]: '*',
        },
      },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown entity type "invoice"/),
        expect.stringMatching(/fields for unknown entity type "invoice"/),
        expect.stringMatching(
          /customer field "bankDetails\[\]\.ibn" matches nothing.*bankDetails\[\] has no member ibn/,
        ),
        expect.stringMatching(/"address\[\]\.city" matches nothing.*address is not an array/),
        expect.stringMatching(/"salesAreas\.salesOrganization" matches nothing.*salesAreas is not an object/),
        expect.stringMatching(/receives vendor but lists no fields/),
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/names\.name1/);
  });

  test('custom field maps accept any member name; fields of a type not received are refused', () => {
    expect(domainProblems([{ ...base, fields: { customer: ['extensions.fields.ZZFOO'] } }])).toEqual([]);
    expect(domainProblems([{ ...base, fields: { customer: '*', vendor: '*' } }])).toEqual([
      'domain x: fields for vendor, which the domain does not receive (entityTypes)',
    ]);
  });

  test('a domains file is read and checked; without one the defaults apply', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domains-'));
    const file = path.join(dir, 'domains.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        domains: [{ name: 'finance', entityTypes: ['vendor'], fields: { vendor: ['bankDetails'] } }],
      }),
    );
    expect(loadDomains(file)).toEqual([
      { name: 'finance', entityTypes: ['vendor'], maxReceiveCount: 5, fields: { vendor: ['bankDetails'] } },
    ]);
    fs.writeFileSync(
      file,
      JSON.stringify({
        domains: [{ name: 'finance', entityTypes: ['vendor'], fields: { vendor: ['iban'] } }],
      }),
    );
    expect(() => loadDomains(file)).toThrow(/SYNCHUB_DOMAINS_FILE .*vendor field "iban" matches nothing/s);
    fs.writeFileSync(file, '{"domains": [{"name": "bad name", "entityTypes": "all", "fields": {}}]}');
    expect(() => loadDomains(file)).toThrow(/domains\.0\.name/);
    expect(() => loadDomains(path.join(dir, 'absent.json'))).toThrow(/SYNCHUB_DOMAINS_FILE .*absent\.json/);
    expect(loadDomains(undefined)).toBe(DEFAULT_DOMAINS);
  });

  test("the README's example domains file is valid", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Configuring the domains'));
    const example = /```json\n([\s\S]*?)```/.exec(section)![1]!;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'domains-')), 'readme.json');
    fs.writeFileSync(file, example);
    expect(loadDomains(file).map((d) => d.name)).toEqual(['crm', 'finance']);
  });
});

describe('filter policies', () => {
  const views = planViews(DEFAULT_DOMAINS);

  test('a domain accepts its entity types in the views that name it, and messages without a view', () => {
    expect(filterPolicy(domain('crm'), views)).toEqual({
      entityType: ['customer', 'businessPartner', 'salesOrder'],
      view: ['crm', 'crm+ecommerce', { exists: false }],
    });
    expect(filterPolicy(domain('analytics'), views)).toEqual({
      entityType: [{ exists: true }],
      view: ['analytics', 'analytics+ecommerce+procurement', { exists: false }],
    });
  });

  test('view names of an earlier policy stay while they name the domain', () => {
    const earlier = filterPolicy(domain('crm'), views);
    const retained = [...policyViewNames(earlier), 'analytics+crm', 'analytics', 'crmx'];
    const policy = filterPolicy(domain('crm'), views, retained);
    expect(policyViewNames(policy)).toEqual(['crm', 'crm+ecommerce', 'analytics+crm']);
    expect(policyViewNames({ entityType: ['material'] })).toEqual([]);
  });
});

describe('group batcher', () => {
  test('never splits a group across requests, and answers each caller with its own results', async () => {
    const requests: number[][] = [];
    const batch = createGroupBatcher<number, string>({
      maxBatchSize: 10,
      waitMs: 5,
      run: async (items) => {
        requests.push([...items]);
        return items.map((item) => (item < 0 ? new Error(`bad ${item}`) : `ok ${item}`));
      },
    });
    const results = await Promise.all([
      batch([1, 2, 3, 4]),
      batch([5, 6, 7, 8]),
      batch([9, 10, -11]),
      batch([]),
      batch([12]),
    ]);
    expect(requests).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [9, 10, -11, 12],
    ]);
    expect(results[0]).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4']);
    expect(results[2]?.[2]).toBeInstanceOf(Error);
    expect(results[3]).toEqual([]);
    expect(results[4]).toEqual(['ok 12']);
  });

  test('a group larger than a request goes in consecutive requests', async () => {
    const requests: number[][] = [];
    const batch = createGroupBatcher<number, number>({
      maxBatchSize: 3,
      waitMs: 1,
      run: async (items) => {
        requests.push([...items]);
        return [...items];
      },
    });
    expect(await batch([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(requests).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });
});

describe('view messages', () => {
  const record = recordOf('DEBMAS07_full_customer.xml') as CanonicalRecord;
  const views = planViews(DEFAULT_DOMAINS);

  test('one message per view, each with its view attribute and its own FIFO deduplication ID', () => {
    const messages = viewMessages(record, views, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(messages.map((message) => message.view)).toEqual(['crm', 'analytics']);
    const entries = messages.map((message, index) => viewEntry(message, String(index), true));
    const key = `customer#${record.entityKey}#${record.version}`;
    for (const [index, entry] of entries.entries()) {
      expect(entry.MessageAttributes).toMatchObject({
        entityType: { StringValue: 'customer' },
        dedupKey: { StringValue: key },
        view: { StringValue: messages[index]!.view },
        traceparent: { StringValue: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      });
      expect(entry.MessageGroupId).toBe(`customer#${record.entityKey}`);
      expect(JSON.parse(entry.Message!)).toEqual({
        ...messages[index]!.record,
        sourceSystem: 'SAP',
        dedupKey: key,
      });
    }
    expect(entries[0]!.MessageDeduplicationId).not.toBe(entries[1]!.MessageDeduplicationId);
    expect(viewEntry(messages[0]!, '0', false).MessageDeduplicationId).toBeUndefined();
  });

  test('a type no domain receives gives no message', () => {
    const none = planViews([{ ...domain('crm'), entityTypes: ['customer'], fields: { customer: '*' } }]);
    expect(viewMessages({ ...record, entityType: 'material' }, none)).toEqual([]);
  });
});
