import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadKeyRing } from '../../src/clients/temporal';
import {
  CodecKeyError,
  EncryptionCodec,
  KEY_ID_METADATA,
  parseKeyRing,
} from '../../src/clients/payload-codec';

const key = () => randomBytes(32).toString('base64');
const MARKER = 'Zq7-Privat-Müller';

describe('payload encryption codec', () => {
  const k1 = key();
  const k2 = key();
  const ringV1 = parseKeyRing(`k1:${k1}`, 'test');
  const ringV2 = parseKeyRing(`k2:${k2},k1:${k1}`, 'test');

  test('encrypts the whole payload, metadata included, and decrypts it back', async () => {
    const codec = new EncryptionCodec(ringV1);
    const plain = defaultPayloadConverter.toPayload({ name: MARKER, iban: 'DE89370400440532013000' });
    const [encrypted] = await codec.encode([plain]);
    const raw = Buffer.from(encrypted!.data!);
    expect(raw.includes(Buffer.from(MARKER))).toBe(false);
    expect(raw.includes(Buffer.from('json/plain'))).toBe(false);
    expect(Buffer.from(encrypted!.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(encrypted!.metadata![KEY_ID_METADATA]!).toString()).toBe('k1');
    const [decoded] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({
      name: MARKER,
      iban: 'DE89370400440532013000',
    });
  });

  test('two encryptions of the same payload differ (a fresh IV each time)', async () => {
    const codec = new EncryptionCodec(ringV1);
    const plain = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  test('payloads that are not encrypted pass through (older histories, signals sent without the codec)', async () => {
    const plain = defaultPayloadConverter.toPayload({ by: 'jdoe' });
    const [decoded] = await new EncryptionCodec(ringV1).decode([plain]);
    expect(decoded).toBe(plain);
  });

  test('after a rotation new payloads use the new key and old ones still decode', async () => {
    const [old] = await new EncryptionCodec(ringV1).encode([defaultPayloadConverter.toPayload('old')]);
    const rotated = new EncryptionCodec(ringV2);
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload('new')]);
    expect(Buffer.from(fresh!.metadata![KEY_ID_METADATA]!).toString()).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['old', 'new']);
  });

  test('a payload under a key that left the ring fails with the key named', async () => {
    const [fresh] = await new EncryptionCodec(ringV2).encode([defaultPayloadConverter.toPayload('x')]);
    await expect(new EncryptionCodec(ringV1).decode([fresh!])).rejects.toThrow(
      'a payload is encrypted with key k2, which is not in the key ring (keys: k1)',
    );
  });

  test('a tampered payload is refused, not decoded into something else', async () => {
    const codec = new EncryptionCodec(ringV1);
    const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload('amount: 100')]);
    const data = Buffer.from(encrypted!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...encrypted!, data }])).rejects.toThrow();
  });
});

describe('key ring', () => {
  test('the first key encrypts; comments and blank lines are ignored', () => {
    const ring = parseKeyRing(`# keys\n\nnew:${key()}\nold:${key()}\n`, 'file');
    expect(ring.activeKeyId).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
  });

  test.each([
    ['', 'file holds no key'],
    [`:${key()}`, 'is not id:base64key'],
    ['k1:c2hvcnQ=', 'key k1 is 5 bytes; AES-256 needs 32'],
    [`k1:${key()},k1:${key()}`, 'key k1 is given twice'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseKeyRing(text, 'file')).toThrow(CodecKeyError);
    expect(() => parseKeyRing(text, 'file')).toThrow(message);
  });

  test("the embedded stack's key ring is made once, readable by its owner only, and then kept", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synchub-keys-'));
    const file = path.join(dir, 'state', 'codec-keys');
    try {
      const ring = loadKeyRing({ file, generate: true });
      expect(ring.keys.get(ring.activeKeyId)).toHaveLength(32);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const again = loadKeyRing({ file, generate: true });
      expect(again.activeKeyId).toBe(ring.activeKeyId);
      expect(again.keys.get(again.activeKeyId)).toEqual(ring.keys.get(ring.activeKeyId));
      // A configured file is never made up.
      expect(() => loadKeyRing({ file: path.join(dir, 'missing') })).toThrow(/SYNCHUB_CODEC_KEYS_FILE/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
