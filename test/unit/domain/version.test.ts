import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, idocVersionTimestamp, isVersion, makeVersion } from '../../../src/domain';

describe('makeVersion', () => {
  it('builds a fixed-width version', () => {
    expect(makeVersion('20250314101500', '200001')).toBe('20250314101500.0000000000200001');
    expect(makeVersion('20250314101500', '0000000000200001')).toBe('20250314101500.0000000000200001');
    expect(makeVersion('00000000000000', '1')).toBe('00000000000000.0000000000000001');
  });

  it.each([
    ['2025031410150', '1'],
    ['2025031410150a', '1'],
    ['20250314101500', ''],
    ['20250314101500', '12345678901234567'],
    ['20250314101500', 'ABC'],
  ])('rejects %p / %p', (timestamp, docnum) => {
    expect(() => makeVersion(timestamp, docnum)).toThrow(RangeError);
  });
});

describe('compareVersions', () => {
  it('orders by timestamp, then by IDoc number', () => {
    const older = makeVersion('20250316090000', '200004');
    const sameTimeHigherDocnum = makeVersion('20250316090000', '200005');
    const newer = makeVersion('20250316090001', '1');
    expect(compareVersions(older, sameTimeHigherDocnum)).toBe(-1);
    expect(compareVersions(newer, sameTimeHigherDocnum)).toBe(1);
    expect(compareVersions(older, older)).toBe(0);
    expect([newer, older, sameTimeHigherDocnum].sort(compareVersions)).toEqual([
      older,
      sameTimeHigherDocnum,
      newer,
    ]);
  });

  it('recognises versions', () => {
    expect(isVersion('20250314101500.0000000000200001')).toBe(true);
    expect(isVersion('20250314101500.200001')).toBe(false);
    expect(isVersion(42)).toBe(false);
  });
});

describe('idocVersionTimestamp', () => {
  it.each([
    ['SERIAL when valid', '20250314101500', '20250315', '120000', '20250314101500'],
    [
      'first 14 characters of a 20-character SERIAL',
      '20230306013036693001',
      '20230306',
      '093036',
      '20230306013036',
    ],
    ['CREDAT+CRETIM when SERIAL is missing', undefined, '20250315', '081000', '20250315081000'],
    ['CREDAT+CRETIM when SERIAL is blank', '   ', '20250315', '081000', '20250315081000'],
    ['CREDAT+CRETIM when SERIAL is all zeros', '00000000000000', '20250315', '081000', '20250315081000'],
    ['CREDAT+CRETIM when SERIAL is not a date', '20251332000000', '20250315', '081000', '20250315081000'],
    ['CREDAT+CRETIM when SERIAL has letters', 'BATCH-0001', '20250315', '081000', '20250315081000'],
    ['CREDAT at midnight when CRETIM is missing', undefined, '20250315', undefined, '20250315000000'],
    ['CREDAT at midnight when CRETIM is invalid', undefined, '20250315', '256000', '20250315000000'],
    ['zeros when nothing is usable', undefined, '20250230', '081000', '00000000000000'],
    ['zeros when nothing is sent', undefined, undefined, undefined, '00000000000000'],
  ])('%s', (_case, serial, credat, cretim, expected) => {
    expect(idocVersionTimestamp(serial, credat, cretim)).toBe(expected);
  });
});

describe('version.ts', () => {
  it('has no imports (it runs in deterministic workflow code)', () => {
    const source = readFileSync(join(__dirname, '../../../src/domain/version.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\s*\(/);
    expect(source).not.toMatch(/\bDate\b|Math\.random/);
  });
});
