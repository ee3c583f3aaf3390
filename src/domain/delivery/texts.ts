import { languageCode } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import { joinTexts } from '../orders/texts';
import type { DeliveryText } from './types';

/**
 * General text segments of the delivery (E1TXTH8/E1TXTP8 at header level, E1TXTH9/E1TXTP9 at item level):
 * TDID, TDSPRAS / LANGUA_ISO, lines TDLINE with TDFORMAT; one text per text id and language.
 */
export function readDeliveryTexts(
  parent: SegmentReader,
  textSegment: string,
  lineSegment: string,
): DeliveryText[] {
  return joinTexts(
    parent.children(textSegment).map((segment) => {
      const reader = parent.child(segment);
      return {
        textId: reader.text('TDID'),
        language: languageCode(reader.raw('TDSPRAS'), reader.raw('LANGUA_ISO')),
        lines: reader.children(lineSegment).map((line) => ({
          format: line.fields.get('TDFORMAT') ?? null,
          line: line.fields.get('TDLINE') ?? null,
        })),
      };
    }),
  );
}
