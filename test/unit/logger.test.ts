import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from '../../src/logger';

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino(loggerOptions('debug', 'test'), stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('logger redaction', () => {
  test('secrets and document contents are redacted; what operators need is kept', () => {
    const { logger, lines } = capture();
    logger.warn(
      {
        password: 'pw-1',
        sasl: { mechanism: 'plain', username: 'synchub', password: 'pw-2' },
        sap: { password: 'pw-3', apiKey: 'key-1' },
        apiKey: 'key-2',
        authorization: 'Bearer key-3',
        headers: { authorization: 'Bearer key-4' },
        data: { name1: 'Hanna Beispiel' },
        change: { payload: 'Geheimweg 7', document: '<NAME1>Hanna</NAME1>' },
        record: { value: 'raw' },
        value: 'DE44 0000',
        entityType: 'customer',
        entityKey: '0000004711',
        version: '20250101000000.0000000000000001',
        code: 'INVALID_VALUE',
        field: 'KOVON',
        source: { topic: 'sap.customer', partition: 0, offset: '12' },
        reason: 'IDoc 1: segment E1KNBKM field KOVON (bank details valid-from) is not a valid date',
      },
      'change stuck',
    );
    const [line] = lines();
    const text = JSON.stringify(line);
    for (const secret of [
      'pw-1',
      'pw-2',
      'pw-3',
      'key-1',
      'key-2',
      'key-3',
      'key-4',
      'Hanna',
      'Geheimweg',
      'raw',
      'DE44',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({
      msg: 'change stuck',
      password: '[redacted]',
      sasl: { mechanism: 'plain', username: 'synchub', password: '[redacted]' },
      data: '[redacted]',
      entityType: 'customer',
      entityKey: '0000004711',
      version: '20250101000000.0000000000000001',
      code: 'INVALID_VALUE',
      field: 'KOVON',
      source: { topic: 'sap.customer', partition: 0, offset: '12' },
      reason: 'IDoc 1: segment E1KNBKM field KOVON (bank details valid-from) is not a valid date',
    });
  });
});
