import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MAX_NESTING_DEPTH, SapDocumentError } from '../errors';
import { localXmlName } from './names';

/** An element of a parsed XML document, with its position in the source text. */
export interface XmlElement {
  /** Name as written, with any namespace prefix. */
  qualifiedName: string;
  /** Name without namespace prefix. */
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Concatenated text directly inside the element (entities decoded). */
  text: string;
  /** Offsets of the element in `XmlDocument.source` (start inclusive, end exclusive). */
  start: number;
  end: number;
}

export interface XmlDocument {
  /** The text that was parsed (input without a leading byte-order mark or blanks). */
  source: string;
  root: XmlElement;
}

type OrderedNode = Record<string, unknown>;

const META = XMLParser.getMetaDataSymbol() as unknown as string;
const XML_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Only numeric character references are decoded by this; non-XML named entities are rejected before parsing.
  htmlEntities: true,
  captureMetaData: true,
  ignoreDeclaration: true,
  // Processing instructions (e.g. <?xml-stylesheet href=...?>) are dropped, never acted on.
  ignorePiTags: true,
  // Deeper documents are refused before parsing (checkNestingDepth); this is only a second line.
  maxNestedTags: MAX_NESTING_DEPTH * 2,
} as const;

/**
 * A parser whose entity limits are sized to the document. With every DOCTYPE refused before parsing, the only
 * references left are XML's predefined entities and numeric character references: each is at least four
 * characters and decodes to at most two, so decoding never makes a document longer than it is, and its size
 * is bounded by the record size limit. Limits of the document's own length therefore never refuse a
 * legitimate document however many references it holds (fast-xml-parser's fixed defaults, 100,000 characters
 * or, in some releases, 1,000 expansions, would refuse a large IDoc full of `&amp;`), while still bounding
 * the work.
 */
function parserFor(source: string): XMLParser {
  const length = Math.max(1, source.length);
  return new XMLParser({
    ...PARSER_OPTIONS,
    processEntities: { enabled: true, maxTotalExpansions: length, maxExpandedLength: length },
  });
}

function malformed(message: string, details: Record<string, unknown> = {}): SapDocumentError {
  return new SapDocumentError('MALFORMED_XML', `document is not well-formed XML: ${message}`, details);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Blanks out comments and CDATA sections (keeping offsets) so the entity check only sees markup and text. */
function withoutCommentsAndCdata(text: string): string {
  return text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (section) =>
    section.replace(/[^\n]/g, ' '),
  );
}

/** XML 1.0 production [2] Char, negated: a code point that may not appear in a document, raw or referenced. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const CHARACTER_REFERENCE = /&#(?:([0-9]+)|x([0-9a-fA-F]+));/g;
const XML_CHARS = 'U+0009, U+000A, U+000D, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF';

function isXmlChar(codePoint: number): boolean {
  return codePoint <= 0x10ffff && !NOT_XML_CHAR.test(String.fromCodePoint(codePoint));
}

function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Rejects characters that XML 1.0 does not allow (production [2] Char, WFC "Legal Character"): written as
 * they are anywhere in the document, or as a character reference in markup or text. fast-xml-parser accepts
 * both (it drops or keeps such references silently), so this runs before it.
 */
function checkCharacters(source: string, markupAndText: string): void {
  const raw = NOT_XML_CHAR.exec(source);
  if (raw) {
    const codePoint = raw[0].codePointAt(0) ?? 0;
    const { line, column } = lineAndColumn(source, raw.index);
    throw malformed(
      `character ${codePointName(codePoint)} at line ${line}, column ${column} is not allowed in XML (allowed: ${XML_CHARS})`,
      { reason: 'InvalidCharacter', line, column, codePoint },
    );
  }
  for (const reference of markupAndText.matchAll(CHARACTER_REFERENCE)) {
    const [text, decimal, hex] = reference;
    // Digits beyond what a number holds exactly are far beyond U+10FFFF all the same.
    const codePoint = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
    if (isXmlChar(codePoint)) continue;
    const { line, column } = lineAndColumn(source, reference.index);
    throw malformed(
      `character reference '${text}' at line ${line}, column ${column} is not an XML character (allowed: ${XML_CHARS})`,
      { reason: 'InvalidCharacterReference', line, column, reference: text },
    );
  }
}

function unsafe(message: string, details: Record<string, unknown> = {}): SapDocumentError {
  return new SapDocumentError('UNSAFE_XML', `document ${message}`, details);
}

const ENTITY_DECLARATION =
  /<!ENTITY\s+(%\s+)?([^\s"'<>]+)\s*(?:(SYSTEM|PUBLIC)\s*(?:(["'])[^"']*\4\s*)?(["'])([^"']*)\5)?/g;
const ENTITY_VALUE = /^<!ENTITY\s+(?:%\s+)?[^\s"'<>]+\s*(["'])([^"']*)\1/;
const EXTERNAL_DTD = /^<!DOCTYPE\s+[^\s[>]+\s+(SYSTEM|PUBLIC)\s*(?:(["'])[^"']*\2\s*)?(["'])([^"']*)\3/i;
const XINCLUDE_NAMESPACE = 'http://www.w3.org/2001/XInclude';

/**
 * A DOCTYPE is refused before anything reads it: IDoc XML has none, and it is how entity-expansion bombs
 * ('billion laughs') and external entities (XXE) get in. The message says which it was; nothing is expanded
 * or fetched.
 */
function rejectDoctype(source: string, at: number): never {
  const { line, column } = lineAndColumn(source, at);
  const doctype = source.slice(at, at + 64 * 1024);
  const where = `at line ${line}, column ${column}`;
  const entities = [...doctype.matchAll(ENTITY_DECLARATION)].slice(0, 1000);
  const external = entities.find((entity) => entity[3] !== undefined);
  if (external) {
    const kind = external[1] ? 'parameter entity' : 'entity';
    throw unsafe(
      `declares external ${kind} '${external[2]}' (${external[3]} '${external[6]}') in a DOCTYPE ${where}; ` +
        'external entities are never fetched and IDoc XML has no DTD',
      { reason: 'ExternalEntity', entity: external[2], target: external[6], line, column },
    );
  }
  const dtd = EXTERNAL_DTD.exec(doctype);
  if (dtd) {
    throw unsafe(
      `declares a DOCTYPE ${where} with an external DTD (${dtd[1]!.toUpperCase()} '${dtd[4]}'); ` +
        'DTDs are never fetched and IDoc XML has none',
      { reason: 'ExternalDtd', target: dtd[4], line, column },
    );
  }
  if (entities.length > 0) {
    const names = entities.slice(0, 5).map((entity) => `'${entity[2]}'`);
    const more = entities.length > names.length ? `, ... ${entities.length} in all` : '';
    const nested = entities.some((entity) => {
      const literal = ENTITY_VALUE.exec(doctype.slice(entity.index, entity.index + 4096))?.[2] ?? '';
      return /[&%][^;\s]+;/.test(literal);
    });
    throw unsafe(
      `declares a DOCTYPE ${where} with entity declarations (${names.join(', ')}${more})` +
        `${nested ? ' that reference other entities (an entity-expansion bomb)' : ''}; ` +
        'entities are never expanded and IDoc XML has no DTD',
      { reason: 'EntityDeclaration', entities: entities.length, line, column },
    );
  }
  throw unsafe(
    `declares a DOCTYPE ${where}; IDoc XML has none and document type definitions are not processed`,
    { reason: 'Doctype', line, column },
  );
}

/** XInclude would pull content from elsewhere: refused, since it is never performed. */
function rejectXInclude(source: string, markupAndText: string): void {
  const at = markupAndText.indexOf(XINCLUDE_NAMESPACE);
  if (at < 0) return;
  const include = /<[\w.-]+:include\b[^>]*>/.exec(markupAndText);
  const { line, column } = lineAndColumn(source, include?.index ?? at);
  const href = include ? /\bhref\s*=\s*["']([^"']*)["']/.exec(include[0])?.[1] : undefined;
  throw unsafe(
    `uses XInclude (namespace ${XINCLUDE_NAMESPACE}) at line ${line}, column ${column}` +
      `${href !== undefined ? ` to include '${href}'` : ''}; inclusions are never performed and IDoc XML has none`,
    { reason: 'XInclude', line, column, ...(href !== undefined ? { href } : {}) },
  );
}

/** End (exclusive) of a markup section starting at `at` that ends with `terminator`; -1 when unterminated. */
function sectionEnd(source: string, at: number, terminator: string): number {
  const end = source.indexOf(terminator, at);
  return end < 0 ? -1 : end + terminator.length;
}

/**
 * Refuses element nesting deeper than MAX_NESTING_DEPTH, counted in one linear pass over the text, before
 * any parser (recursive or not) sees the document. Only counts: whether the markup is well-formed is checked
 * afterwards.
 */
function checkNestingDepth(source: string): void {
  let depth = 0;
  let at = source.indexOf('<');
  while (at >= 0) {
    let next: number;
    if (source.startsWith('<!--', at)) next = sectionEnd(source, at + 4, '-->');
    else if (source.startsWith('<![CDATA[', at)) next = sectionEnd(source, at + 9, ']]>');
    else if (source.startsWith('<?', at)) next = sectionEnd(source, at + 2, '?>');
    else if (source.startsWith('</', at)) {
      depth = Math.max(0, depth - 1);
      next = at + 2;
    } else if (source.startsWith('<!', at)) next = at + 2;
    else {
      let end = at + 1;
      let quote: string | undefined;
      for (; end < source.length; end += 1) {
        const char = source[end];
        if (quote !== undefined) {
          if (char === quote) quote = undefined;
        } else if (char === '"' || char === "'") quote = char;
        else if (char === '>') break;
      }
      if (end >= source.length) return;
      if (source[end - 1] !== '/') {
        depth += 1;
        if (depth > MAX_NESTING_DEPTH) {
          const { line, column } = lineAndColumn(source, at);
          const name = /^<([^\s/>]+)/.exec(source.slice(at, at + 200))?.[1] ?? '?';
          throw new SapDocumentError(
            'NESTING_TOO_DEEP',
            `document nests elements more than ${MAX_NESTING_DEPTH} deep (element <${name}> at line ${line}, ` +
              `column ${column}); IDoc XML nests fewer than 10 levels`,
            { limit: MAX_NESTING_DEPTH, element: name, line, column },
          );
        }
      }
      next = end + 1;
    }
    if (next < 0) return;
    at = source.indexOf('<', next);
  }
}

/** The validator's message for a document that ends inside elements: "Invalid '["A","B"]' found." */
function unclosedElements(message: string): string[] | undefined {
  const match = /^Invalid '(\[[\s\S]*\])' found/.exec(message);
  if (!match) return undefined;
  try {
    const names = JSON.parse(match[1]!) as unknown;
    return Array.isArray(names) && names.every((name) => typeof name === 'string') ? names : undefined;
  } catch {
    return undefined;
  }
}

function checkWellFormed(source: string): void {
  if (source.trim() === '') throw malformed('the document is empty');
  const doctype = /<!DOCTYPE/i.exec(source);
  if (doctype) rejectDoctype(source, doctype.index);
  checkNestingDepth(source);
  const result = XMLValidator.validate(source);
  if (result !== true) {
    const { code, msg, line, col } = result.err;
    const where =
      typeof line === 'number' ? ` at line ${line}${typeof col === 'number' ? `, column ${col}` : ''}` : '';
    const unclosed = code === 'InvalidXml' ? unclosedElements(msg) : undefined;
    if (unclosed !== undefined) {
      const names = unclosed.map((name) => `<${name}>`).join(', ');
      throw malformed(
        `it ends before ${unclosed.length === 1 ? 'element' : 'elements'} ${names} ${unclosed.length === 1 ? 'is' : 'are'} closed (truncated?)`,
        { reason: 'Truncated', unclosed },
      );
    }
    const problem =
      code === 'InvalidChar' && msg.includes("'&'")
        ? `unescaped '&'${where} (a text with '&' must be written as '&amp;')`
        : `${msg.replace(/\.$/, '')}${where}`;
    throw malformed(problem, { reason: code, line, column: col });
  }
  const markupAndText = withoutCommentsAndCdata(source);
  const entity = XML_ENTITY.exec(markupAndText);
  if (entity) {
    const { line, column } = lineAndColumn(source, entity.index);
    const reference = /^&([A-Za-z_:][\w.:-]*);/.exec(markupAndText.slice(entity.index, entity.index + 200));
    if (reference) {
      throw malformed(
        `entity reference '${reference[0]}' at line ${line}, column ${column} is not one of XML's predefined ` +
          `entities (&amp; &lt; &gt; &quot; &apos;); entities are never expanded`,
        { reason: 'UndeclaredEntity', entity: reference[1], line, column },
      );
    }
    throw malformed(
      `'&' at line ${line}, column ${column} does not start an XML entity (a text with '&' must be written as '&amp;')`,
      { reason: 'InvalidEntity', line, column },
    );
  }
  rejectXInclude(source, markupAndText);
  checkCharacters(source, markupAndText);
}

function textOf(node: OrderedNode): string | undefined {
  const text = node['#text'];
  return typeof text === 'string' ? text : typeof text === 'number' ? String(text) : undefined;
}

function toElement(node: OrderedNode, qualifiedName: string): XmlElement {
  const meta = (node as Record<string, unknown>)[META] as
    { startIndex?: number; endIndex?: number } | undefined;
  const attributes: Record<string, string> = {};
  const rawAttributes = node[':@'];
  if (rawAttributes && typeof rawAttributes === 'object') {
    for (const [name, value] of Object.entries(rawAttributes as Record<string, unknown>)) {
      attributes[name] = String(value);
    }
  }
  const children: XmlElement[] = [];
  let text = '';
  const content = node[qualifiedName];
  if (Array.isArray(content)) {
    for (const child of content as OrderedNode[]) {
      const childText = textOf(child);
      if (childText !== undefined) {
        text += childText;
        continue;
      }
      const childName = Object.keys(child).find((key) => key !== ':@');
      if (childName !== undefined) children.push(toElement(child, childName));
    }
  }
  return {
    qualifiedName,
    name: localXmlName(qualifiedName),
    attributes,
    children,
    text,
    start: meta?.startIndex ?? -1,
    end: meta?.endIndex ?? -1,
  };
}

/**
 * Parses a complete XML document. Throws SapDocumentError MALFORMED_XML for anything that is not a single
 * well-formed XML document (unescaped '&', unknown entities, characters or character references that XML does
 * not allow, mismatched tags, several root elements, a truncated document, ...), UNSAFE_XML for a DOCTYPE
 * (entity declarations, external entities or DTDs) or XInclude, and NESTING_TOO_DEEP for elements nested more
 * than MAX_NESTING_DEPTH deep. Entities are never expanded and nothing is ever fetched.
 */
export function parseXmlDocument(xml: string): XmlDocument {
  // A byte-order mark or blank lines before the XML declaration are tolerated (middleware adds them).
  const source = xml.replace(/^\uFEFF?\s*/, '');
  checkWellFormed(source);
  let nodes: OrderedNode[];
  try {
    nodes = parserFor(source).parse(source) as OrderedNode[];
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error));
  }
  const roots: XmlElement[] = [];
  for (const node of nodes) {
    const text = textOf(node);
    if (text !== undefined) {
      if (text.trim() !== '') throw malformed('text outside the root element');
      continue;
    }
    const name = Object.keys(node).find((key) => key !== ':@');
    if (name !== undefined) roots.push(toElement(node, name));
  }
  if (roots.length !== 1) {
    throw malformed(roots.length === 0 ? 'it has no root element' : `it has ${roots.length} root elements`);
  }
  return { source, root: roots[0]! };
}

/** Escapes text for use in an XML attribute value in double quotes. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
