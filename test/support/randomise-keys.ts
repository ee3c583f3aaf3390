import { randomBytes } from 'node:crypto';
import { transformDocument } from '../../src/domain';

function randomDigits(length: number): string {
  let digits = String(1 + (randomBytes(1)[0]! % 9));
  while (digits.length < length) digits += String(randomBytes(1)[0]! % 10);
  return digits;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Gives every business entity in a fixture a fresh key, so tests on a shared stack never meet records or
 * workflows of an earlier run. A numeric key keeps its digit count (and each occurrence its zero padding);
 * an alphanumeric one gets a random suffix.
 */
export function withRandomKeys(xml: string): string {
  let result = xml;
  for (const record of transformDocument(xml)) {
    const key = record.entityKey;
    if (/^\d+$/.test(key)) {
      const significant = key.replace(/^0+/, '');
      const replacement = randomDigits(significant.length);
      result = result.replace(new RegExp(`>(0*)${significant}<`, 'g'), `>$1${replacement}<`);
    } else {
      const replacement = `${key.slice(0, 8)}-${randomBytes(3).toString('hex').toUpperCase()}`;
      result = result.replace(new RegExp(`>${escapeRegExp(key)}<`, 'g'), `>${replacement}<`);
    }
  }
  return result;
}
