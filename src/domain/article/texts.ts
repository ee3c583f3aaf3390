import { languageCode, languageIdentity } from '../fields';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import type { MaterialDescription } from '../material/types';

/**
 * E1BPE1MAKTRT short texts, one per language (compared on LANGU_ISO, else the case-sensitive LANGU); a later
 * segment for the same language replaces the earlier one, as for MATMAS.
 */
export function readArticleDescriptions(segments: readonly SegmentReader[]): MaterialDescription[] {
  const byLanguage = new Map<string, MaterialDescription>();
  for (const reader of segments) {
    const language = languageCode(reader.raw('LANGU'), reader.raw('LANGU_ISO'));
    if (language === null) throw reader.missing('LANGU or LANGU_ISO');
    byLanguage.set(languageIdentity(language), {
      language,
      text: reader.text('MATL_DESC'),
      changeType: changeTypeFromMsgfn(reader.raw('FUNCTION')),
    });
  }
  return [...byLanguage.values()];
}
