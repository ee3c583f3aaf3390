import { joinTextLines, languageCode, languageIdentity, type LanguageCode, type TextLine } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import type { OrderText } from './types';

/** One text segment read: its id, language and lines. */
export interface TextPart {
  textId: string | null;
  language: LanguageCode | null;
  lines: TextLine[];
}

/**
 * One text per text id and language (languages compared on the ISO code, else the case-sensitive SAP key),
 * in order of first appearance. Lines are joined by their format (long-text.ts); a further segment for the
 * same id and language continues the text as a new paragraph.
 */
export function joinTexts(parts: readonly TextPart[]): OrderText[] {
  const groups = new Map<
    string,
    { textId: string | null; language: LanguageCode | null; lines: TextLine[] }
  >();
  for (const part of parts) {
    const key = `${part.textId ?? ''}\u0000${part.language === null ? '' : languageIdentity(part.language)}`;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { textId: part.textId, language: part.language, lines: [...part.lines] });
    } else {
      group.lines.push(...part.lines.map((line, index) => (index === 0 ? { ...line, format: '*' } : line)));
    }
  }
  return [...groups.values()].map(({ textId, language, lines }) => ({
    textId,
    language,
    text: joinTextLines(lines),
  }));
}

/**
 * Text segments of the ORDERS family (E1EDKT1/E1EDKT2 at header level, E1EDPT1/E1EDPT2 at item level):
 * TDID, TSSPRAS / TSSPRAS_ISO, lines TDLINE with TDFORMAT.
 */
export function readOrderTexts(parent: SegmentReader, textSegment: string, lineSegment: string): OrderText[] {
  return joinTexts(
    parent.children(textSegment).map((segment) => {
      const reader = parent.child(segment);
      return {
        textId: reader.text('TDID'),
        language: languageCode(reader.raw('TSSPRAS'), reader.raw('TSSPRAS_ISO')),
        lines: reader.children(lineSegment).map((line) => ({
          format: line.fields.get('TDFORMAT') ?? null,
          line: line.fields.get('TDLINE') ?? null,
        })),
      };
    }),
  );
}
