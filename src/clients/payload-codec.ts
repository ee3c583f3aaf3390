/**
 * Encryption of everything SyncHub hands to Temporal: workflow and activity inputs and results, signals,
 * queries, memo and (through the failure converter) failure messages. AES-256-GCM with a random 96-bit IV per
 * payload; the whole payload (metadata included) is the plaintext, so not even its encoding is visible. Each
 * encrypted payload names its key id, so after a rotation payloads written under an older key still decode as
 * long as that key stays in the ring. Payloads that are not encrypted (histories from before encryption was
 * turned on, or an operator's signal sent without the codec) pass through unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface KeyRing {
  /** The key new payloads are encrypted with. */
  activeKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** A key ring that cannot be used (malformed, a key of the wrong length, a payload under an unknown key). */
export class CodecKeyError extends Error {
  override readonly name = 'CodecKeyError';
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Parses a key ring: `id:base64key` entries separated by commas or new lines; the first is the active key,
 * every one decodes. A key is 32 random bytes (`openssl rand -base64 32`).
 */
export function parseKeyRing(text: string, source: string): KeyRing {
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new CodecKeyError(`${source} holds no key (expected id:base64key, …)`);
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new CodecKeyError(
        `${source}: an entry is not id:base64key with an id of letters, digits, '.', '_' or '-'`,
      );
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32)
      throw new CodecKeyError(
        `${source}: key ${id} is ${key.length} bytes; AES-256 needs 32 (base64 of 32 bytes)`,
      );
    if (keys.has(id)) throw new CodecKeyError(`${source}: key ${id} is given twice`);
    keys.set(id, key);
  }
  return { activeKeyId: entries[0]!.slice(0, entries[0]!.indexOf(':')), keys };
}

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {
    if (!ring.keys.has(ring.activeKeyId))
      throw new CodecKeyError(`the active key ${ring.activeKeyId} is not in the key ring`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(CIPHER, key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.ring.activeKeyId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
      const keyId = payload.metadata?.[KEY_ID_METADATA];
      if (!keyId) throw new CodecKeyError('an encrypted payload names no key id');
      const id = Buffer.from(keyId).toString();
      const key = this.ring.keys.get(id);
      if (!key)
        throw new CodecKeyError(
          `a payload is encrypted with key ${id}, which is not in the key ring (keys: ${[...this.ring.keys.keys()].join(', ')})`,
        );
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new CodecKeyError('an encrypted payload is truncated');
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
