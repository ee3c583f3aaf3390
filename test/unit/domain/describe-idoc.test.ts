import { describeIdoc, splitIdocDocument, transformIdoc, type ChangeRef } from '../../../src/domain';
import { e1maram, idocDocument, readFixture, sapErrorOf } from './sap-fixtures';

function describeAll(xml: string): ChangeRef[] {
  return splitIdocDocument(xml).map(describeIdoc);
}

describe('describeIdoc', () => {
  it('routes the full material', () => {
    expect(describeAll(readFixture('MATMAS05_full_material.xml'))).toEqual([
      {
        entityType: 'material',
        entityKey: 'FG-1000',
        version: '20250314101500.0000000000200001',
        changeType: 'upsert',
        sourceId: 'S4HCLNT100/100/0000000000200001',
        sender: 'S4HCLNT100',
        messageType: 'MATMAS',
        idocType: 'MATMAS05',
      },
    ]);
  });

  it('pads a numeric material number and versions by CREDAT+CRETIM without SERIAL', () => {
    expect(describeAll(readFixture('MATMAS05_numeric_material.xml'))).toEqual([
      {
        entityType: 'material',
        entityKey: '000000000000004711',
        version: '20250315081000.0000000000200002',
        changeType: 'upsert',
        sourceId: 'S4HCLNT100/100/0000000000200002',
        sender: 'S4HCLNT100',
        messageType: 'MATMAS',
        idocType: 'MATMAS05',
      },
    ]);
  });

  it('routes each IDoc of a multi-IDoc document; a shared SERIAL is ordered by DOCNUM', () => {
    const refs = describeAll(readFixture('MATMAS05_two_materials.xml'));
    expect(refs.map((ref) => [ref.entityKey, ref.changeType, ref.version, ref.sourceId])).toEqual([
      ['RM-200', 'upsert', '20250316090000.0000000000200003', 'S4HCLNT100/100/0000000000200003'],
      ['000000000000004712', 'delete', '20250316090000.0000000000200004', 'S4HCLNT100/100/0000000000200004'],
    ]);
  });

  it('routes an extension IDoc with a customer message type', () => {
    expect(describeAll(readFixture('ZMATMAS05_extension.xml'))).toEqual([
      {
        entityType: 'material',
        entityKey: 'ZX-500',
        version: '20250317142959.0000000000200005',
        changeType: 'upsert',
        sourceId: 'ECCCLNT010/010/0000000000200005',
        sender: 'ECCCLNT010',
        messageType: 'ZMATMAS',
        idocType: 'MATMAS05',
      },
    ]);
  });

  it('routes a soft delete (LVORM=X) as an upsert', () => {
    const [ref] = describeAll(readFixture('MATMAS05_soft_delete.xml'));
    expect([ref!.entityKey, ref!.changeType]).toEqual(['OLD-777', 'upsert']);
  });

  it('agrees with the transform on key and version', () => {
    for (const name of [
      'MATMAS05_full_material.xml',
      'MATMAS05_two_materials.xml',
      'ZMATMAS05_extension.xml',
    ]) {
      for (const envelope of splitIdocDocument(readFixture(name))) {
        const ref = describeIdoc(envelope);
        const record = transformIdoc(envelope.xml);
        expect([record.entityType, record.entityKey, record.version, record.changeType]).toEqual([
          ref.entityType,
          ref.entityKey,
          ref.version,
          ref.changeType,
        ]);
      }
    }
  });

  it('works on an envelope that was not produced by this process (re-reads its XML)', () => {
    const [envelope] = splitIdocDocument(readFixture('MATMAS05_two_materials.xml')).slice(1);
    const copy = JSON.parse(JSON.stringify(envelope)) as typeof envelope;
    expect(describeIdoc(copy!)).toEqual(describeIdoc(envelope!));
  });

  it('uses - for a missing sender partner and client', () => {
    const [envelope] = splitIdocDocument(idocDocument(e1maram(''), { SNDPRN: undefined, MANDT: undefined }));
    expect(describeIdoc(envelope!).sourceId).toBe('-/-/0000000000123456');
  });

  it.each([
    ['a namespaced message type with a customer basic type', 'ZMATDIST01', '/ABC/MATMAS'],
    ['a customer message type with a customer basic type', 'ZMATDIST01', 'ZMATMAS'],
    ['a namespaced basic type', '/NFM/MATMAS05', 'MATMAS'],
    ['a customer copy of the basic type', 'ZMATMAS05', 'ZMATMAS'],
    ['an older basic type', 'MATMAS03', 'MATMAS'],
    ['a customer message type on the standard basic type', 'MATMAS05', 'ZMATMAS_SHOP'],
  ])('accepts %s', (_case, idocType, messageType) => {
    const [envelope] = splitIdocDocument(
      idocDocument(e1maram(''), { IDOCTYP: idocType, MESTYP: messageType }),
    );
    expect(describeIdoc(envelope!)).toMatchObject({
      entityType: 'material',
      entityKey: 'TEST-1',
      idocType,
      messageType,
    });
  });

  it('names an unsupported IDoc type and lists what is supported', () => {
    const invoice = readFixture('ORDERS05_s4_purchase_order.xml')
      .replace(/ORDERS05/g, 'INVOIC02')
      .replace('<MESTYP>ORDERS</MESTYP>', '<MESTYP>INVOIC</MESTYP>');
    const [envelope] = splitIdocDocument(invoice);
    const error = sapErrorOf(() => describeIdoc(envelope!));
    expect(error.code).toBe('UNSUPPORTED_IDOC_TYPE');
    expect(error.message).toMatch(
      /^IDoc 0000000000146002: IDoc type INVOIC02 \(message type INVOIC\) is not supported; supported: material master .*customer master .*vendor master .*purchase order.*sales order.*delivery/,
    );
    expect(error.details).toEqual({
      docnum: '0000000000146002',
      idocType: 'INVOIC02',
      messageType: 'INVOIC',
    });
  });

  it.each([
    ['INVOIC02', 'INVOIC'],
    ['MATMAS_BAPI01', 'MATMAS_BAPI'],
  ])(
    'rejects %s / %s as UNSUPPORTED_IDOC_TYPE (material segments under another type)',
    (idocType, messageType) => {
      const [envelope] = splitIdocDocument(
        idocDocument(e1maram(''), { IDOCTYP: idocType, MESTYP: messageType }),
      );
      expect(sapErrorOf(() => describeIdoc(envelope!)).code).toBe('UNSUPPORTED_IDOC_TYPE');
    },
  );

  it('says which IDoc has no material number', () => {
    const [envelope] = splitIdocDocument(
      idocDocument('<E1MARAM SEGMENT="1"><MSGFN>005</MSGFN><MATNR></MATNR></E1MARAM>'),
    );
    const error = sapErrorOf(() => describeIdoc(envelope!));
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.message).toBe('IDoc 0000000000123456: segment E1MARAM has no MATNR');
    expect(error.details).toEqual({ docnum: '0000000000123456', segment: 'E1MARAM', field: 'MATNR' });
  });

  it('says which IDoc has no E1MARAM', () => {
    const [envelope] = splitIdocDocument(idocDocument('<E1MAKTM SEGMENT="1"><MAKTX>x</MAKTX></E1MAKTM>'));
    const error = sapErrorOf(() => describeIdoc(envelope!));
    expect(error.code).toBe('MISSING_SEGMENT');
    expect(error.message).toBe('IDoc 0000000000123456: has no segment E1MARAM');
  });
});
