import { decodeSapName, isExtensionFieldName, isStandardSegmentName } from './names';
import type { Segment } from './segment';

/** A customer or namespaced segment kept as it came (names decoded: '_-ABC_-SEG' -> '/ABC/SEG'). */
export interface ExtensionSegment {
  /** Segment it was found under (decoded), 'IDOC' at the top level. */
  parent: string;
  /** All its fields, trimmed; empty ones are absent. */
  fields: Record<string, string>;
  /** Its child segments by decoded name, when it has any. */
  segments?: Record<string, ExtensionSegment[]>;
}

/**
 * What a standard segment carried beyond the standard: customer/namespaced fields in it, and customer
 * segments (Z1..., Y1..., /NS/...) under it, so nothing is silently lost.
 */
export interface Extensions {
  /**
   * Extension fields by decoded name ('/ABC/FIELD', 'ZZCOLOR'). Fields found in a standard child segment
   * the transform does not map are keyed '<SEGMENT>.<FIELD>'.
   */
  fields: Record<string, string>;
  /** Customer segments by decoded name, in document order. */
  segments: Record<string, ExtensionSegment[]>;
}

function trimmedFields(segment: Segment, only?: (name: string) => boolean): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, raw] of segment.fields) {
    if (only && !only(name)) continue;
    const value = raw.trim();
    if (value !== '') fields[decodeSapName(name)] = value;
  }
  return fields;
}

function push(map: Record<string, ExtensionSegment[]>, name: string, entry: ExtensionSegment): void {
  (map[name] ??= []).push(entry);
}

function extensionSegment(segment: Segment, parent: string): ExtensionSegment {
  const entry: ExtensionSegment = { parent, fields: trimmedFields(segment) };
  if (segment.children.length > 0) {
    const segments: Record<string, ExtensionSegment[]> = {};
    const self = decodeSapName(segment.name);
    for (const child of segment.children)
      push(segments, decodeSapName(child.name), extensionSegment(child, self));
    entry.segments = segments;
  }
  return entry;
}

/** Collects extension content from standard segments the transform does not map, recursively. */
function collectFromUnmapped(segment: Segment, into: Extensions): void {
  const name = decodeSapName(segment.name);
  for (const [field, value] of Object.entries(trimmedFields(segment, isExtensionFieldName))) {
    into.fields[`${name}.${field}`] = value;
  }
  for (const child of segment.children) {
    if (isStandardSegmentName(child.name)) collectFromUnmapped(child, into);
    else push(into.segments, decodeSapName(child.name), extensionSegment(child, name));
  }
}

/**
 * Extension content of a mapped standard segment. `mapped` names the standard child segments that are
 * transformed on their own (their extensions belong to their own entries); `parentName` labels top-level
 * segments (e.g. 'IDOC'). Pass `segment` null and `siblings` to collect from a list of segments.
 */
export function collectExtensions(
  segment: Segment | null,
  mapped: ReadonlySet<string>,
  extra: { siblings?: readonly Segment[]; siblingParent?: string } = {},
): Extensions {
  const result: Extensions = { fields: {}, segments: {} };
  const visit = (children: readonly Segment[], parent: string) => {
    for (const child of children) {
      if (!isStandardSegmentName(child.name))
        push(result.segments, decodeSapName(child.name), extensionSegment(child, parent));
      else if (!mapped.has(child.name)) collectFromUnmapped(child, result);
    }
  };
  if (segment !== null) {
    Object.assign(result.fields, trimmedFields(segment, isExtensionFieldName));
    visit(segment.children, decodeSapName(segment.name));
  }
  if (extra.siblings) visit(extra.siblings, extra.siblingParent ?? 'IDOC');
  return result;
}

export function hasExtensions(extensions: Extensions): boolean {
  return Object.keys(extensions.fields).length > 0 || Object.keys(extensions.segments).length > 0;
}
