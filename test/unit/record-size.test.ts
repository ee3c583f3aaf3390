import { oversizedRecord } from '../../src/ingest/record-size';

describe('the record size limit', () => {
  const limit = 16 * 1024 * 1024;

  test('names the size and the limit, in bytes and MiB, and keeps the bytes', () => {
    const value = Buffer.alloc(20 * 1024 * 1024, 0x41);
    expect(oversizedRecord(value, limit)).toEqual({
      code: 'RECORD_TOO_LARGE',
      message:
        'record is 20971520 bytes (20.0 MiB), above the limit of 16777216 bytes (16.0 MiB, ' +
        'SYNCHUB_MAX_RECORD_BYTES); it was not read, only preserved',
      payload: value.toString('utf8'),
    });
  });

  test('counts UTF-8 bytes of a document given as text; within the limit, a tombstone, no limit: nothing', () => {
    expect(oversizedRecord('ü'.repeat(600), 1024)?.message).toMatch(/^record is 1200 bytes/);
    expect(oversizedRecord('ü'.repeat(512), 1024)).toBeUndefined();
    expect(oversizedRecord(Buffer.alloc(limit), limit)).toBeUndefined();
    expect(oversizedRecord(null, 1024)).toBeUndefined();
    expect(oversizedRecord(Buffer.alloc(limit + 1), undefined)).toBeUndefined();
  });
});
