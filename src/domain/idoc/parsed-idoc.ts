import { SapDocumentError } from '../errors';
import { CONTROL_RECORD, readControl, type IdocControl } from './control';
import { toSegment, type Segment } from './segment';
import { parseXmlDocument, type XmlDocument, type XmlElement } from './xml';

/** One IDoc read into segments: its control record and data segments in document order. */
export interface ParsedIdoc {
  /** Root element name of the document it came from ('MATMAS05', 'ZMATMAS05'). */
  rootName: string;
  /** Position of the IDoc in its document (0-based). */
  index: number;
  control: IdocControl;
  /** Data segments directly under IDOC (without the control record), document order. */
  segments: Segment[];
}

/** The IDOC elements directly under the root, in order. Throws NO_IDOC when there are none. */
export function idocElements(document: XmlDocument): XmlElement[] {
  const idocs = document.root.children.filter((child) => child.name === 'IDOC');
  if (idocs.length === 0) {
    const hint =
      document.root.name === 'IDOC'
        ? ' (the root is IDOC itself; expected the IDoc type, e.g. MATMAS05, as root)'
        : '';
    throw new SapDocumentError(
      'NO_IDOC',
      `document root <${document.root.qualifiedName}> holds no <IDOC> element${hint}`,
      {
        rootName: document.root.name,
      },
    );
  }
  return idocs;
}

/** Reads one IDOC element. `count` is the number of IDocs in the document, for messages. */
export function readIdocElement(
  rootName: string,
  element: XmlElement,
  index: number,
  count: number,
): ParsedIdoc {
  const where = count > 1 ? `IDoc ${index + 1} of ${count} in the document` : 'IDoc';
  const segments: Segment[] = [];
  let controlRecord: Segment | undefined;
  for (const child of element.children) {
    if (child.name === CONTROL_RECORD) {
      if (controlRecord !== undefined) {
        throw new SapDocumentError(
          'INVALID_VALUE',
          `${where}: has more than one control record ${CONTROL_RECORD}`,
          {
            index,
          },
        );
      }
      controlRecord = toSegment(child);
    } else {
      segments.push(toSegment(child));
    }
  }
  if (controlRecord === undefined) {
    throw new SapDocumentError(
      'MISSING_CONTROL_RECORD',
      `${where}: has no control record ${CONTROL_RECORD}`,
      { index },
    );
  }
  return { rootName, index, control: readControl(controlRecord, where), segments };
}

/**
 * Parses a document that must hold exactly one IDoc (what splitIdocDocument produces, what transforms take).
 * Throws MULTIPLE_IDOCS when it holds more.
 */
export function parseSingleIdoc(xml: string): ParsedIdoc {
  const document = parseXmlDocument(xml);
  const idocs = idocElements(document);
  if (idocs.length > 1) {
    throw new SapDocumentError(
      'MULTIPLE_IDOCS',
      `document holds ${idocs.length} IDocs; split it first (each IDoc is transformed on its own)`,
      { count: idocs.length },
    );
  }
  return readIdocElement(document.root.name, idocs[0]!, 0, 1);
}
