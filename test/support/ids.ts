import { randomBytes } from 'node:crypto';

/** A short random id so every test has its own topics, queues, task queue and entity keys. */
export function randomId(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A random numeric material number (stored zero-padded to 18 digits). */
export function randomMaterialNumber(): string {
  return String(100_000_000 + Math.floor(Math.random() * 899_999_999));
}
