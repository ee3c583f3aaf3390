import fc from 'fast-check';
import { SapDocumentError, compareVersions, isVersion, transformIdoc } from '../../../src/domain';
import {
  BUSINESS_PARTNER_CHANGED,
  BUSINESS_PARTNER_CREATED,
  describeBusinessPartnerEvent,
  eventRecordSource,
  eventVersion,
  isBinaryCloudEvent,
  isCloudEventPayload,
  jsonErrorOffset,
  parseCloudEvent,
  parseEventTime,
  type SapCloudEvent,
} from '../../../src/domain/events';
import { readFixture, sapErrorOf } from './sap-fixtures';

const [CHANGED_LINE = '', CREATED_LINE = ''] = readFixture('s4_business_partner_events.ndjson')
  .trim()
  .split('\n');

/** A structured event like the real ones, with `overrides` applied (undefined removes an attribute). */
function eventText(overrides: Record<string, unknown> = {}): string {
  const event: Record<string, unknown> = {
    type: BUSINESS_PARTNER_CHANGED,
    specversion: '1.0',
    source: '/default/sap.s4.beh/730431274',
    id: 'evt-1',
    time: '2023-03-03T13:19:54Z',
    datacontenttype: 'application/json',
    data: { BusinessPartner: '1000746' },
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete event[name];
    else event[name] = value;
  }
  return JSON.stringify(event);
}

function errorOf(text: string, headers?: Record<string, string>): SapDocumentError {
  return sapErrorOf(() => parseCloudEvent(text, headers));
}

describe('parseCloudEvent: the real SAP Advanced Event Mesh samples', () => {
  it('parses the Changed event exactly', () => {
    expect(parseCloudEvent(CHANGED_LINE)).toEqual({
      specversion: '1.0',
      id: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
      type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
      source: '/default/sap.s4.beh/730431274',
      time: '2023-03-03T13:19:54Z',
      datacontenttype: 'application/json',
      data: { BusinessPartner: '1000746' },
      extensions: {},
      mode: 'structured',
    });
  });

  it('parses the Created event exactly', () => {
    expect(parseCloudEvent(CREATED_LINE)).toEqual({
      specversion: '1.0',
      id: '1fad4742-d03c-1edd-aeb8-ebbdc1e74ef9',
      type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1',
      source: '/default/sap.s4.beh/730431274',
      time: '2023-03-03T13:29:05Z',
      datacontenttype: 'application/json',
      data: { BusinessPartner: '1000992' },
      extensions: {},
      mode: 'structured',
    });
  });

  it('describes both events like an IDoc ChangeRef (key padded to 10, version from the time)', () => {
    expect(describeBusinessPartnerEvent(parseCloudEvent(CHANGED_LINE))).toEqual({
      entityType: 'businessPartner',
      entityKey: '0001000746',
      version: '20230303131954.0000000006271030',
      changeType: 'upsert',
      sourceId: '/default/sap.s4.beh/730431274/1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
      sender: '/default/sap.s4.beh/730431274',
      messageType: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
      idocType: 'CloudEvent',
    });
    expect(describeBusinessPartnerEvent(parseCloudEvent(CREATED_LINE))).toEqual({
      entityType: 'businessPartner',
      entityKey: '0001000992',
      version: '20230303132905.0000000003461547',
      changeType: 'upsert',
      sourceId: '/default/sap.s4.beh/730431274/1fad4742-d03c-1edd-aeb8-ebbdc1e74ef9',
      sender: '/default/sap.s4.beh/730431274',
      messageType: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1',
      idocType: 'CloudEvent',
    });
  });

  it('sniffs both as CloudEvents', () => {
    expect(isCloudEventPayload(CHANGED_LINE)).toBe(true);
    expect(isCloudEventPayload(`\uFEFF  ${CREATED_LINE}\n`)).toBe(true);
  });

  it('makes the event record source', () => {
    expect(eventRecordSource(parseCloudEvent(CHANGED_LINE), 'CC000000000220180212174905')).toEqual({
      format: 'event',
      eventId: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
      eventType: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
      eventSource: '/default/sap.s4.beh/730431274',
      eventTime: '2023-03-03T13:19:54Z',
      etag: 'CC000000000220180212174905',
    });
    expect(eventRecordSource(parseCloudEvent(CHANGED_LINE), null)).not.toHaveProperty('etag');
  });
});

describe('isCloudEventPayload', () => {
  it.each([
    ['an IDoc', readFixture('MATMAS05_numeric_material.xml')],
    ['an OData response', readFixture('API_BUSINESS_PARTNER_odata_v2.json')],
    ['broken JSON with the right words', '{"specversion":"1.0","type":'],
    ['an array', `[${CHANGED_LINE}]`],
    ['an object without type', '{"specversion":"1.0"}'],
    ['a non-string specversion', '{"specversion":1,"type":"x"}'],
    ['empty text', ''],
  ])('is false for %s', (_name, text) => {
    expect(isCloudEventPayload(text)).toBe(false);
  });
});

describe('parseCloudEvent: errors', () => {
  it('reports malformed JSON with line and column', () => {
    const error = errorOf('{\n  "specversion": "1.0",\n  "type": tru\n}');
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toBe('CloudEvent is not valid JSON: unexpected "t" at line 3, column 11');
    expect(error.details).toEqual({ reason: 'syntax', offset: 36, line: 3, column: 11 });
  });

  it('reports truncated JSON at its end', () => {
    const text = CHANGED_LINE.slice(0, 40);
    expect(errorOf(text).message).toBe(
      'CloudEvent is not valid JSON: unexpected end of input at line 1, column 41',
    );
  });

  it('says so when it gets XML (an IDoc) instead of a CloudEvent', () => {
    const error = errorOf(readFixture('MATMAS05_numeric_material.xml'));
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toBe(
      "CloudEvent is not valid JSON: it looks like XML (starts with '<' at line 1, column 1), e.g. an IDoc sent where JSON was expected",
    );
  });

  it('rejects an empty payload', () => {
    expect(errorOf('  \n').message).toBe('CloudEvent is not valid JSON: the payload is empty');
  });

  it('rejects JSON that is not an object', () => {
    const error = errorOf(`[${CHANGED_LINE}]`);
    expect([error.code, error.message]).toEqual([
      'INVALID_VALUE',
      'CloudEvent must be a JSON object, got an array',
    ]);
  });

  it('rejects an event without data', () => {
    const error = errorOf(eventText({ data: undefined }));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.message).toBe('CloudEvent evt-1: missing data.BusinessPartner (the event has no data)');
    expect(errorOf(eventText({ data: null })).message).toBe(error.message);
  });

  it('rejects data without the key', () => {
    const error = errorOf(eventText({ data: { Partner: '1' } }));
    expect([error.code, error.message]).toEqual([
      'MISSING_FIELD',
      'CloudEvent evt-1: missing data.BusinessPartner',
    ]);
  });

  it.each([
    [
      { BusinessPartner: 1000746 },
      'CloudEvent evt-1: data.BusinessPartner must be a string (keys are text, never numbers), got a number 1000746',
    ],
    [{ BusinessPartner: '  ' }, 'CloudEvent evt-1: data.BusinessPartner is empty'],
    [
      { BusinessPartner: '12345678901' },
      "CloudEvent evt-1: data.BusinessPartner '12345678901' is longer than 10 characters",
    ],
  ])('rejects a bad key %j', (data, message) => {
    const error = errorOf(eventText({ data }));
    expect([error.code, error.message]).toEqual(['INVALID_VALUE', message]);
  });

  it('rejects data that is not an object', () => {
    expect(errorOf(eventText({ data: '{"BusinessPartner":"1"}' })).message).toBe(
      'CloudEvent evt-1: data must be a JSON object, got a string',
    );
  });

  it.each([
    ['specversion', 'CloudEvent evt-1: missing specversion'],
    ['id', 'CloudEvent (no id): missing id'],
    ['type', 'CloudEvent evt-1: missing type'],
    ['source', 'CloudEvent evt-1: missing source'],
    ['time', 'CloudEvent evt-1: missing time (needed to order changes)'],
  ])('rejects an event without %s', (attribute, message) => {
    const error = errorOf(eventText({ [attribute]: undefined }));
    expect([error.code, error.message]).toEqual(['MISSING_FIELD', message]);
  });

  it('treats a null attribute as missing', () => {
    expect(errorOf(eventText({ source: null })).code).toBe('MISSING_FIELD');
  });

  it.each([
    [{ specversion: '0.3' }, "CloudEvent evt-1: specversion '0.3' is not supported (expected '1.0')"],
    [{ specversion: 1 }, "CloudEvent evt-1: specversion a number is not supported (expected '1.0')"],
    [{ source: 42 }, 'CloudEvent evt-1: source must be a non-empty string, got a number'],
    [{ id: '' }, "CloudEvent (no id): id must be a non-empty string, got ''"],
    [
      { time: '2023-02-29T10:00:00Z' },
      "CloudEvent evt-1: time '2023-02-29T10:00:00Z' is not a valid date-time (no such date)",
    ],
    [
      { time: '2023-03-03 13:19:54' },
      "CloudEvent evt-1: time '2023-03-03 13:19:54' is not an RFC 3339 date-time (expected e.g. 2023-03-03T13:19:54Z)",
    ],
    [
      { time: '2023-03-03T24:00:00Z' },
      "CloudEvent evt-1: time '2023-03-03T24:00:00Z' is not a valid date-time (hours 00-23, minutes and seconds 00-59)",
    ],
    [
      { time: '2016-12-31T23:59:60Z' },
      "CloudEvent evt-1: time '2016-12-31T23:59:60Z' is not a valid date-time (hours 00-23, minutes and seconds 00-59)",
    ],
    [
      { time: '9999-12-31T23:30:00-01:00' },
      "CloudEvent evt-1: time '9999-12-31T23:30:00-01:00' is not a date-time between the years 0001 and 9999 UTC",
    ],
    [
      { datacontenttype: 'application/xml' },
      "CloudEvent evt-1: datacontenttype 'application/xml' is not JSON; SAP business events carry JSON data",
    ],
    [
      { data: undefined, data_base64: 'eyJCdXNpbmVzc1BhcnRuZXIiOiIxIn0=' },
      'CloudEvent evt-1: data_base64 is not supported; SAP business events carry JSON data',
    ],
  ])('rejects %j as INVALID_VALUE', (overrides, message) => {
    const error = errorOf(eventText(overrides));
    expect([error.code, error.message]).toEqual(['INVALID_VALUE', message]);
  });

  it('rejects event types it does not handle', () => {
    const error = errorOf(
      eventText({ type: 'sap.s4.beh.salesorder.v1.SalesOrder.Changed.v1', data: { SalesOrder: '1' } }),
    );
    expect(error.code).toBe('UNSUPPORTED_EVENT_TYPE');
    expect(error.message).toBe(
      "CloudEvent evt-1: event type 'sap.s4.beh.salesorder.v1.SalesOrder.Changed.v1' is not supported; supported: " +
        'sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1, sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
    );
    expect(
      errorOf(eventText({ type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Deleted.v1' })).code,
    ).toBe('UNSUPPORTED_EVENT_TYPE');
  });

  it('checks attributes before data (a foreign event type is unsupported, not missing its key)', () => {
    expect(errorOf(eventText({ type: 'com.example.Other', data: undefined })).code).toBe(
      'UNSUPPORTED_EVENT_TYPE',
    );
  });

  it('keeps long values short in messages', () => {
    const error = errorOf(eventText({ id: 'x'.repeat(500), time: 'y'.repeat(500) }));
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('parseCloudEvent: optional and extension attributes', () => {
  it('keeps subject, dataschema, extensions and extra data members', () => {
    const event = parseCloudEvent(
      eventText({
        subject: 'BP 1000746',
        dataschema: 'https://example.com/schema',
        sappassport: 'abc',
        traceparent: '00-1',
        nothing: null,
        data: { BusinessPartner: ' 1000746 ', BusinessPartnerCategory: '1' },
      }),
    );
    expect(event.subject).toBe('BP 1000746');
    expect(event.dataschema).toBe('https://example.com/schema');
    expect(event.extensions).toEqual({ sappassport: 'abc', traceparent: '00-1' });
    expect(event.data).toEqual({ BusinessPartner: '1000746', BusinessPartnerCategory: '1' });
  });

  it('accepts JSON media types with parameters and +json', () => {
    expect(parseCloudEvent(eventText({ datacontenttype: 'application/json; charset=utf-8' })).id).toBe(
      'evt-1',
    );
    expect(parseCloudEvent(eventText({ datacontenttype: 'application/vnd.sap+json' })).id).toBe('evt-1');
    expect(parseCloudEvent(eventText({ datacontenttype: undefined }))).not.toHaveProperty('datacontenttype');
  });
});

describe('parseCloudEvent: binary content mode (Kafka headers)', () => {
  const headers = {
    ce_specversion: '1.0',
    ce_id: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
    ce_type: BUSINESS_PARTNER_CREATED,
    ce_source: '/default/sap.s4.beh/730431274',
    ce_time: '2023-03-03T13:29:05.250Z',
    'content-type': 'application/json',
  };

  it('takes attributes from ce_ headers and the payload as data', () => {
    expect(isBinaryCloudEvent(headers)).toBe(true);
    const event = parseCloudEvent('{"BusinessPartner":"1000992"}', {
      ...headers,
      ce_sapclient: '100',
      other: 'x',
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: '1fad4742-d03c-1edd-aeb8-c298b3dd8d4c',
      type: BUSINESS_PARTNER_CREATED,
      source: '/default/sap.s4.beh/730431274',
      time: '2023-03-03T13:29:05.250Z',
      datacontenttype: 'application/json',
      data: { BusinessPartner: '1000992' },
      extensions: { sapclient: '100' },
      mode: 'binary',
    });
    expect(describeBusinessPartnerEvent(event).version).toBe('20230303132905.2500000006271030');
  });

  it('reads header names case-insensitively', () => {
    const upper = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(parseCloudEvent('{"BusinessPartner":"1000992"}', upper).mode).toBe('binary');
  });

  it('treats application/cloudevents+json as structured mode, and headers without ce_ as structured', () => {
    expect(isBinaryCloudEvent({ ...headers, 'content-type': 'application/cloudevents+json' })).toBe(false);
    expect(
      parseCloudEvent(CHANGED_LINE, { ...headers, 'content-type': 'application/cloudevents+json' }).mode,
    ).toBe('structured');
    expect(parseCloudEvent(CHANGED_LINE, { 'content-type': 'application/json' }).mode).toBe('structured');
    expect(isBinaryCloudEvent(undefined)).toBe(false);
  });

  it('reports a missing header, an empty payload and malformed data precisely', () => {
    const { ce_type: _type, ...withoutType } = headers;
    expect(errorOf('{"BusinessPartner":"1"}', withoutType).message).toBe(
      'CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: missing type',
    );
    expect(errorOf('', headers).message).toBe(
      'CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: missing data.BusinessPartner (the event has no data)',
    );
    const malformed = errorOf('{"BusinessPartner":}', headers);
    expect(malformed.code).toBe('MALFORMED_JSON');
    expect(malformed.message).toBe(
      'CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c data (binary mode) is not valid JSON: unexpected "}" at line 1, column 20',
    );
    expect(errorOf('<x/>', { ...headers, 'content-type': 'application/xml' }).message).toBe(
      "CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: datacontenttype 'application/xml' is not JSON; SAP business events carry JSON data",
    );
  });
});

describe('event versions', () => {
  it.each([
    ['2023-03-03T13:19:54Z', '20230303131954.0000000000000000'],
    ['2023-03-03T13:19:54.1Z', '20230303131954.1000000000000000'],
    ['2023-03-03T13:19:54.123Z', '20230303131954.1230000000000000'],
    ['2023-03-03T13:19:54.123456Z', '20230303131954.1234560000000000'],
    ['2023-03-03T13:19:54.123456789123z', '20230303131954.1234567890000000'],
    ['2023-03-03T14:19:54.5+01:00', '20230303131954.5000000000000000'],
    ['2023-03-03T00:19:54-13:30', '20230303134954.0000000000000000'],
    ['2024-01-01T00:30:00+01:00', '20231231233000.0000000000000000'],
    ['0001-01-01T00:00:00Z', '00010101000000.0000000000000000'],
  ])('%s -> %s', (time, version) => {
    expect(eventVersion(time)).toBe(version);
    expect(isVersion(eventVersion(time))).toBe(true);
  });

  it('orders two events of the same second by their fraction', () => {
    const versions = ['2023-03-03T13:19:54.9Z', '2023-03-03T13:19:54.10Z', '2023-03-03T13:19:54Z'].map(
      (time) => eventVersion(time),
    );
    expect([...versions].sort(compareVersions)).toEqual([versions[2], versions[1], versions[0]]);
  });

  it('parses the instant', () => {
    expect(parseEventTime('2023-03-03T13:19:54.000001Z')).toEqual({
      timestamp14: '20230303131954',
      nanoseconds9: '000001000',
    });
  });

  it('orders versions in time, whatever offset and fraction length the events use (property)', () => {
    const MIN = Date.UTC(1, 0, 2);
    const MAX = Date.UTC(9999, 11, 30);
    const instant = fc.record({
      ms: fc.integer({ min: MIN, max: MAX }),
      extraNanos: fc.integer({ min: 0, max: 999_999 }),
      offsetMinutes: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      digits: fc.integer({ min: 0, max: 9 }),
    });
    const format = ({
      ms,
      extraNanos,
      offsetMinutes,
      digits,
    }: fc.RecordValue<{ ms: number; extraNanos: number; offsetMinutes: number; digits: number }>) => {
      const seconds = Math.floor(ms / 1000);
      const nanos = (ms - seconds * 1000) * 1_000_000 + extraNanos;
      const local = new Date(seconds * 1000 + offsetMinutes * 60_000);
      const pad = (value: number, width = 2) => String(value).padStart(width, '0');
      const fraction = String(nanos).padStart(9, '0').slice(0, digits);
      const sign = offsetMinutes < 0 ? '-' : '+';
      const offset = Math.abs(offsetMinutes);
      const text =
        `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T` +
        `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
        `${digits > 0 ? `.${fraction}` : ''}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
      const truncated = Number(fraction.padEnd(9, '0'));
      return { text, seconds, nanos: truncated };
    };
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [x, y] = [format(a), format(b)];
        const expected = Math.sign(x.seconds - y.seconds || x.nanos - y.nanos);
        expect(compareVersions(eventVersion(x.text), eventVersion(y.text))).toBe(expected);
      }),
      { seed: 4711, numRuns: 500 },
    );
  });
});

describe('JSON where XML is expected', () => {
  it('transformIdoc rejects a CloudEvent as malformed XML, naming the first character', () => {
    const error = sapErrorOf(() => transformIdoc(CHANGED_LINE));
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.message).toBe(
      "document is not well-formed XML: char '{' is not expected at line 1, column 1",
    );
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a":1}', -1],
    ['[1, 2.5e-3, "x\\u00e9", true, false, null, {}]', -1],
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['[1,]', 3],
    ['01', 1],
    ['"a\\x"', 3],
    ['"\u0001"', 1],
    ['{"a" 1}', 5],
    ['[1] 2', 4],
    ['-', 1],
    ['{', 1],
    ['', 0],
  ])('%j -> %d', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it('agrees with JSON.parse on what is JSON, also for deep nesting (property)', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(jsonErrorOffset(deep)).toBe(-1);
    expect(jsonErrorOffset(deep.slice(0, -1))).toBe(deep.length - 1);
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((text) => text.slice(0, Math.floor(text.length / 2))),
      fc
        .array(fc.constantFrom('{', '}', '[', ']', ',', ':', '"a"', '1', 'true', ' ', '"', '\\', '-'))
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === -1).toBe(valid);
      }),
      { seed: 20250601, numRuns: 1000 },
    );
  });
});

describe('parseCloudEvent never fails other than with SapDocumentError, and is fast (property)', () => {
  const LIMIT_MS = 1000;

  function outcome(work: () => SapCloudEvent): SapCloudEvent | SapDocumentError {
    const started = performance.now();
    let result: SapCloudEvent | SapDocumentError;
    try {
      result = work();
    } catch (error) {
      if (!(error instanceof SapDocumentError)) throw error;
      result = error;
    }
    const elapsed = performance.now() - started;
    if (elapsed > LIMIT_MS) throw new Error(`took ${elapsed.toFixed(0)} ms`);
    return result;
  }

  function checkParsed(result: SapCloudEvent | SapDocumentError): void {
    if (result instanceof SapDocumentError) {
      expect(['MALFORMED_JSON', 'MISSING_FIELD', 'INVALID_VALUE', 'UNSUPPORTED_EVENT_TYPE']).toContain(
        result.code,
      );
      return;
    }
    // Whatever parses also describes: key, version and source id are always derivable.
    const ref = describeBusinessPartnerEvent(result);
    expect(isVersion(ref.version)).toBe(true);
    expect(ref.entityKey.length).toBeLessThanOrEqual(10);
  }

  const attributeValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string(), fc.constant(undefined));

  it('for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        checkParsed(outcome(() => parseCloudEvent(JSON.stringify(value))));
      }),
      { seed: 1, numRuns: 500 },
    );
  });

  it('for arbitrary text and bytes', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    );
    fc.assert(
      fc.property(text, (value) => {
        checkParsed(outcome(() => parseCloudEvent(value)));
        expect(typeof isCloudEventPayload(value)).toBe('boolean');
      }),
      { seed: 2, numRuns: 500 },
    );
  });

  it('for the real event with attributes replaced by arbitrary values', () => {
    const mutation = fc.record(
      {
        specversion: fc.oneof(fc.constant('1.0'), attributeValue),
        id: attributeValue,
        type: fc.oneof(fc.constantFrom(BUSINESS_PARTNER_CHANGED, BUSINESS_PARTNER_CREATED), attributeValue),
        source: attributeValue,
        time: fc.oneof(
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          attributeValue,
        ),
        datacontenttype: attributeValue,
        data: fc.oneof(
          fc.record({
            BusinessPartner: fc.oneof(
              fc.string({ maxLength: 12 }),
              fc.stringMatching(/^\d{1,12}$/),
              attributeValue,
            ),
          }),
          attributeValue,
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(mutation, (overrides) => {
        checkParsed(outcome(() => parseCloudEvent(eventText(overrides))));
      }),
      { seed: 3, numRuns: 800 },
    );
  });

  it('for arbitrary binary-mode headers', () => {
    const headerName = fc.constantFrom(
      'ce_specversion',
      'ce_id',
      'ce_type',
      'ce_source',
      'ce_time',
      'content-type',
      'ce_x',
    );
    const headerValue = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('1.0', BUSINESS_PARTNER_CHANGED, '2023-03-03T13:19:54Z', 'application/json'),
    );
    fc.assert(
      fc.property(fc.dictionary(headerName, headerValue), fc.jsonValue({ maxDepth: 2 }), (headers, data) => {
        checkParsed(outcome(() => parseCloudEvent(JSON.stringify(data) ?? '', headers)));
      }),
      { seed: 4, numRuns: 500 },
    );
  });
});

describe('event versions of the same instant', () => {
  it('differ by event id, stably, and still sort after earlier instants', () => {
    const a = eventVersion('2023-03-03T13:19:54Z', 'event-a');
    const b = eventVersion('2023-03-03T13:19:54Z', 'event-b');
    expect(a).not.toBe(b);
    expect(eventVersion('2023-03-03T13:19:54Z', 'event-a')).toBe(a);
    expect(compareVersions(eventVersion('2023-03-03T13:19:53.999Z', 'event-z'), a)).toBe(-1);
    expect(compareVersions(a, eventVersion('2023-03-03T13:19:54.001Z', 'event-0'))).toBe(-1);
  });
});
