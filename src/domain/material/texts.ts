import { joinTextLines, languageCode, languageIdentity } from '../fields';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { MaterialSegment } from './segments';
import type { MaterialDescription, MaterialLongText } from './types';

/**
 * E1MAKTM short texts, one per language: languages are compared on the ISO code (SPRAS_ISO), falling back
 * to the case-sensitive SAP key; a later segment for the same language replaces the earlier one.
 */
export function readDescriptions(general: SegmentReader): MaterialDescription[] {
  const byLanguage = new Map<string, MaterialDescription>();
  for (const segment of general.children(MaterialSegment.description)) {
    const reader = general.child(segment);
    const language = languageCode(reader.raw('SPRAS'), reader.raw('SPRAS_ISO'));
    if (language === null) throw reader.missing('SPRAS or SPRAS_ISO');
    byLanguage.set(languageIdentity(language), {
      language,
      text: reader.text('MAKTX'),
      changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
    });
  }
  return [...byLanguage.values()];
}

/** E1MTXHM long texts with their E1MTXLM lines joined. */
export function readLongTexts(general: SegmentReader): MaterialLongText[] {
  return general.children(MaterialSegment.longTextHeader).map((segment) => {
    const reader = general.child(segment);
    const lines = reader.children(MaterialSegment.longTextLine).map((line) => ({
      format: line.fields.get('TDFORMAT') ?? null,
      line: line.fields.get('TDLINE') ?? null,
    }));
    return {
      textId: reader.text('TDID'),
      textObject: reader.text('TDOBJECT'),
      language: languageCode(reader.raw('TDSPRAS'), reader.raw('SPRAS_ISO')),
      text: joinTextLines(lines),
      changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
    };
  });
}
