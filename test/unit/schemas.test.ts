import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  ENTITY_TYPES,
  parseCloudEvent,
  transformBusinessPartner,
  transformDocument,
  validateRecord,
  type CanonicalRecord,
} from '../../src/domain';
import { domainEntityTypes } from '../../src/config/domain-views';
import { DEFAULT_DOMAINS } from '../../src/config/domains';
import { compileAllowlist, projectRecord } from '../../src/domain/views/field-allowlist';
import {
  renderSchema,
  renderViewSchemas,
  schemaFileName,
  viewSchemaFileName,
} from '../../src/tools/write-schemas';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'sap');
const SCHEMAS = path.resolve(__dirname, '..', '..', 'schemas');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const idocRecords: [string, CanonicalRecord][] = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.xml') && !name.includes('malformed'))
  .flatMap((name) =>
    transformDocument(read(name)).map((record): [string, CanonicalRecord] => [name, record]),
  );

const [firstEvent] = read('s4_business_partner_events.ndjson').trim().split('\n');
const partnerRecord = transformBusinessPartner(
  read('API_BUSINESS_PARTNER_odata_v2.json'),
  parseCloudEvent(firstEvent!.replace('"1000746"', '"1003764"')),
);
const allRecords: [string, CanonicalRecord][] = [
  ...idocRecords,
  ['API_BUSINESS_PARTNER_odata_v2.json', partnerRecord],
];

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

describe('canonical record schemas', () => {
  test('cover every entity type, and the fixtures reach every type', () => {
    expect(new Set(allRecords.map(([, record]) => record.entityType))).toEqual(new Set(ENTITY_TYPES));
  });

  test.each(allRecords)('%s: the record passes its schema', (_name, record) => {
    expect(validateRecord(record)).toBe(record);
  });

  test.each(allRecords)('%s: the published JSON Schema accepts the record', (_name, record) => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(SCHEMAS, schemaFileName(record.entityType)), 'utf8'),
    ) as { $id: string };
    const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
    const valid = validate(JSON.parse(JSON.stringify(record)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test.each(ENTITY_TYPES)('schemas/%s file is up to date (npm run schemas)', (type) => {
    expect(fs.readFileSync(path.join(SCHEMAS, schemaFileName(type)), 'utf8')).toBe(renderSchema(type));
  });

  test('a record that does not match is refused with the offending path', () => {
    const [, record] = idocRecords.find(([, r]) => r.entityType === 'material')!;
    const broken = { ...record, data: { ...(record.data as object), materialType: 42 } };
    expect(() => validateRecord(broken)).toThrow(/SCHEMA|schema/);
    expect(() => validateRecord(broken)).toThrow(/data\.materialType/);
    const strayField = { ...record, data: { ...(record.data as object), surprise: true } };
    expect(() => validateRecord(strayField)).toThrow(/surprise|Unrecognized/);
  });
});

describe('domain view schemas', () => {
  const views = renderViewSchemas(DEFAULT_DOMAINS);

  test.each(views)('schemas/%s is up to date (npm run schemas)', (name, content) => {
    expect(fs.readFileSync(path.join(SCHEMAS, name), 'utf8')).toBe(content);
  });

  test('every domain has a view schema of every type it receives', () => {
    expect(views.map(([name]) => name).sort()).toEqual(
      DEFAULT_DOMAINS.flatMap((domain) =>
        domainEntityTypes(domain).map((type) => viewSchemaFileName(domain.name, type)),
      ).sort(),
    );
  });

  const deliveries = DEFAULT_DOMAINS.flatMap((domain) =>
    allRecords
      .filter(([, record]) => domainEntityTypes(domain).includes(record.entityType))
      .map(([name, record]): [string, string, CanonicalRecord] => [domain.name, name, record]),
  );

  test.each(deliveries)("%s: its view of %s passes the domain's view schema", (domain, _name, record) => {
    const allowlist = DEFAULT_DOMAINS.find((d) => d.name === domain)!.fields[record.entityType]!;
    const schema = JSON.parse(
      fs.readFileSync(path.join(SCHEMAS, viewSchemaFileName(domain, record.entityType)), 'utf8'),
    ) as { $id: string };
    const validate = ajv.getSchema(schema.$id) ?? ajv.compile(schema);
    const view = projectRecord(record, compileAllowlist(allowlist));
    expect(validate(JSON.parse(JSON.stringify(view)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    if (allowlist !== '*') {
      // The full record carries fields the view withholds: the view schema refuses it.
      const full = validate(JSON.parse(JSON.stringify(record)));
      expect(full).toBe(false);
    }
  });
});
