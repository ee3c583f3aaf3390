import { XMLParser } from 'fast-xml-parser';
import { transformIdoc } from '../../../src/domain';
import { parseXmlDocument } from '../../../src/domain/idoc/xml';
import { materialIdoc } from '../../../src/tools/matmas-generator';
import {
  FLOOD_REFERENCES,
  REFERENCES_PER_LINE,
  REFERENCE_LINE_TEXT,
  manyReferencesIdoc,
} from '../../fixtures/hostile/hostile-records';

/*
 * References without a DOCTYPE (every DOCTYPE is refused before parsing): a flood of numeric character
 * references costs what a document of the same size costs, and a legitimate document with very many
 * references is never refused by a fixed entity limit.
 */

/** Generous: the machine may be loaded; an unbounded decoder would take far longer or run out of memory. */
const FLOOD_MS = 30_000;

function maktx(xml: string): string {
  const general = parseXmlDocument(xml).root.children[0]!.children[1]!;
  const description = general.children.find((child) => child.name === 'E1MAKTM')!;
  return description.children.find((child) => child.name === 'MAKTX')!.text;
}

describe('entity and character references', () => {
  test('1,000,000 numeric character references in one field decode in bounded time', () => {
    for (const reference of ['&#65;', '&#x41;']) {
      const xml = materialIdoc({ matnr: '4711', docnum: 1, description: reference.repeat(FLOOD_REFERENCES) });
      const started = Date.now();
      const text = maktx(xml);
      expect(Date.now() - started).toBeLessThan(FLOOD_MS);
      expect(text).toHaveLength(FLOOD_REFERENCES);
      expect(text).toBe('A'.repeat(FLOOD_REFERENCES));
    }
  });

  test('decoded text is never longer than the references it came from', () => {
    // Characters beyond the BMP decode to two UTF-16 code units from eight or more characters.
    const text = maktx(
      materialIdoc({ matnr: '4711', docnum: 1, description: '&#128512;&#x1F600;'.repeat(50_000) }),
    );
    expect(text).toBe('\u{1F600}'.repeat(100_000));
  });

  test('an IDoc with 108,000 references over 1,800 fields transforms with every one decoded', () => {
    const xml = manyReferencesIdoc('4711', 1);
    const references = xml.match(/&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g) ?? [];
    expect(references.length).toBe(1_800 * REFERENCES_PER_LINE + 2);
    const record = transformIdoc(xml);
    const data = record.data as {
      descriptions: { text: string }[];
      longTexts: { text: string }[];
    };
    expect(data.descriptions[0]!.text).toBe('Bolts & nuts, 5 €');
    expect(data.longTexts[0]!.text).toBe(Array.from({ length: 1_800 }, () => REFERENCE_LINE_TEXT).join('\n'));
  });

  test("the same IDoc is beyond what fast-xml-parser's fixed default limits allow", () => {
    // Why the limits are sized to the document: with the library's documented default of 100,000
    // (or 1,000) expansions, this legitimate document would be refused.
    const strict = new XMLParser({ htmlEntities: true, processEntities: { maxTotalExpansions: 100_000 } });
    expect(() => {
      strict.parse(manyReferencesIdoc('4711', 1));
    }).toThrow(/expansion count limit exceeded/i);
  });
});
