import { gzipSync } from 'node:zlib';
import { SapDocumentError, transformIdoc } from '../../src/domain';
import { decodeRecord, preservePayload } from '../../src/ingest/decode-record';
import type { DecodeFailure } from '../../src/shared/document-routing';
import { readRecordText } from '../../src/ingest/record-text';
import { materialIdoc } from '../../src/tools/matmas-generator';
import {
  FLOOD_REFERENCES,
  LARGE_BYTES,
  hostileRecords,
  type HostileRecord,
} from '../fixtures/hostile/hostile-records';

/** Deterministic context: the same material and IDoc numbers every run, so messages can be compared whole. */
function catalogue(): HostileRecord[] {
  let counter = 0;
  return hostileRecords({
    matnr: () => String(4711 + counter++),
    docnum: () => 100 + counter++,
    fetchUrl: 'http://127.0.0.1:1',
  });
}

/** A field error quoting the 5 MB value is cut where it is made; the IDoc's error around it keeps the cut. */
const LONG_KEY = `material number '${'K'.repeat(LARGE_BYTES)}' is longer than 40 characters`;
const LONG_KEY_MESSAGE = `IDoc 0000000000000140: segment E1MARAM field MATNR: ${LONG_KEY.slice(0, 1000)}... (message cut at 1000 of ${LONG_KEY.length} characters)`;
/** A million character references decoded (bounded, like any document of that size) into one 1,000,000-character key. */
const FLOOD_KEY = `material number '${'A'.repeat(FLOOD_REFERENCES)}' is longer than 40 characters`;
const FLOOD_KEY_MESSAGE = `IDoc 0000000000000167: segment E1MARAM field MATNR: ${FLOOD_KEY.slice(0, 1000)}... (message cut at 1000 of ${FLOOD_KEY.length} characters)`;

/** The exact message of every kind (the catalogue's regular expressions are its key words). */
const MESSAGES: Record<string, string> = {
  'mismatched tags':
    "document is not well-formed XML: Expected closing tag 'MTART' (opened in line 29, col 7) instead of closing tag 'MTARX' at line 29, column 18",
  'unescaped ampersand':
    "document is not well-formed XML: unescaped '&' at line 39, column 21 (a text with '&' must be written as '&amp;')",
  'truncated mid-segment':
    'document is not well-formed XML: it ends before elements <MATMAS05>, <IDOC>, <E1MARAM> are closed (truncated?)',
  'text after the root element':
    'document is not well-formed XML: Extra text at the end at line 45, column 1',
  'several root elements':
    'document is not well-formed XML: Multiple possible root nodes found at line 46, column 10',
  'invalid character reference':
    "document is not well-formed XML: character reference '&#7;' at line 39, column 21 is not an XML character (allowed: U+0009, U+000A, U+000D, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF)",
  'undeclared entity':
    "document is not well-formed XML: entity reference '&nbsp;' at line 39, column 26 is not one of XML's predefined entities (&amp; &lt; &gt; &quot; &apos;); entities are never expanded",
  'entity-expansion bomb (billion laughs)':
    "document declares a DOCTYPE at line 2, column 1 with entity declarations ('lol', 'lol1', 'lol2', 'lol3', 'lol4', ... 10 in all) that reference other entities (an entity-expansion bomb); entities are never expanded and IDoc XML has no DTD",
  'external entity (XXE)':
    "document declares external entity 'xxe' (SYSTEM 'http://127.0.0.1:1/xxe') in a DOCTYPE at line 2, column 1; external entities are never fetched and IDoc XML has no DTD",
  'external DTD':
    "document declares a DOCTYPE at line 2, column 1 with an external DTD (SYSTEM 'http://127.0.0.1:1/matmas.dtd'); DTDs are never fetched and IDoc XML has none",
  XInclude:
    "document uses XInclude (namespace http://www.w3.org/2001/XInclude) at line 39, column 9 to include 'http://127.0.0.1:1/include.xml'; inclusions are never performed and IDoc XML has none",
  'absurd nesting depth':
    'document nests elements more than 100 deep (element <Z1DEEP> at line 25, column 1947); IDoc XML nests fewer than 10 levels',
  'mixed encodings (ISO-8859-1 text in a UTF-8 document)':
    'record is not valid UTF-8 (XML declaration): byte 0xF6 at byte offset 1088 (line 39) is not part of a valid character (a single-byte character such as ISO-8859-1/windows-1252 text in a UTF-8 document: mixed encodings)',
  'unknown declared encoding':
    "record declares encoding 'SAP-1100' (XML declaration), which cannot be decoded; supported are the encodings of the WHATWG Encoding Standard, e.g. UTF-8, UTF-16, ISO-8859-1, windows-1252, ISO-8859-2, Shift_JIS",
  'invalid UTF-16 (unpaired surrogate)':
    'record is not valid UTF-16LE (byte-order mark): code unit 0xD800 at byte offset 2166 is half of a surrogate pair without its other half',
  'payload far above the Temporal limit (5 MB, truncated)':
    'document is not well-formed XML: it ends before elements <MATMAS05>, <IDOC>, <E1MARAM>, <E1MAKTM>, <MAKTX> are closed (truncated?)',
  'key far above the Temporal limit (5 MB material number)': LONG_KEY_MESSAGE,
  'empty value': 'record value is empty (0 bytes)',
  'whitespace-only value': 'record value is only whitespace (6 characters)',
  'Kafka tombstone':
    'record is a Kafka tombstone (no value): SAP documents never arrive as tombstones; nothing to route',
  'binary garbage':
    'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): it contains a NUL byte (0x00) at byte offset 1, which no text document contains',
  'gzip-compressed IDoc':
    'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): it starts with 0x1F 0x8B, the signature of gzip-compressed data',
  'schema-registry framed Avro':
    'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): it starts with 0x00 and a 4-byte schema id (300): Confluent Schema Registry framing of Avro, Protobuf or JSON Schema serialised data',
  'JSON where XML was expected':
    'record is JSON (an object with "MATNR", "MAKTX", "MEINS"), not IDoc XML or a CloudEvent (no specversion, id, type or source)',
  'IDoc flat file':
    "record is an IDoc in SAP's fixed-width flat-file format (it starts with 'EDI_DC40'); only IDoc XML is supported",
  'non-IDoc XML': 'document root <html> holds no <IDOC> element',
  'no control record': 'IDoc: has no control record EDI_DC40',
  'missing message type': 'IDoc 0000000000000146: control record EDI_DC40 has no MESTYP',
  'unknown IDoc type':
    'IDoc 0000000000000148: IDoc type INVOIC02 (message type INVOIC) is not supported; supported: material master (message type MATMAS, IDoc types MATMAS01-MATMAS05); article master (message type ARTMAS, IDoc types ARTMAS01-ARTMAS09 and extensions such as /LUMBERL/VFI_ARTMAS01); customer master (message type DEBMAS, IDoc types DEBMAS01-DEBMAS07); vendor master (message type CREMAS, IDoc types CREMAS01-CREMAS06); purchase order (message types ORDERS, ORDCHG; IDoc types ORDERS01-ORDERS05); sales order confirmation (message type ORDRSP; IDoc types ORDERS01-ORDERS05); delivery (IDoc types DELVRY01-DELVRY07; message types DESADV, SHPORD, SHPCON, WHSORD, WHSCON, DELVRY, ...)',
  'missing key (no MATNR)': 'IDoc 0000000000000150: segment E1MARAM has no MATNR',
  'overlong key':
    "IDoc 0000000000000151: segment E1MARAM field MATNR: material number 'MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM' is longer than 40 characters",
  'non-numeric DOCNUM':
    "IDoc: control record EDI_DC40 field DOCNUM '12A4' is not an IDoc number (up to 16 digits)",
  'invalid creation date':
    "IDoc 0000000000000155: control record EDI_DC40 field CREDAT '20261341' is not a valid date (expected YYYYMMDD)",
  'invalid creation time':
    "IDoc 0000000000000157: control record EDI_DC40 field CRETIM '256199' is not a valid time (expected HHMMSS)",
  'invalid number':
    "IDoc 0000000000000158: segment E1MARAM field BRGEW: 'abc' is not a decimal number (expected digits with '.' and an optional trailing minus)",
  'invalid date':
    "IDoc 0000000000000159: segment E1MARAM field ERSDA: '20240231' is not a valid date (expected YYYYMMDD)",
  'one bad IDoc among good ones': 'IDoc 0000000000000161: segment E1MARAM has no MATNR',
  'CloudEvent without data':
    'CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: missing data.BusinessPartner (the event has no data)',
  'CloudEvent without specversion': 'CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: missing specversion',
  'CloudEvent without id': 'CloudEvent (no id): missing id',
  'unknown CloudEvent type':
    "CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: event type 'sap.s4.beh.salesorder.v1.SalesOrder.Created.v1' is not supported; supported: sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1, sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1",
  'truncated CloudEvent JSON': 'CloudEvent is not valid JSON: unexpected end of input at line 1, column 121',
  'invalid CloudEvent time':
    "CloudEvent 1fad4742-d03c-1edd-aeb8-c298b3dd8d4c: time '2023-02-30T25:61:00Z' is not a valid date-time (no such date)",
  'deeply nested CloudEvent data':
    "CloudEvent nests objects and arrays more than 100 deep (at line 1, column 381); SAP's JSON nests a handful of levels",
  'content-type header contradicting the body':
    "header content-type 'application/json' says JSON, but the body is XML (root element <MATMAS05>)",
  'ce_type header contradicting the event in the body':
    "header ce_type 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1' names one event type, but the body is a CloudEvent of type 'sap.s4.beh.businesspartner.v1.BusinessPartner.Created.v1'",
  'CloudEvent headers on an IDoc body':
    "headers say a CloudEvent in binary mode (ce_type 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1'), but the body is XML (root element <MATMAS05>), not event data",
  '1,000,000 numeric character references without a DOCTYPE': FLOOD_KEY_MESSAGE,
};

function original(failure: DecodeFailure): Buffer {
  return Buffer.from(failure.payload, failure.payloadEncoding === 'base64' ? 'base64' : 'utf8');
}

function transformError(payload: string): SapDocumentError {
  try {
    transformIdoc(payload);
  } catch (error) {
    if (error instanceof SapDocumentError) return error;
    throw error;
  }
  throw new Error('transform succeeded');
}

describe('hostile records: each has a precise code and message, and is preserved exactly', () => {
  const records = catalogue();

  test('the catalogue has at least 25 kinds, each named once', () => {
    expect(records.length).toBeGreaterThanOrEqual(25);
    expect(new Set(records.map((record) => record.kind)).size).toBe(records.length);
    expect(Object.keys(MESSAGES).sort()).toEqual(records.map((record) => record.kind).sort());
  });

  test.each(records.map((record) => [record.kind, record] as const))('%s', (kind, record) => {
    // No stopwatch here (a loaded machine makes one flaky): a decoder that expanded entities or recursed
    // without bound would blow up far past jest's per-test timeout, which fails the test.
    const decoded = decodeRecord(record.value, record.headers ?? {});
    if (record.outcome === 'stuck') {
      // Routes fine; the transform refuses it (the entity workflow becomes Stuck holding the change).
      expect(decoded.failures).toEqual([]);
      expect(decoded.changes).toHaveLength(1);
      const error = transformError(decoded.changes[0]!.payload);
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(MESSAGES[kind]);
      expect(error.message).toMatch(record.message);
      return;
    }
    expect(decoded.failures).toHaveLength(1);
    const [failure] = decoded.failures as [DecodeFailure];
    expect(failure.code).toBe(record.code);
    expect(failure.message).toBe(MESSAGES[kind]);
    expect(failure.message).toMatch(record.message);
    if (record.part !== undefined) {
      expect(failure.part).toBe(record.part);
      expect(decoded.changes.map((change) => change.ref.entityKey)).toEqual(
        record.goodKeys!.map((key) => key.padStart(18, '0')),
      );
      expect(failure.payload).toMatch(/<MATNR><\/MATNR>/);
      expect(failure.payload).not.toContain(record.goodKeys![0]!);
    } else {
      expect(failure.part).toBeUndefined();
      expect(decoded.changes).toEqual([]);
      expect(original(failure).equals(record.value ?? Buffer.alloc(0))).toBe(true);
    }
  });
});

describe('reading the bytes of a record', () => {
  const latin1Idoc = materialIdoc({ matnr: '4711', docnum: 1, description: 'Schraube Größe ½ Zoll, 10 µm' });

  test('an IDoc declared ISO-8859-1 is read with the right characters', () => {
    const bytes = Buffer.from(latin1Idoc.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    expect(bytes.includes(Buffer.from([0xf6]))).toBe(true);
    const decoded = decodeRecord(bytes);
    expect(decoded.failures).toEqual([]);
    const record = transformIdoc(decoded.changes[0]!.payload);
    expect(JSON.stringify(record.data)).toContain('Schraube Größe ½ Zoll, 10 µm');
    expect(preservePayload(bytes)).toEqual({ payload: bytes.toString('base64'), payloadEncoding: 'base64' });
  });

  test('windows-1252 bytes 0x80-0x9F are its characters (ISO-8859-1 is read as windows-1252)', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\x80 \x96</a>', 'latin1');
    expect(readRecordText(bytes)).toEqual({
      text: '<?xml version="1.0" encoding="ISO-8859-1"?><a>€ –</a>',
      encoding: 'windows-1252',
      encodingSource: 'XML declaration',
    });
  });

  test.each([
    [
      'UTF-8 with a byte-order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(latin1Idoc)]),
      'utf-8',
      'byte-order mark',
    ],
    [
      'UTF-16LE with a byte-order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(latin1Idoc, 'utf16le')]),
      'utf-16le',
      'byte-order mark',
    ],
    [
      'UTF-16BE with a byte-order mark',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(latin1Idoc, 'utf16le').swap16()]),
      'utf-16be',
      'byte-order mark',
    ],
    [
      'UTF-16BE without a byte-order mark',
      Buffer.from(latin1Idoc, 'utf16le').swap16(),
      'utf-16be',
      'UTF-16 byte pattern',
    ],
    [
      'UTF-16LE without a byte-order mark',
      Buffer.from(latin1Idoc, 'utf16le'),
      'utf-16le',
      'UTF-16 byte pattern',
    ],
    [
      'declared UTF-16 but sent as UTF-8 (re-encoded by middleware)',
      Buffer.from(latin1Idoc.replace('encoding="UTF-8"', 'encoding="UTF-16"')),
      'utf-8',
      'XML declaration',
    ],
  ])('%s is read', (_name, bytes, encoding, encodingSource) => {
    const text = readRecordText(bytes);
    expect(text).toMatchObject({ encoding, encodingSource });
    expect(text.text).toContain('Schraube Größe ½ Zoll, 10 µm');
    const decoded = decodeRecord(bytes);
    expect(decoded.failures).toEqual([]);
    expect(JSON.stringify(transformIdoc(decoded.changes[0]!.payload).data)).toContain('Größe');
  });

  test('the charset of a content-type header applies when the document declares no encoding', () => {
    const bytes = Buffer.from(latin1Idoc.replace(' encoding="UTF-8"', ''), 'latin1');
    expect(readRecordText(bytes, { 'Content-Type': 'application/xml; charset=ISO-8859-1' })).toMatchObject({
      encoding: 'windows-1252',
      encodingSource: 'content-type',
    });
    const decoded = decodeRecord(bytes, { 'content-type': 'application/xml; charset="iso-8859-1"' });
    expect(decoded.failures).toEqual([]);
    const without = decodeRecord(bytes);
    expect(without.failures[0]).toMatchObject({ code: 'INVALID_ENCODING', payloadEncoding: 'base64' });
    expect(without.failures[0]!.message).toMatch(
      /^record is not valid UTF-8 \(default\): byte 0xF6 at byte offset \d+ \(line 38\)/,
    );
  });

  test('the XML declaration wins over a content-type charset', () => {
    const bytes = Buffer.from(latin1Idoc.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1');
    expect(readRecordText(bytes, { 'content-type': 'text/xml; charset=utf-8' }).encodingSource).toBe(
      'XML declaration',
    );
  });

  test('a document that is already text (a resubmitted correction) is not decoded again', () => {
    const text = latin1Idoc.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const decoded = decodeRecord(text);
    expect(decoded.failures).toEqual([]);
    expect(JSON.stringify(transformIdoc(decoded.changes[0]!.payload).data)).toContain('Größe');
  });

  test.each([
    [
      'a UTF-32 byte-order mark',
      Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x00]),
      'UNSUPPORTED_ENCODING',
      'record starts with a UTF-32 byte-order mark; UTF-32 is not supported (send UTF-8)',
    ],
    [
      'a UTF-8 document cut inside a character',
      Buffer.from('<a>Gr\u00f6').subarray(0, -1),
      'INVALID_ENCODING',
      'record is not valid UTF-8 (default): it ends in the middle of a character (byte offset 5)',
    ],
    [
      'mostly control bytes',
      Buffer.from('\x01\x02\x03\x04<a>x</a>\x05\x06\x07\x08'),
      'BINARY_PAYLOAD',
      'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): 8 of its first 16 bytes are control characters that text does not contain',
    ],
    [
      'a ZIP archive',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      'BINARY_PAYLOAD',
      'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): it starts with 0x50 0x4B 0x03 0x04, the signature of a ZIP archive',
    ],
    [
      'a gzip stream',
      gzipSync('x'),
      'BINARY_PAYLOAD',
      'record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): it starts with 0x1F 0x8B, the signature of gzip-compressed data',
    ],
  ])('%s', (_name, bytes, code, message) => {
    const decoded = decodeRecord(bytes);
    expect(decoded.failures).toEqual([expect.objectContaining({ code, message })]);
    expect(original(decoded.failures[0]!).equals(bytes)).toBe(true);
  });

  test('plain text is neither XML nor JSON, and its content (perhaps personal) is not quoted', () => {
    expect(decodeRecord(Buffer.from('Hanna Beispiel;Geheimweg 7')).failures[0]).toMatchObject({
      code: 'UNSUPPORTED_DOCUMENT',
      message:
        'record is neither XML nor JSON: it is plain text of 26 characters (content withheld: it may be personal ' +
        'data); expected IDoc XML or a CloudEvent',
    });
  });
});

describe('markup that would make a parser fetch or expand is never acted on', () => {
  test('an xml-stylesheet processing instruction is ignored; the IDoc routes', () => {
    const xml = materialIdoc({ matnr: '4711', docnum: 1 }).replace(
      '<MATMAS05>',
      '<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:1/style.xsl"?>\n<MATMAS05>',
    );
    const decoded = decodeRecord(Buffer.from(xml));
    expect(decoded.failures).toEqual([]);
    expect(decoded.changes[0]!.ref.entityKey).toBe('000000000000004711');
  });

  test('a binary-mode event whose body is the same event in structured form routes', () => {
    const event = {
      specversion: '1.0',
      type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
      source: '/default/sap.s4.beh/730431274',
      id: 'a1',
      time: '2023-03-03T13:19:54Z',
      data: { BusinessPartner: '1000746' },
    };
    const decoded = decodeRecord(Buffer.from(JSON.stringify(event)), {
      ce_specversion: '1.0',
      ce_type: event.type,
      ce_source: event.source,
      ce_id: 'a1',
      ce_time: event.time,
      'content-type': 'application/json',
    });
    expect(decoded.failures).toEqual([]);
    expect(decoded.changes[0]!.ref.entityKey).toBe('0001000746');
  });

  test('a binary-mode event without a body is an event without data', () => {
    const decoded = decodeRecord(Buffer.alloc(0), {
      ce_specversion: '1.0',
      ce_type: 'sap.s4.beh.businesspartner.v1.BusinessPartner.Changed.v1',
      ce_source: '/default/sap.s4.beh/730431274',
      ce_id: 'a2',
      ce_time: '2023-03-03T13:19:54Z',
    });
    expect(decoded.failures[0]).toMatchObject({
      code: 'MISSING_FIELD',
      message: 'CloudEvent a2: missing data.BusinessPartner (the event has no data)',
    });
  });
});

describe('long messages', () => {
  test('are cut, saying so, and so are long details', () => {
    const error = new SapDocumentError('INVALID_VALUE', `value '${'x'.repeat(5000)}'`, {
      value: 'y'.repeat(5000),
    });
    expect(error.message).toBe(`value '${'x'.repeat(993)}... (message cut at 1000 of 5008 characters)`);
    expect(error.details).toEqual({ value: `${'y'.repeat(1000)}... (5000 characters)` });
  });
});
