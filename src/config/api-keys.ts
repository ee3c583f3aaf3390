import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * What an API key may do: read records and status, act on syncs and quarantine, send documents in, erase an
 * entity on request (irreversible, so a role of its own).
 */
export const API_ROLES = ['read', 'operate', 'ingest', 'erase'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** A configured key: only its SHA-256 is kept. */
export interface ApiKey {
  sha256: Buffer;
  roles: ApiRole[];
}

/** The SHA-256 of a key as it is sent. */
export function keyHash(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

const MIN_KEY_LENGTH = 16;

/**
 * `SYNCHUB_API_KEYS`: comma-separated `role+role:key` entries, e.g. `read+operate:k3y...,ingest:sha256:<hex>`.
 * A key may be given as `sha256:<hex>` of itself, so the configuration need not hold it in clear. Throws a
 * message naming the entry (by position, never by its key) and what is wrong.
 */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw, index) => {
    const entry = raw.trim();
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new Error(`${where}: expected role+role:key, e.g. read+operate:<key>`);
    const roles = entry.slice(0, colon).split('+');
    const unknown = roles.filter((role) => !(API_ROLES as readonly string[]).includes(role));
    if (unknown.length > 0)
      throw new Error(`${where}: unknown role ${unknown.join(', ')} (roles: ${API_ROLES.join(', ')})`);
    const key = entry.slice(colon + 1);
    if (key.startsWith('sha256:')) {
      const hex = key.slice('sha256:'.length);
      if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${where}: sha256: needs 64 hex digits`);
      return { sha256: Buffer.from(hex, 'hex'), roles: roles as ApiRole[] };
    }
    if (key.length < MIN_KEY_LENGTH)
      throw new Error(`${where}: a key needs at least ${MIN_KEY_LENGTH} characters`);
    return { sha256: keyHash(key), roles: roles as ApiRole[] };
  });
}

/** The roles of a presented key, or undefined when it is not one of the configured keys. */
export function rolesOf(keys: readonly ApiKey[], presented: string): ApiRole[] | undefined {
  const hash = keyHash(presented);
  const match = keys.find((key) => timingSafeEqual(key.sha256, hash));
  return match?.roles;
}
