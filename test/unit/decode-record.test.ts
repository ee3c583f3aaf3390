import { decodeRecord } from '../../src/ingest/decode-record';
import { materialDocument, materialIdoc } from '../../src/tools/matmas-generator';

describe('decodeRecord', () => {
  test('routes each IDoc of a document to its entity with key and version', () => {
    const doc = materialDocument([
      { matnr: '4711', docnum: 1, serial: '20261121120000' },
      { matnr: 'FG-1', docnum: 2, serial: '20261121120000' },
    ]);
    const decoded = decodeRecord(Buffer.from(doc));
    expect(decoded.failures).toEqual([]);
    expect(decoded.changes.map((c) => [c.ref.entityType, c.ref.entityKey, c.ref.version])).toEqual([
      ['material', '000000000000004711', '20261121120000.0000000000000001'],
      ['material', 'FG-1', '20261121120000.0000000000000002'],
    ]);
    expect(decoded.changes[1]!.payload).toContain('<MATNR>FG-1</MATNR>');
    expect(decoded.changes[1]!.payload).not.toContain('4711');
  });

  test('a bad IDoc is set aside alone; the others still go through', () => {
    const doc = materialDocument([
      { matnr: '4711', docnum: 1 },
      { matnr: '', docnum: 2 },
    ]);
    const decoded = decodeRecord(Buffer.from(doc));
    expect(decoded.changes).toHaveLength(1);
    expect(decoded.failures).toHaveLength(1);
    expect(decoded.failures[0]!.message).toMatch(/0000000000000002/);
    expect(decoded.failures[0]!.payload).toContain('<DOCNUM>0000000000000002</DOCNUM>');
  });

  test('malformed XML keeps the whole record with a reason that names the problem', () => {
    const malformed = materialIdoc({ matnr: '1', docnum: 1, description: 'Nuts & bolts' });
    const decoded = decodeRecord(Buffer.from(malformed));
    expect(decoded.changes).toEqual([]);
    expect(decoded.failures).toHaveLength(1);
    expect(decoded.failures[0]).toMatchObject({ code: 'MALFORMED_XML', payload: malformed });
    expect(decoded.failures[0]!.message).toMatch(/&/);
  });

  test('a body contradicting its headers is described by its structure, never quoted', () => {
    const person = '{"LastName":"Zq7-Privat-Müller","StreetName":"Geheimweg 7"}';
    const json = decodeRecord(Buffer.from(person), { 'content-type': 'application/xml' });
    expect(json.failures[0]).toMatchObject({ code: 'HEADER_CONTRADICTS_BODY' });
    expect(json.failures[0]!.message).toBe(
      "header content-type 'application/xml' says XML, but the body is JSON (a JSON object)",
    );
    const xml = decodeRecord(
      Buffer.from('<?xml version="1.0"?><!-- Zq7 --><Person><Name>Zq7</Name></Person>'),
      {
        'content-type': 'application/json',
      },
    );
    expect(xml.failures[0]!.message).toBe(
      "header content-type 'application/json' says JSON, but the body is XML (root element <Person>)",
    );
  });

  test('a tombstone is a failure, not a crash', () => {
    expect(decodeRecord(null).failures[0]!.code).toBe('TOMBSTONE');
  });

  test('an IDoc type SyncHub does not handle is named', () => {
    const orders = materialIdoc({ matnr: '1', docnum: 1 })
      .replace(/MATMAS05/g, 'INVOIC02')
      .replace('<MESTYP>MATMAS', '<MESTYP>INVOIC');
    const decoded = decodeRecord(Buffer.from(orders));
    expect(decoded.failures[0]).toMatchObject({ code: 'UNSUPPORTED_IDOC_TYPE' });
    expect(decoded.failures[0]!.message).toMatch(/INVOIC02/);
  });
});
