import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  SapDocumentError,
  describeIdoc,
  splitIdocDocument,
  transformIdoc,
  type ChangeRef,
  type CanonicalRecord,
} from '../../../src/domain';
import { readFixture, sapErrorOf } from './sap-fixtures';

/*
 * Property-based robustness tests of the IDoc entry points: whatever the input, splitIdocDocument,
 * describeIdoc and transformIdoc return or throw SapDocumentError (never another error: that would crash the
 * consumer instead of parking the document), and take well under a second.
 */

const LIMIT_MS = 1000;
const SEED = 20250601;

/** Every IDoc XML fixture, real and constructed (other entity types included: they are IDocs too). */
const FIXTURES = readdirSync(join(__dirname, '../../fixtures/sap'))
  .filter((name) => name.endsWith('.xml'))
  .sort()
  .map((name) => ({ name, xml: readFixture(name) }));

type Outcome<T> = { ok: true; value: T } | { ok: false; error: SapDocumentError };

/** Runs `work`, failing the property for any error but SapDocumentError and for more than LIMIT_MS. */
function attempt<T>(what: string, work: () => T): Outcome<T> {
  const started = performance.now();
  let outcome: Outcome<T>;
  try {
    outcome = { ok: true, value: work() };
  } catch (error) {
    if (!(error instanceof SapDocumentError)) {
      throw new Error(
        `${what} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
    outcome = { ok: false, error };
  }
  const elapsed = performance.now() - started;
  if (elapsed > LIMIT_MS) throw new Error(`${what} took ${elapsed.toFixed(0)} ms (limit ${LIMIT_MS} ms)`);
  return outcome;
}

/** The three entry points on one input, plus consistency between describe and transform. */
function exercise(xml: string): void {
  attempt('transformIdoc(document)', () => transformIdoc(xml));
  const split = attempt('splitIdocDocument', () => splitIdocDocument(xml));
  if (!split.ok) return;
  for (const envelope of split.value) {
    const ref: Outcome<ChangeRef> = attempt('describeIdoc', () => describeIdoc(envelope));
    const record: Outcome<CanonicalRecord> = attempt('transformIdoc(envelope)', () =>
      transformIdoc(envelope.xml),
    );
    // An envelope is cut from a document that parsed: it must parse again.
    if (!record.ok) expect(record.error.code).not.toBe('MALFORMED_XML');
    if (ref.ok && record.ok) {
      expect({
        entityType: record.value.entityType,
        entityKey: record.value.entityKey,
        version: record.value.version,
        changeType: record.value.changeType,
      }).toEqual({
        entityType: ref.value.entityType,
        entityKey: ref.value.entityKey,
        version: ref.value.version,
        changeType: ref.value.changeType,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Mutations of the fixtures

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicateTag'; index: number }
  | { kind: 'removeTag'; index: number }
  | { kind: 'injectText'; index: number; offset: number; text: string }
  | { kind: 'nest'; index: number; depth: number }
  | { kind: 'doctype'; index: number; value: string }
  | { kind: 'externalEntity'; index: number; target: string }
  | { kind: 'entityReference'; index: number; name: string };

const TAG = /<[^<>]*>/g;
const TEXT = />([^<>]*[^\s<>][^<>]*)</g;
const SEGMENT_OPEN = /<[A-Z_][\w-]*\s+SEGMENT="1">/g;

function pick<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function spliceText(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

/** After the XML declaration (where a DOCTYPE goes), or at the start. */
function prologEnd(xml: string): number {
  const declaration = /^\uFEFF?\s*<\?xml[^>]*\?>/.exec(xml);
  return declaration ? declaration[0].length : 0;
}

/** Replaces the `index`th text node's content with `replacement`. */
function replaceText(xml: string, index: number, replacement: string): string {
  const text = pick([...xml.matchAll(TEXT)], index);
  if (text === undefined) return xml;
  return spliceText(xml, text.index + 1, text[1]!.length, replacement);
}

function applyMutation(xml: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case 'truncate':
      return xml.slice(0, mutation.at % (xml.length + 1));
    case 'insert':
      return spliceText(xml, mutation.at % (xml.length + 1), 0, mutation.text);
    case 'delete':
      return spliceText(xml, mutation.at % (xml.length + 1), mutation.length, '');
    case 'duplicateTag': {
      const tag = pick([...xml.matchAll(TAG)], mutation.index);
      return tag ? spliceText(xml, tag.index + tag[0].length, 0, tag[0]) : xml;
    }
    case 'removeTag': {
      const tag = pick([...xml.matchAll(TAG)], mutation.index);
      return tag ? spliceText(xml, tag.index, tag[0].length, '') : xml;
    }
    case 'injectText': {
      const text = pick([...xml.matchAll(TEXT)], mutation.index);
      if (text === undefined) return xml;
      return spliceText(xml, text.index + 1 + (mutation.offset % (text[1]!.length + 1)), 0, mutation.text);
    }
    case 'nest': {
      const open = pick([...xml.matchAll(SEGMENT_OPEN)], mutation.index);
      if (open === undefined) return xml;
      const block = `${'<Z1DEEP SEGMENT="1">'.repeat(mutation.depth)}<ZZF>x</ZZF>${'</Z1DEEP>'.repeat(mutation.depth)}`;
      return spliceText(xml, open.index + open[0].length, 0, block);
    }
    case 'doctype': {
      const doctype = `<!DOCTYPE MATMAS05 [<!ENTITY e "${mutation.value}">]>`;
      return spliceText(replaceText(xml, mutation.index, '&e;'), prologEnd(xml), 0, doctype);
    }
    case 'externalEntity': {
      const doctype = `<!DOCTYPE MATMAS05 [<!ENTITY xxe SYSTEM "${mutation.target}">]>`;
      return spliceText(replaceText(xml, mutation.index, '&xxe;'), prologEnd(xml), 0, doctype);
    }
    case 'entityReference':
      return replaceText(xml, mutation.index, `&${mutation.name};`);
  }
}

const position = fc.nat({ max: 100_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom('<', '>', '&', '"', '</', '/>', '<!--', ']]>', '\u0000'),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicateTag' as const), index: position }),
  fc.record({ kind: fc.constant('removeTag' as const), index: position }),
  fc.record({
    kind: fc.constant('injectText' as const),
    index: position,
    offset: position,
    text: fc.constantFrom(
      '&',
      '<',
      '& ',
      '&amp',
      '&#',
      '&#0;',
      '&#xFFFF;',
      '&lt;&amp;',
      '<![CDATA[&]]>',
      '<!-- x -->',
    ),
  }),
  fc.record({
    kind: fc.constant('nest' as const),
    index: position,
    depth: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({
    kind: fc.constant('doctype' as const),
    index: position,
    value: fc.constantFrom('x', '&#38;', 'a&b'),
  }),
  fc.record({
    kind: fc.constant('externalEntity' as const),
    index: position,
    target: fc.constantFrom('file:///etc/passwd', 'http://169.254.169.254/latest/meta-data/', 'expect://id'),
  }),
  fc.record({
    kind: fc.constant('entityReference' as const),
    index: position,
    name: fc.constantFrom('xxe', 'nbsp', 'e', 'lol9'),
  }),
);

const mutatedFixture = fc
  .tuple(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([fixture, mutations]) => mutations.reduce(applyMutation, fixture.xml));

/** Text made of XML and IDoc tokens, more likely than random text to get past the first character. */
const xmlTokenSoup = fc
  .array(
    fc.constantFrom(
      '<?xml version="1.0"?>',
      '<MATMAS05>',
      '</MATMAS05>',
      '<IDOC BEGIN="1">',
      '</IDOC>',
      '<EDI_DC40 SEGMENT="1">',
      '</EDI_DC40>',
      '<DOCNUM>1</DOCNUM>',
      '<IDOCTYP>MATMAS05</IDOCTYP>',
      '<MESTYP>MATMAS</MESTYP>',
      '<E1MARAM SEGMENT="1">',
      '</E1MARAM>',
      '<MATNR>4711</MATNR>',
      '<MSGFN>003</MSGFN>',
      '<LVORM>X</LVORM>',
      '<SERIAL>20250101000000</SERIAL>',
      '<BRGEW>1.5-</BRGEW>',
      '<ERSDA>20240231</ERSDA>',
      '&amp;',
      '&',
      '<',
      '>',
      ' ',
    ),
    { maxLength: 40 },
  )
  .map((tokens) => tokens.join(''));

describe('IDoc entry points never fail other than with SapDocumentError, and are fast (property)', () => {
  it('has fixtures to mutate', () => {
    expect(FIXTURES.map((fixture) => fixture.name)).toEqual(
      expect.arrayContaining(['MATMAS05_full_material.xml', 'ORDERS05_s4_purchase_order.xml']),
    );
  });

  it('for arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 500 }), fc.string({ unit: 'binary', maxLength: 500 })),
        exercise,
      ),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('for arbitrary bytes decoded as UTF-8 and as latin1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        exercise(Buffer.from(bytes).toString('utf8'));
        exercise(Buffer.from(bytes).toString('latin1'));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('for XML token soup', () => {
    fc.assert(fc.property(xmlTokenSoup, exercise), { seed: SEED, numRuns: 500 });
  });

  it('for mutated fixtures (truncation, insertion, deletion, tags, & and <, nesting, entities)', () => {
    fc.assert(fc.property(mutatedFixture, exercise), { seed: SEED, numRuns: 700 });
  });

  it('for the unmutated fixtures', () => {
    for (const fixture of FIXTURES) exercise(fixture.xml);
  });
});

describe('entities are never expanded', () => {
  const BILLION_LAUGHS = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE MATMAS05 [',
    '  <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, level) => {
      const previous = level === 0 ? 'lol' : `lol${level}`;
      return `  <!ENTITY lol${level + 1} "${`&${previous};`.repeat(10)}">`;
    }),
    ']>',
    '<MATMAS05><IDOC BEGIN="1"><EDI_DC40 SEGMENT="1"><DOCNUM>1</DOCNUM><IDOCTYP>MATMAS05</IDOCTYP>',
    '<MESTYP>MATMAS</MESTYP></EDI_DC40><E1MARAM SEGMENT="1"><MATNR>X</MATNR><MAKTX>&lol9;</MAKTX>',
    '</E1MARAM></IDOC></MATMAS05>',
  ].join('\n');

  const EXTERNAL_ENTITY = readFixture('MATMAS05_numeric_material.xml')
    .replace('<MATMAS05>', '<!DOCTYPE MATMAS05 [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<MATMAS05>')
    .replace('Hex bolt M8x40', '&xxe;');

  it.each([
    [
      'billion laughs',
      BILLION_LAUGHS,
      "document declares a DOCTYPE at line 2, column 1 with entity declarations ('lol', 'lol1', 'lol2', 'lol3', 'lol4', ... 10 in all) that reference other entities (an entity-expansion bomb); entities are never expanded and IDoc XML has no DTD",
    ],
    [
      'an external entity (file:///etc/passwd)',
      EXTERNAL_ENTITY,
      "document declares external entity 'xxe' (SYSTEM 'file:///etc/passwd') in a DOCTYPE at line 2, column 1; external entities are never fetched and IDoc XML has no DTD",
    ],
  ])('rejects %s as UNSAFE_XML without expanding it', (_name, xml, message) => {
    for (const work of [() => splitIdocDocument(xml), () => transformIdoc(xml)]) {
      const started = performance.now();
      const error = sapErrorOf(work);
      expect(performance.now() - started).toBeLessThan(100);
      expect(error.code).toBe('UNSAFE_XML');
      expect(error.message).toBe(message);
      expect(JSON.stringify(error.details)).not.toMatch(/lollol|root:/);
    }
  });

  it('rejects a reference to an undeclared entity (no DOCTYPE) as MALFORMED_XML', () => {
    const xml = readFixture('MATMAS05_numeric_material.xml').replace('Hex bolt M8x40', 'Hex &xxe; bolt');
    const error = sapErrorOf(() => splitIdocDocument(xml));
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.message).toBe(
      "document is not well-formed XML: entity reference '&xxe;' at line 38, column 20 is not one of XML's predefined entities (&amp; &lt; &gt; &quot; &apos;); entities are never expanded",
    );
  });

  it('decodes predefined entities exactly once', () => {
    const xml = readFixture('MATMAS05_numeric_material.xml').replace(
      'Hex bolt M8x40',
      'a &amp;lt; b &#38;amp; c',
    );
    const record = transformIdoc(xml) as CanonicalRecord<{ descriptions: Array<{ text: string }> }>;
    expect(record.data.descriptions[0]?.text).toBe('a &lt; b &amp; c');
  });

  it('rejects absurd nesting quickly', () => {
    const depth = 100_000;
    const xml = readFixture('MATMAS05_numeric_material.xml').replace(
      '<MSGFN>009</MSGFN>',
      `${'<Z1DEEP SEGMENT="1">'.repeat(depth)}${'</Z1DEEP>'.repeat(depth)}<MSGFN>009</MSGFN>`,
    );
    const started = performance.now();
    const error = sapErrorOf(() => transformIdoc(xml));
    expect(performance.now() - started).toBeLessThan(LIMIT_MS);
    expect(error.code).toBe('NESTING_TOO_DEEP');
    expect(error.message).toMatch(
      /^document nests elements more than 100 deep \(element <Z1DEEP> at line \d+, column \d+\); IDoc XML nests fewer than 10 levels$/,
    );
  });
});

/*
 * Found by this suite: character references to code points that are not XML characters are well-formedness
 * errors (XML 1.0, production [2] Char and WFC "Legal Character"). fast-xml-parser accepts them (it drops
 * references to control characters and surrogates, so a field silently becomes empty or loses a character,
 * and keeps references beyond U+10FFFF as literal text), so src/domain/idoc/xml.ts rejects them itself, and
 * the same characters written as they are.
 */
describe('characters that XML does not allow', () => {
  const withText = (text: string) =>
    readFixture('MATMAS05_numeric_material.xml').replace('Hex bolt M8x40', text);
  const description = (text: string) =>
    (transformIdoc(withText(text)) as CanonicalRecord<{ descriptions: Array<{ text: string | null }> }>).data
      .descriptions[0]?.text;
  const ALLOWED = 'U+0009, U+000A, U+000D, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF';

  it.each([
    ['&#0; (NUL: the description silently became null)', '&#0;', '&#0;', 16],
    ['&#1; (control character: was dropped)', 'Hex &#1;bolt', '&#1;', 20],
    ['&#x1F; (control character)', '&#x1F;', '&#x1F;', 16],
    ['&#xD800; (lone surrogate: was dropped)', '&#xD800;', '&#xD800;', 16],
    ['&#xDFFF; (lone surrogate)', '&#xDFFF;', '&#xDFFF;', 16],
    ['&#xFFFE; (not a character)', '&#xFFFE;', '&#xFFFE;', 16],
    ['&#xFFFF; (not a character)', '&#xFFFF;', '&#xFFFF;', 16],
    ['&#9999999; (beyond U+10FFFF: was kept as literal text)', '&#9999999;', '&#9999999;', 16],
    ['&#x110000; (beyond U+10FFFF: was kept as literal text)', '&#x110000;', '&#x110000;', 16],
    [
      'a reference with more digits than a number holds',
      `&#${'9'.repeat(400)};`,
      `&#${'9'.repeat(400)};`,
      16,
    ],
  ])('rejects %s as MALFORMED_XML', (_name, text, reference, column) => {
    for (const work of [() => splitIdocDocument(withText(text)), () => transformIdoc(withText(text))]) {
      const error = sapErrorOf(work);
      expect(error.code).toBe('MALFORMED_XML');
      expect(error.message).toBe(
        `document is not well-formed XML: character reference '${reference}' at line 38, column ${column} is not an XML character (allowed: ${ALLOWED})`,
      );
      expect(error.details).toMatchObject({
        reason: 'InvalidCharacterReference',
        line: 38,
        column,
        reference,
      });
    }
  });

  it.each([
    ['NUL', '\u0000', 'U+0000'],
    ['a control character', 'Hex \u0001bolt', 'U+0001'],
    ['ESC', '\u001b[0m', 'U+001B'],
    ['a lone surrogate', 'Hex \uD800', 'U+D800'],
    ['U+FFFE', '\uFFFE', 'U+FFFE'],
  ])('rejects %s written as it is as MALFORMED_XML', (_name, text, codePoint) => {
    const column = 16 + text.search(/[^ -~]/);
    const error = sapErrorOf(() => transformIdoc(withText(text)));
    expect(error.code).toBe('MALFORMED_XML');
    expect(error.message).toBe(
      `document is not well-formed XML: character ${codePoint} at line 38, column ${column} is not allowed in XML (allowed: ${ALLOWED})`,
    );
    expect(error.details).toMatchObject({ reason: 'InvalidCharacter', line: 38, column });
  });

  it('rejects them in attribute values, comments and CDATA sections too', () => {
    const fixture = readFixture('MATMAS05_numeric_material.xml');
    expect(sapErrorOf(() => transformIdoc(fixture.replace('SEGMENT="1"', 'SEGMENT="&#2;"'))).code).toBe(
      'MALFORMED_XML',
    );
    for (const text of ['<!-- \u0001 -->', '<![CDATA[\u0001]]>']) {
      expect(sapErrorOf(() => transformIdoc(withText(text))).code).toBe('MALFORMED_XML');
    }
  });

  it('takes a reference-like text in a comment or CDATA section literally', () => {
    expect(description('<![CDATA[&#0;]]>')).toBe('&#0;');
    expect(description('a<!-- &#0; -->b')).toBe('ab');
  });

  it.each([
    ['&#9; (tab)', 'a&#9;b', 'a\tb'],
    ['&#xA; (line feed)', 'a&#xA;b', 'a\nb'],
    ['&#x20; (the first printable character)', 'a&#x20;b', 'a b'],
    ['&#x20AC; (euro sign)', '&#x20AC; 5', '\u20AC 5'],
    ['&#xD7FF; (last before the surrogates)', '&#xD7FF;', '\uD7FF'],
    ['&#xE000; (first after the surrogates)', '&#xE000;', '\uE000'],
    ['&#xFFFD; (replacement character)', '&#xFFFD;', '\uFFFD'],
    ['&#128512; (beyond the BMP, decimal)', '&#128512;', '\u{1F600}'],
    ['&#x10FFFF; (the last code point)', '&#x10FFFF;', '\u{10FFFF}'],
    ['&#0065; (leading zeros)', '&#0065;', 'A'],
    ['&amp;lt; (decoded once)', '&amp;lt;', '&lt;'],
  ])('accepts %s', (_name, text, expected) => {
    expect(description(text)).toBe(expected);
  });

  it('accepts tabs, line feeds and characters beyond the BMP written as they are', () => {
    expect(description('a\tb \u20AC \u{1F600}')).toBe('a\tb \u20AC \u{1F600}');
  });
});
