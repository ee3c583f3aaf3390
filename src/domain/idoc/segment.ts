import type { XmlElement } from './xml';

/**
 * One IDoc segment: its fields (leaf elements) and child segments, in document order. Empty field elements
 * (`<BISMT></BISMT>`, `<BSTME/>`, as some middleware emits them) are treated as absent.
 */
export interface Segment {
  /** Element name as in the XML ('E1MARAM', 'Z1MARAM', '_-ABC_-SEG'). */
  name: string;
  /** Field name -> raw text (not trimmed; blank-only values are dropped). First occurrence wins. */
  fields: ReadonlyMap<string, string>;
  children: Segment[];
}

/** An element is a segment when it says so (SEGMENT attribute) or has child elements; otherwise a field. */
function isSegmentElement(element: XmlElement): boolean {
  return element.children.length > 0 || 'SEGMENT' in element.attributes;
}

export function toSegment(element: XmlElement): Segment {
  const fields = new Map<string, string>();
  const children: Segment[] = [];
  for (const child of element.children) {
    if (isSegmentElement(child)) {
      children.push(toSegment(child));
    } else if (child.text.trim() !== '' && !fields.has(child.name)) {
      fields.set(child.name, child.text);
    }
  }
  return { name: element.name, fields, children };
}

export function childSegments(segment: Segment, name: string): Segment[] {
  return segment.children.filter((child) => child.name === name);
}
