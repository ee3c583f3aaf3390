import type { IdocControl } from './control';
import { idocElements, parseSingleIdoc, readIdocElement, type ParsedIdoc } from './parsed-idoc';
import { escapeXmlAttribute, parseXmlDocument } from './xml';

export interface IdocEnvelope {
  /** Root element of the source document, e.g. 'MATMAS05', 'ZMATMAS05'. */
  rootName: string;
  control: IdocControl;
  /** A complete XML document holding exactly this one IDOC (its source text unchanged) under the same root. */
  xml: string;
  /** Position of this IDoc in the source document (0-based). */
  index: number;
}

/** Parsed form of envelopes made by splitIdocDocument, so describing one does not parse it again. */
const parsedEnvelopes = new WeakMap<IdocEnvelope, ParsedIdoc>();

/**
 * Splits an IDoc XML document (one or several <IDOC BEGIN="1"> under the type's root element) into one
 * document per IDoc. Throws SapDocumentError: MALFORMED_XML (e.g. an unescaped '&'), NO_IDOC,
 * MISSING_CONTROL_RECORD (no EDI_DC40), MISSING_FIELD (no DOCNUM, IDOCTYP or MESTYP), INVALID_VALUE.
 */
export function splitIdocDocument(xml: string): IdocEnvelope[] {
  const document = parseXmlDocument(xml);
  const elements = idocElements(document);
  const { root, source } = document;
  const attributes = Object.entries(root.attributes)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
  const open = `<?xml version="1.0" encoding="UTF-8"?>\n<${root.qualifiedName}${attributes}>\n`;
  const close = `\n</${root.qualifiedName}>\n`;

  return elements.map((element, index) => {
    const parsed = readIdocElement(root.name, element, index, elements.length);
    const envelope: IdocEnvelope = {
      rootName: root.name,
      control: parsed.control,
      xml: `${open}${source.slice(element.start, element.end)}${close}`,
      index,
    };
    parsedEnvelopes.set(envelope, parsed);
    return envelope;
  });
}

/** The parsed IDoc of an envelope: remembered from splitting, else read from `envelope.xml`. */
export function parsedEnvelope(envelope: IdocEnvelope): ParsedIdoc {
  const known = parsedEnvelopes.get(envelope);
  if (known !== undefined) return known;
  const parsed = parseSingleIdoc(envelope.xml);
  return { ...parsed, index: envelope.index };
}
