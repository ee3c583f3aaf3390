import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { splitIdocDocument, transformIdoc, type CanonicalMaterial } from '../../../src/domain';
import { extensionsSchema, materialDataSchema } from '../../../src/domain/material/schema';
import { e1maram, idocDocument, readFixture } from './sap-fixtures';

/** Every constructed material and article fixture meant to transform (MATMAS05_* but the malformed one, ARTMAS). */
const MATERIAL_FIXTURES = readdirSync(join(__dirname, '../../fixtures/sap'))
  .filter(
    (name) =>
      /^(Z?MATMAS05|ARTMAS09|LUMBERL_VFI_ARTMAS01)_.*\.xml$/.test(name) && !name.includes('malformed'),
  )
  .sort();

/** The data of every IDoc in a fixture, transformed the way the activity does (split, then transformIdoc). */
function materialsOf(name: string): CanonicalMaterial[] {
  return splitIdocDocument(readFixture(name)).map((envelope) => {
    const record = transformIdoc(envelope.xml);
    expect(record.entityType).toBe('material');
    return record.data as CanonicalMaterial;
  });
}

function fullMaterial(): CanonicalMaterial {
  return materialsOf('MATMAS05_full_material.xml')[0]!;
}

describe('materialDataSchema', () => {
  it('covers the constructed fixtures', () => {
    expect(MATERIAL_FIXTURES).toEqual(
      expect.arrayContaining([
        'MATMAS05_full_material.xml',
        'MATMAS05_numeric_material.xml',
        'MATMAS05_soft_delete.xml',
        'MATMAS05_two_materials.xml',
        'ZMATMAS05_extension.xml',
        'ARTMAS09_generic_article.xml',
        'ARTMAS09_single_article.xml',
        'LUMBERL_VFI_ARTMAS01_extension.xml',
      ]),
    );
  });

  it.each(MATERIAL_FIXTURES)('validates every material of %s unchanged', (name) => {
    const materials = materialsOf(name);
    expect(materials.length).toBeGreaterThan(0);
    for (const data of materials) {
      const result = materialDataSchema.safeParse(data);
      if (!result.success) throw new Error(`${name}: ${JSON.stringify(result.error.issues, null, 2)}`);
      expect(result.data).toEqual(data);
    }
  });

  it('validates the nested extension segments of the extension fixture', () => {
    const [data] = materialsOf('ZMATMAS05_extension.xml');
    expect(Object.keys(data!.extensions.segments).length).toBeGreaterThan(0);
    expect(extensionsSchema.parse(data!.extensions)).toEqual(data!.extensions);
  });

  it('validates a minimal material (almost everything null or empty)', () => {
    const data = transformIdoc(idocDocument(e1maram(''))).data;
    expect(materialDataSchema.safeParse(data).success).toBe(true);
  });

  it.each<[string, (data: CanonicalMaterial) => unknown]>([
    ['an undeclared member', (data) => ({ ...data, colour: 'red' })],
    ['undefined instead of null', (data) => ({ ...data, materialType: undefined })],
    ['a missing member', ({ materialGroup: _dropped, ...rest }) => rest],
    ['an empty string instead of null', (data) => ({ ...data, division: '' })],
    ['a number as text', (data) => ({ ...data, grossWeight: { value: '0.250', unit: null } })],
    ['an unknown unit code list', (data) => ({ ...data, baseUnit: { code: 'PCE', codeType: 'unece' } })],
    ['a date in SAP form', (data) => ({ ...data, createdOn: '20250314' })],
    [
      'an unknown change type',
      (data) => ({ ...data, descriptions: [{ ...data.descriptions[0], changeType: 'update' }] }),
    ],
    [
      'a non-finite number',
      (data) => ({ ...data, netWeight: { value: Number.POSITIVE_INFINITY, unit: null } }),
    ],
    ['an undeclared member in a plant', (data) => ({ ...data, plants: [{ ...data.plants[0], abc: 'A' }] })],
    [
      'an extension field that is not text',
      (data) => ({ ...data, extensions: { fields: { ZZ: 1 }, segments: {} } }),
    ],
    [
      'a nested extension segment without parent',
      (data) => ({
        ...data,
        extensions: {
          fields: {},
          segments: { Z1: [{ parent: 'E1MARAM', fields: {}, segments: { Z2: [{ fields: {} }] } }] },
        },
      }),
    ],
  ])('rejects %s', (_name, change) => {
    expect(materialDataSchema.safeParse(change(fullMaterial())).success).toBe(false);
  });
});
