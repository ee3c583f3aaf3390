import { splitIdocDocument, transformIdoc, transformMaterialIdoc } from '../../../src/domain';
import { readFixture, sapErrorOf } from './sap-fixtures';

describe('transformIdoc', () => {
  it.each([
    ['MATMAS05_full_material.xml', 'FG-1000'],
    ['MATMAS05_numeric_material.xml', '000000000000004711'],
    ['ZMATMAS05_extension.xml', 'ZX-500'],
    ['MATMAS05_soft_delete.xml', 'OLD-777'],
  ])('dispatches %s to the material transform', (name, key) => {
    const xml = readFixture(name);
    const record = transformIdoc(xml);
    expect([record.entityType, record.entityKey]).toEqual(['material', key]);
    expect(record).toEqual(transformMaterialIdoc(xml));
  });

  it('transforms what splitIdocDocument produced, IDoc by IDoc', () => {
    const records = splitIdocDocument(readFixture('MATMAS05_two_materials.xml')).map((envelope) =>
      transformIdoc(envelope.xml),
    );
    expect(records.map((record) => [record.entityKey, record.changeType, record.deleted])).toEqual([
      ['RM-200', 'upsert', false],
      ['000000000000004712', 'delete', true],
    ]);
  });

  it.each([
    ['MATMAS05_malformed_ampersand.xml', 'MALFORMED_XML'],
    ['MATMAS05_two_materials.xml', 'MULTIPLE_IDOCS'],
    ['API_BUSINESS_PARTNER_odata_v2.json', 'MALFORMED_XML'],
  ])('rejects %s with %s', (name, code) => {
    const error = sapErrorOf(() => transformIdoc(readFixture(name)));
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
