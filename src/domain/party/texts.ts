import { joinTextLines, languageCode } from '../fields';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import type { PartyText } from './types';

/**
 * Texts of a master record: header segments (E1KNA1H / E1LFA1H: TDID, TDOBJECT, TDSPRAS, TDSPRASISO) with
 * their line segments (E1KNA1L / E1LFA1L: TDFORMAT, TDLINE) joined.
 */
export function readTexts(parent: SegmentReader, headerSegment: string, lineSegment: string): PartyText[] {
  return parent.children(headerSegment).map((segment) => {
    const reader = parent.child(segment);
    const lines = reader.children(lineSegment).map((line) => ({
      format: line.fields.get('TDFORMAT') ?? null,
      line: line.fields.get('TDLINE') ?? null,
    }));
    return {
      textId: reader.text('TDID'),
      textObject: reader.text('TDOBJECT'),
      language: languageCode(reader.raw('TDSPRAS'), reader.raw('TDSPRASISO')),
      text: joinTextLines(lines),
      changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
    };
  });
}
