import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SapDocumentError } from '../errors';
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

const parser = new XMLParser({
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
  ignorePiTags: true,
});

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

function checkWellFormed(source: string): void {
  if (source.trim() === '') throw malformed('the document is empty');
  if (/<!DOCTYPE/i.test(source)) {
    throw malformed(
      'it declares a DOCTYPE; IDoc XML has none and document type definitions are not processed',
    );
  }
  const result = XMLValidator.validate(source);
  if (result !== true) {
    const { code, msg, line, col } = result.err;
    const where =
      typeof line === 'number' ? ` at line ${line}${typeof col === 'number' ? `, column ${col}` : ''}` : '';
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
    throw malformed(
      `'&' at line ${line}, column ${column} does not start an XML entity (a text with '&' must be written as '&amp;')`,
      { reason: 'InvalidEntity', line, column },
    );
  }
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
 * not allow, mismatched tags, several root elements, ...).
 */
export function parseXmlDocument(xml: string): XmlDocument {
  // A byte-order mark or blank lines before the XML declaration are tolerated (middleware adds them).
  const source = xml.replace(/^\uFEFF?\s*/, '');
  checkWellFormed(source);
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(source) as OrderedNode[];
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
