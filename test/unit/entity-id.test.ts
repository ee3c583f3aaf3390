import { canonicalKey } from '../../src/domain/canonical-key';
import { entityPartitionKey } from '../../src/adapters/record-store';
import { dedupKey } from '../../src/adapters/change-publisher';
import { entityId, parseEntityId, qualifiedType } from '../../src/shared/entity-id';
import { entityWorkflowId } from '../../src/shared/workflow-id';

describe('entity IDs', () => {
  it('keeps the IDs of the default system exactly as they were', () => {
    expect(entityId({ entityType: 'material', entityKey: '000000000000004711' }, 'workflow')).toBe(
      'material:000000000000004711',
    );
    expect(entityId({ entityType: 'material', entityKey: '000000000000004711' }, 'partition')).toBe(
      'ENTITY#material#000000000000004711',
    );
    expect(entityWorkflowId('customer', '0000001000')).toBe('customer:0000001000');
    expect(entityPartitionKey('customer', '0000001000')).toBe('ENTITY#customer#0000001000');
    expect(dedupKey({ entityType: 'material', entityKey: '4711', version: 'v1' })).toBe('material#4711#v1');
    // A record of the default system naming its alias keeps the unqualified dedupKey.
    expect(
      dedupKey({ entityType: 'material', entityKey: '4711', version: 'v1', sourceSystem: 'ERP' }, 'ERP'),
    ).toBe('material#4711#v1');
  });

  it('qualifies the type, never the key, for another system', () => {
    const ref = { entityType: 'material', entityKey: '000000000000004711', system: 'ERP2' };
    expect(entityId(ref, 'workflow')).toBe('material@ERP2:000000000000004711');
    expect(entityId(ref, 'partition')).toBe('ENTITY#material@ERP2#000000000000004711');
    expect(entityWorkflowId('material', '4711', 'ERP2')).toBe('material@ERP2:4711');
    expect(qualifiedType('material', 'ERP2')).toBe('material@ERP2');
    expect(
      dedupKey({ entityType: 'material', entityKey: '4711', version: 'v1', sourceSystem: 'ERP2' }, 'ERP'),
    ).toBe('material@ERP2#4711#v1');
  });

  it.each([
    ['plain', '000000000000004711', undefined],
    ['SAP special characters', 'FG-100/A.B', undefined],
    ['separators in the key', 'A@ERP2:B#C', undefined],
    ['another system', 'FG-100/A.B', 'ERP2'],
    ['another system, separators in the key', 'X:Y@Z#1', 'ECC_200'],
  ])('parses back what it builds (%s)', (_name, entityKey, system) => {
    const ref = { entityType: 'material', entityKey, ...(system ? { system } : {}) };
    for (const form of ['workflow', 'partition'] as const)
      expect(parseEntityId(entityId(ref, form))).toEqual({ ...ref, form });
  });

  it('never gives a key of the default system the ID of another system', () => {
    // A default-system key that looks qualified stays a key: the system is never read from the key.
    const tricky = entityId({ entityType: 'material', entityKey: '4711@ERP2' }, 'workflow');
    const other = entityId({ entityType: 'material', entityKey: '4711', system: 'ERP2' }, 'workflow');
    expect(tricky).toBe('material:4711@ERP2');
    expect(tricky).not.toBe(other);
    expect(parseEntityId(tricky)).toEqual({
      form: 'workflow',
      entityType: 'material',
      entityKey: '4711@ERP2',
    });
    expect(parseEntityId(other)).toEqual({
      form: 'workflow',
      entityType: 'material',
      entityKey: '4711',
      system: 'ERP2',
    });
    const key = canonicalKey('material', ' 4711 ');
    expect(entityId({ entityType: 'material', entityKey: key, system: 'ERP2' }, 'partition')).not.toBe(
      entityId({ entityType: 'material', entityKey: key }, 'partition'),
    );
  });

  it('reads nothing from IDs that are not entity IDs', () => {
    expect(parseEntityId('quarantine:sap.material:0:12')).toBeUndefined();
    expect(parseEntityId('replay:sap.material:2026-12-01T00:00:00.000Z')).toBeUndefined();
    expect(parseEntityId('material:')).toBeUndefined();
    expect(parseEntityId('material@:4711')).toBeUndefined();
    expect(parseEntityId('material@A@B:4711')).toBeUndefined();
    expect(parseEntityId('ENTITY#material')).toBeUndefined();
  });
});
