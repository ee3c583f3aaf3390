import { SapDocumentError } from '../domain';

/** How the encoding of a record was determined, in the order the rules are tried. */
export type EncodingSource =
  'byte-order mark' | 'UTF-16 byte pattern' | 'XML declaration' | 'content-type' | 'default';

export interface RecordText {
  text: string;
  /** WHATWG name of the encoding the bytes were read with ('utf-8', 'utf-16le', 'windows-1252', ...). */
  encoding: string;
  encodingSource: EncodingSource;
}

interface Magic {
  bytes: readonly number[];
  what: string;
}

/** Signatures of binary formats that end up on Kafka topics by mistake. */
const MAGIC: readonly Magic[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed data' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data' },
  { bytes: [0x04, 0x22, 0x4d, 0x18], what: 'LZ4-compressed data' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x4f, 0x62, 0x6a, 0x01], what: 'an Avro object container file' },
  { bytes: [0xac, 0xed, 0x00, 0x05], what: 'a serialised Java object' },
];

/** Bytes looked at to tell text from binary data. */
const SNIFF_BYTES = 8192;

function startsWith(value: Buffer, bytes: readonly number[]): boolean {
  return value.length >= bytes.length && bytes.every((byte, index) => value[index] === byte);
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

function binary(what: string, details: Record<string, unknown>): SapDocumentError {
  return new SapDocumentError(
    'BINARY_PAYLOAD',
    `record is binary data, not an SAP document (IDoc XML or CloudEvent JSON): ${what}`,
    details,
  );
}

/** Control bytes no SAP text document contains (C0 controls but tab, line feed, carriage return; DEL). */
function isControlByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f;
}

/** Throws BINARY_PAYLOAD for bytes that are not text in an ASCII-compatible encoding. */
function rejectBinary(value: Buffer): void {
  for (const magic of MAGIC) {
    if (startsWith(value, magic.bytes)) {
      const signature = magic.bytes.map(hex).join(' ');
      throw binary(`it starts with ${signature}, the signature of ${magic.what}`, { looksLike: magic.what });
    }
  }
  if (value[0] === 0x00 && value.length >= 5) {
    const schemaId = value.readUInt32BE(1);
    throw binary(
      `it starts with 0x00 and a 4-byte schema id (${schemaId}): Confluent Schema Registry framing of Avro, ` +
        'Protobuf or JSON Schema serialised data',
      { looksLike: 'schema-registry framed data', schemaId },
    );
  }
  const nul = value.indexOf(0x00);
  if (nul >= 0) {
    throw binary(`it contains a NUL byte (0x00) at byte offset ${nul}, which no text document contains`, {
      offset: nul,
    });
  }
  const sniffed = value.subarray(0, SNIFF_BYTES);
  const controls = sniffed.reduce((count, byte) => count + (isControlByte(byte) ? 1 : 0), 0);
  if (controls * 10 > sniffed.length) {
    throw binary(
      `${controls} of its first ${sniffed.length} bytes are control characters that text does not contain`,
      { controlBytes: controls, sniffedBytes: sniffed.length },
    );
  }
}

/** BOM-less UTF-16 (XML 1.0 Appendix F): an ASCII character, then a zero byte (LE) or the other way round. */
function utf16WithoutBom(value: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (value.length < 4) return undefined;
  const ascii = (byte: number | undefined) => byte !== undefined && byte >= 0x09 && byte < 0x80;
  if (ascii(value[0]) && value[1] === 0 && ascii(value[2]) && value[3] === 0) return 'utf-16le';
  if (value[0] === 0 && ascii(value[1]) && value[2] === 0 && ascii(value[3])) return 'utf-16be';
  return undefined;
}

const XML_DECLARATION_ENCODING = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([^"'>]*)\1/;

/** The `encoding` of the XML declaration, read from the first bytes as ASCII. */
function declaredEncoding(value: Buffer): string | undefined {
  const head = value.subarray(0, 1024).toString('latin1');
  return XML_DECLARATION_ENCODING.exec(head)?.[2]?.trim();
}

/** `charset` of a `content-type` header (any case), if any. */
function headerCharset(headers: Record<string, string>): string | undefined {
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

/** The WHATWG encoding a label names; UNSUPPORTED_ENCODING when there is none this runtime can decode. */
function resolveEncoding(label: string, source: EncodingSource): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    throw new SapDocumentError(
      'UNSUPPORTED_ENCODING',
      `record declares encoding '${label}' (${source}), which cannot be decoded; supported are the encodings of ` +
        'the WHATWG Encoding Standard, e.g. UTF-8, UTF-16, ISO-8859-1, windows-1252, ISO-8859-2, Shift_JIS',
      { encoding: label, declaredBy: source },
    );
  }
}

function lineAt(value: Buffer, offset: number): number {
  let line = 1;
  for (
    let index = value.indexOf(0x0a);
    index >= 0 && index < offset;
    index = value.indexOf(0x0a, index + 1)
  ) {
    line += 1;
  }
  return line;
}

/**
 * Offset of the first byte that cannot be decoded: the shortest prefix a streaming decoder refuses ends with
 * it. Undefined when every prefix decodes (the bytes end inside a character).
 */
function firstInvalidByte(value: Buffer, encoding: string): number | undefined {
  const fails = (length: number): boolean => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(value.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(value.length)) return undefined;
  let low = 1;
  let high = value.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fails(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** Byte offset of the first UTF-16 code unit that is half of a surrogate pair without its other half. */
function unpairedSurrogate(value: Buffer, encoding: 'utf-16le' | 'utf-16be'): number | undefined {
  const unit = (at: number) => (encoding === 'utf-16le' ? value.readUInt16LE(at) : value.readUInt16BE(at));
  for (let at = 0; at + 1 < value.length; at += 2) {
    const code = unit(at);
    if (code >= 0xdc00 && code <= 0xdfff) return at;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = at + 3 < value.length ? unit(at + 2) : undefined;
      if (next === undefined || next < 0xdc00 || next > 0xdfff) return at;
      at += 2;
    }
  }
  return undefined;
}

function invalidEncoding(value: Buffer, encoding: string, source: EncodingSource): SapDocumentError {
  const name = encoding.toUpperCase();
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const at = unpairedSurrogate(value, encoding);
    if (at !== undefined) {
      const code = encoding === 'utf-16le' ? value.readUInt16LE(at) : value.readUInt16BE(at);
      return new SapDocumentError(
        'INVALID_ENCODING',
        `record is not valid ${name} (${source}): code unit 0x${code.toString(16).toUpperCase()} at byte offset ` +
          `${at} is half of a surrogate pair without its other half`,
        { encoding, declaredBy: source, offset: at },
      );
    }
  }
  const offset = firstInvalidByte(value, encoding);
  if (offset === undefined) {
    // The last character is incomplete; in UTF-8 it starts at the last byte that is not a continuation byte.
    let start = value.length;
    if (encoding === 'utf-8') {
      do start -= 1;
      while (start > 0 && ((value[start] ?? 0) & 0xc0) === 0x80);
    }
    return new SapDocumentError(
      'INVALID_ENCODING',
      `record is not valid ${name} (${source}): it ends in the middle of a character (byte offset ${start})`,
      { encoding, declaredBy: source, offset: start },
    );
  }
  const byte = value[offset] ?? 0;
  const mixed =
    encoding === 'utf-8' && byte >= 0x80
      ? ' (a single-byte character such as ISO-8859-1/windows-1252 text in a UTF-8 document: mixed encodings)'
      : '';
  return new SapDocumentError(
    'INVALID_ENCODING',
    `record is not valid ${name} (${source}): byte ${hex(byte)} at byte offset ${offset} (line ${lineAt(value, offset)}) ` +
      `is not part of a valid character${mixed}`,
    { encoding, declaredBy: source, offset, byte },
  );
}

/** Which encoding the bytes are in, by the rules of XML 1.0 (4.3.3 and Appendix F), then the transport. */
function detectEncoding(
  value: Buffer,
  headers: Record<string, string>,
): { encoding: string; source: EncodingSource } {
  if (startsWith(value, [0x00, 0x00, 0xfe, 0xff]) || startsWith(value, [0xff, 0xfe, 0x00, 0x00])) {
    throw new SapDocumentError(
      'UNSUPPORTED_ENCODING',
      'record starts with a UTF-32 byte-order mark; UTF-32 is not supported (send UTF-8)',
      { encoding: 'utf-32', declaredBy: 'byte-order mark' },
    );
  }
  if (startsWith(value, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', source: 'byte-order mark' };
  if (startsWith(value, [0xff, 0xfe])) return { encoding: 'utf-16le', source: 'byte-order mark' };
  if (startsWith(value, [0xfe, 0xff])) return { encoding: 'utf-16be', source: 'byte-order mark' };
  const utf16 = utf16WithoutBom(value);
  if (utf16 !== undefined) return { encoding: utf16, source: 'UTF-16 byte pattern' };

  rejectBinary(value);
  const declared = declaredEncoding(value);
  if (declared !== undefined) {
    const encoding = resolveEncoding(declared, 'XML declaration');
    // A declaration readable byte by byte is not in UTF-16, whatever it says (middleware re-encodes documents
    // without touching the declaration); read it as UTF-8, as libxml2 does.
    return { encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, source: 'XML declaration' };
  }
  const charset = headerCharset(headers);
  if (charset !== undefined) {
    const encoding = resolveEncoding(charset, 'content-type');
    return { encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, source: 'content-type' };
  }
  return { encoding: 'utf-8', source: 'default' };
}

/**
 * The text of a Kafka record value. The encoding comes from a byte-order mark (UTF-8, UTF-16LE/BE), else the
 * byte pattern of BOM-less UTF-16, else the XML declaration's `encoding`, else the `charset` of a
 * `content-type` header, else UTF-8. ISO-8859-1 is read as windows-1252, as the WHATWG Encoding Standard (and
 * every browser) does: they differ only in 0x80-0x9F, control characters in ISO-8859-1.
 *
 * Throws SapDocumentError: BINARY_PAYLOAD (compressed, archive, image, serialised or schema-registry framed
 * data, NUL bytes, mostly control bytes), UNSUPPORTED_ENCODING (a label no decoder exists for, UTF-32),
 * INVALID_ENCODING (bytes that are not valid in the encoding, with the byte offset).
 */
/** windows-1252 characters of bytes 0x80-0x9F (the five it leaves undefined keep their ISO-8859-1 meaning). */
const WINDOWS_1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/** windows-1252 as the Encoding Standard defines it (Node 20's decoder reads that label as ISO-8859-1). */
function decodeWindows1252(value: Buffer): string {
  return value
    .toString('latin1')
    .replace(/[\u0080-\u009F]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

export function readRecordText(value: Buffer, headers: Record<string, string> = {}): RecordText {
  const { encoding, source } = detectEncoding(value, headers);
  if (encoding === 'windows-1252')
    return { text: decodeWindows1252(value), encoding, encodingSource: source };
  try {
    const text = new TextDecoder(encoding, { fatal: true }).decode(value);
    return { text, encoding, encodingSource: source };
  } catch {
    throw invalidEncoding(value, encoding, source);
  }
}
