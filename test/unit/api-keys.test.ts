import { createHash } from 'node:crypto';
import { parseApiKeys, rolesOf } from '../../src/config/api-keys';

describe('API keys', () => {
  const sha = (key: string) => createHash('sha256').update(key).digest('hex');

  test('roles of a key given in clear or as its SHA-256; an unknown key has none', () => {
    const keys = parseApiKeys(`read+operate:ops-key-0123456789, ingest:sha256:${sha('sap-port-key-0123')}`);
    expect(rolesOf(keys, 'ops-key-0123456789')).toEqual(['read', 'operate']);
    expect(rolesOf(keys, 'sap-port-key-0123')).toEqual(['ingest']);
    expect(rolesOf(keys, `sha256:${sha('sap-port-key-0123')}`)).toBeUndefined();
    expect(rolesOf(keys, 'ops-key-012345678')).toBeUndefined();
    expect(rolesOf(keys, '')).toBeUndefined();
  });

  test('only hashes are kept', () => {
    const [key] = parseApiKeys('read:a-secret-key-value-1234');
    expect(JSON.stringify(key)).not.toContain('a-secret-key-value-1234');
  });

  test('unset or blank: no keys (the API is open)', () => {
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys('  ')).toEqual([]);
  });

  test('a bad entry is named by position, never by its key', () => {
    expect(() => parseApiKeys('read:ok-key-0123456789,no-roles-here')).toThrow(
      'entry 2: expected role+role:key, e.g. read+operate:<key>',
    );
    expect(() => parseApiKeys('read+admin:secret-key-0123456789')).toThrow(
      'entry 1: unknown role admin (roles: read, operate, ingest, erase)',
    );
    expect(() => parseApiKeys('read:short-secret')).toThrow('entry 1: a key needs at least 16 characters');
    let message = '';
    try {
      parseApiKeys('read:short-secret');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('short-secret');
  });
});
