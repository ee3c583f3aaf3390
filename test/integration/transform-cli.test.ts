import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { transformDocument } from '../../src/domain';
import { materialDocument } from '../../src/tools/matmas-generator';
import { runSynchub } from '../support/cli';
import { ODataServer } from '../support/odata-server';

// Each test runs `synchub` as a process: seconds on a loaded 2-core machine, more than jest's default 5 s.
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'sap');
const ENTITY_TYPES = [
  'material',
  'customer',
  'vendor',
  'salesOrder',
  'purchaseOrder',
  'delivery',
  'businessPartner',
];

function transform(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'synchub.js'), 'transform', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, SYNCHUB_SAP_ODATA_URL: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectContractLine(line: string): Record<string, unknown> {
  const record = JSON.parse(line) as Record<string, unknown>;
  expect(Object.keys(record).sort()).toEqual(
    ['changeType', 'data', 'deleted', 'entityKey', 'entityType', 'source', 'version'].sort(),
  );
  expect(ENTITY_TYPES).toContain(record.entityType);
  expect(typeof record.entityKey).toBe('string');
  expect(typeof record.deleted).toBe('boolean');
  expect(record.version).toMatch(/^\d{14}\.\d{16}$/);
  expect(typeof record.data).toBe('object');
  return record;
}

const accepted = fs
  .readdirSync(FIXTURES)
  .filter((name) => /\.(xml|json)$/.test(name) && !name.includes('malformed'))
  .sort();

test.each(accepted)('%s: one line per entity on stdout, exit 0', (name) => {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const result = transform([path.join(FIXTURES, name)]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const lines = result.stdout.trimEnd().split('\n').map(expectContractLine);
  const expected = transformDocument(text);
  expect(lines.map((record) => [record.entityType, record.entityKey, record.version])).toEqual(
    expected.map((record) => [record.entityType, record.entityKey, record.version]),
  );
});

test('reads standard input with -', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'MATMAS05_two_materials.xml'), 'utf8');
  const result = transform(['-'], text);
  expect(result.status).toBe(0);
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(2);
});

test.each([
  [
    'malformed XML names line and column',
    'MATMAS05_malformed_ampersand.xml',
    /^error: .*line \d+, column \d+/,
  ],
  ['an unsupported IDoc type', null, /^error: .*INVOIC02.*not supported/],
  [
    'JSON that is neither an event nor OData',
    '{"hello": "world"}',
    /^error: .*neither a CloudEvent nor an OData/,
  ],
  ['binary garbage', '\u0000\u0001\u0002PK', /^error: /],
  ['an empty document', '', /^error: /],
])('%s: nothing on stdout, one error line, exit 2', (_what, input, message) => {
  let result;
  if (input === null) {
    const invoice = fs
      .readFileSync(path.join(FIXTURES, 'ORDERS05_s4_purchase_order.xml'), 'utf8')
      .replace(/ORDERS05/g, 'INVOIC02')
      .replace('<MESTYP>ORDERS</MESTYP>', '<MESTYP>INVOIC</MESTYP>');
    result = transform(['-'], invoice);
  } else if (input.endsWith('.xml')) {
    result = transform([path.join(FIXTURES, input)]);
  } else {
    result = transform(['-'], input);
  }
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
});

test('decodes a file by its XML declaration (ISO-8859-1) and refuses binary data with exit 2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-transform-'));
  const latin1 = path.join(dir, 'latin1.xml');
  const text = fs
    .readFileSync(path.join(FIXTURES, 'MATMAS05_full_material.xml'), 'utf8')
    .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    .replace('<MAKTX>', '<MAKTX>Größe ');
  fs.writeFileSync(latin1, Buffer.from(text, 'latin1'));
  const decoded = transform([latin1]);
  expect(decoded.status).toBe(0);
  expect(decoded.stdout).toContain('Größe ');

  const gzip = path.join(dir, 'gzip.xml');
  fs.writeFileSync(gzip, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x61, 0x62]));
  const refused = transform([gzip]);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toMatch(/binary data.*gzip/);
});

test('a missing file is refused with exit 2', () => {
  const result = transform([path.join(FIXTURES, 'no-such-file.xml')]);
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/^error: cannot read .*ENOENT/);
});

describe('business events', () => {
  const odata = new ODataServer();
  beforeAll(() => odata.start());
  afterAll(() => odata.stop());
  const events = path.join(FIXTURES, 's4_business_partner_events.ndjson');

  test('are enriched from API_BUSINESS_PARTNER: one record per event', async () => {
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      // Asynchronous spawn: the OData server answers from this same process.
      const child = spawn(process.execPath, [
        path.join(ROOT, 'bin', 'synchub.js'),
        'transform',
        events,
        '--odata-url',
        odata.baseUrl,
      ]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const records = result.stdout.trimEnd().split('\n').map(expectContractLine);
    expect(records.map((record) => [record.entityType, record.entityKey])).toEqual([
      ['businessPartner', '0001000746'],
      ['businessPartner', '0001000992'],
    ]);
  });

  test('without an OData source they are refused with the reason', () => {
    const result = transform([events]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: 2 business event\(s\) carry only keys.*SYNCHUB_SAP_ODATA_URL/);
  });
});

test('stops quietly, exit 0, when its reader closes early (| head)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-transform-'));
  const file = path.join(dir, 'materials.xml');
  const materials = Array.from({ length: 600 }, (_, i) => ({ matnr: `PIPE-${i}`, docnum: i + 1 }));
  fs.writeFileSync(file, materialDocument(materials));

  const full = await runSynchub(['transform', file]);
  expect(full.code).toBe(0);
  // Many times what a pipe buffers (64 KiB), so the reader is gone while the command still writes.
  expect(full.stdout.length).toBeGreaterThan(512 * 1024);

  const early = await runSynchub(['transform', file], { lines: 1 });
  expect(early.stderr).toBe('');
  expect(early).toMatchObject({ code: 0, signal: null });
  expect(JSON.parse(early.stdout)).toMatchObject({ entityType: 'material', entityKey: 'PIPE-0' });
  fs.rmSync(dir, { recursive: true });
});
