import { splitIdocDocument, transformIdoc } from '../../../src/domain';
import { e1maram, idocDocument, idocElement, readFixture, sapErrorOf } from './sap-fixtures';

describe('splitIdocDocument', () => {
  it('reads the control record of the real S/4 ORDERS05 sample', () => {
    const envelopes = splitIdocDocument(readFixture('ORDERS05_s4_purchase_order.xml'));
    expect(envelopes).toHaveLength(1);
    const [envelope] = envelopes;
    expect(envelope!.rootName).toBe('ORDERS05');
    expect(envelope!.index).toBe(0);
    expect(envelope!.control).toEqual({
      docnum: '0000000000146002',
      idocType: 'ORDERS05',
      messageType: 'ORDERS',
      senderPartner: 'Company_IDOC_SOA_ID',
      senderPort: 'SAPQKX',
      client: '715',
      createdDate: '20181129',
      createdTime: '142809',
      serial: '20181129142808',
    });
  });

  it('keeps the IDoc text unchanged under the same root', () => {
    const source = readFixture('ORDERS05_s4_purchase_order.xml');
    const [envelope] = splitIdocDocument(source);
    const idocText = source.slice(
      source.indexOf('<IDOC BEGIN="1">'),
      source.indexOf('</IDOC>') + '</IDOC>'.length,
    );
    expect(envelope!.xml).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ORDERS05>\n${idocText}\n</ORDERS05>\n`,
    );
  });

  it('splits a document with two IDocs into two single-IDoc documents', () => {
    const envelopes = splitIdocDocument(readFixture('MATMAS05_two_materials.xml'));
    expect(envelopes.map((envelope) => [envelope.index, envelope.rootName, envelope.control.docnum])).toEqual(
      [
        [0, 'MATMAS05', '0000000000200003'],
        [1, 'MATMAS05', '0000000000200004'],
      ],
    );
    for (const envelope of envelopes) {
      expect(envelope.xml.match(/<IDOC BEGIN="1">/g)).toHaveLength(1);
      expect(
        envelope.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<MATMAS05>\n<IDOC BEGIN="1">'),
      ).toBe(true);
      const again = splitIdocDocument(envelope.xml);
      expect(again).toHaveLength(1);
      expect(again[0]!.control).toEqual(envelope.control);
    }
    expect(transformIdoc(envelopes[0]!.xml).entityKey).toBe('RM-200');
    expect(transformIdoc(envelopes[1]!.xml).entityKey).toBe('000000000000004712');
  });

  it('keeps an extension root element', () => {
    const [envelope] = splitIdocDocument(readFixture('ZMATMAS05_extension.xml'));
    expect(envelope!.rootName).toBe('ZMATMAS05');
    expect(envelope!.control).toEqual({
      docnum: '0000000000200005',
      idocType: 'MATMAS05',
      extension: 'ZMATMAS05',
      messageType: 'ZMATMAS',
      senderPartner: 'ECCCLNT010',
      senderPort: 'SAPECC',
      client: '010',
      createdDate: '20250317',
      createdTime: '143000',
      serial: '20250317142959',
    });
    expect(envelope!.xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ZMATMAS05>\n<IDOC BEGIN="1">[\s\S]*<\/IDOC>\n<\/ZMATMAS05>\n$/,
    );
  });

  it('keeps a namespace prefix and the attributes of the root', () => {
    const xml =
      '<ns0:MATMAS05 xmlns:ns0="urn:sap-com:document:sap:idoc:messages" note="a&amp;b">' +
      idocElement(e1maram('')) +
      '</ns0:MATMAS05>';
    const [envelope] = splitIdocDocument(xml);
    expect(envelope!.rootName).toBe('MATMAS05');
    expect(envelope!.xml.split('\n')[1]).toBe(
      '<ns0:MATMAS05 xmlns:ns0="urn:sap-com:document:sap:idoc:messages" note="a&amp;b">',
    );
    expect(transformIdoc(envelope!.xml).entityKey).toBe('TEST-1');
  });

  it('accepts a byte-order mark, leading blank lines and CRLF line ends', () => {
    const xml = `\uFEFF\r\n<?xml version="1.0"?>\r\n<MATMAS05>\r\n${idocElement(e1maram(''), { DOCNUM: '77' }).replace('<E1MARAM', '\r\n<E1MARAM')}\r\n</MATMAS05>\r\n`;
    const [envelope] = splitIdocDocument(xml);
    expect(envelope!.control.docnum).toBe('0000000000000077');
    expect(envelope!.xml).toContain('</EDI_DC40>\r\n<E1MARAM SEGMENT="1">');
  });

  it('pads an unpadded DOCNUM and treats empty control fields as absent', () => {
    const [envelope] = splitIdocDocument(
      idocDocument(e1maram(''), { DOCNUM: '146002', SNDPRN: '', MANDT: '   ' }),
    );
    expect(envelope!.control).toEqual({
      docnum: '0000000000146002',
      idocType: 'MATMAS05',
      messageType: 'MATMAS',
      senderPort: 'SAPS4H',
      createdDate: '20250320',
      createdTime: '110000',
    });
  });

  describe('rejects', () => {
    it('an unescaped & (the malformed fixture)', () => {
      const error = sapErrorOf(() => splitIdocDocument(readFixture('MATMAS05_malformed_ampersand.xml')));
      expect(error.code).toBe('MALFORMED_XML');
      expect(error.message).toBe(
        "document is not well-formed XML: unescaped '&' at line 20, column 21 (a text with '&' must be written as '&amp;')",
      );
      expect(error.details).toEqual({ reason: 'InvalidChar', line: 20, column: 21 });
    });

    it('an & that does not start an XML entity', () => {
      const error = sapErrorOf(() => splitIdocDocument(idocDocument(e1maram('<BISMT>A&nbsp;B</BISMT>'))));
      expect(error.code).toBe('MALFORMED_XML');
      expect(error.message).toMatch(
        /^document is not well-formed XML: entity reference '&nbsp;' at line 1, column \d+ is not one of XML's predefined entities/,
      );
    });

    it.each([
      ['the real OData JSON sample', readFixture('API_BUSINESS_PARTNER_odata_v2.json')],
      ['the real event NDJSON sample', readFixture('s4_business_partner_events.ndjson')],
      ['an empty document', ''],
      ['blanks', '  \n '],
      ['mismatched tags', '<MATMAS05><IDOC></MATMAS05>'],
      ['two root elements', `${idocDocument(e1maram(''))}<MATMAS05/>`],
      ['plain text', 'MATNR=4711'],
    ])('%s as MALFORMED_XML', (_case, xml) => {
      expect(sapErrorOf(() => splitIdocDocument(xml)).code).toBe('MALFORMED_XML');
    });

    it('a DOCTYPE as UNSAFE_XML', () => {
      const error = sapErrorOf(() =>
        splitIdocDocument('<!DOCTYPE MATMAS05 [<!ENTITY x "y">]><MATMAS05>&x;</MATMAS05>'),
      );
      expect(error.code).toBe('UNSAFE_XML');
      expect(error.message).toBe(
        "document declares a DOCTYPE at line 1, column 1 with entity declarations ('x'); entities are never expanded and IDoc XML has no DTD",
      );
    });

    it('a document without IDOC as NO_IDOC', () => {
      const error = sapErrorOf(() => splitIdocDocument('<MATMAS05><E1MARAM SEGMENT="1"/></MATMAS05>'));
      expect(error.code).toBe('NO_IDOC');
      expect(error.message).toBe('document root <MATMAS05> holds no <IDOC> element');
    });

    it('a bare IDOC root as NO_IDOC, saying why', () => {
      const error = sapErrorOf(() => splitIdocDocument(idocElement(e1maram(''))));
      expect(error.code).toBe('NO_IDOC');
      expect(error.message).toContain('the root is IDOC itself');
    });

    it('an IDoc without control record as MISSING_CONTROL_RECORD', () => {
      const xml = `<MATMAS05>${idocElement(e1maram(''))}<IDOC BEGIN="1">${e1maram('')}</IDOC></MATMAS05>`;
      const error = sapErrorOf(() => splitIdocDocument(xml));
      expect(error.code).toBe('MISSING_CONTROL_RECORD');
      expect(error.message).toBe('IDoc 2 of 2 in the document: has no control record EDI_DC40');
    });

    it('a control record without DOCNUM as MISSING_FIELD', () => {
      const xml = `<MATMAS05>${idocElement(e1maram(''))}${idocElement(e1maram(''), { DOCNUM: '' })}</MATMAS05>`;
      const error = sapErrorOf(() => splitIdocDocument(xml));
      expect(error.code).toBe('MISSING_FIELD');
      expect(error.message).toBe('IDoc 2 of 2 in the document: control record EDI_DC40 has no DOCNUM');
    });

    it('a control record without IDOCTYP as MISSING_FIELD naming the IDoc', () => {
      const error = sapErrorOf(() => splitIdocDocument(idocDocument(e1maram(''), { IDOCTYP: undefined })));
      expect(error.code).toBe('MISSING_FIELD');
      expect(error.message).toBe('IDoc 0000000000123456: control record EDI_DC40 has no IDOCTYP');
    });

    it('a DOCNUM that is not a number as INVALID_VALUE', () => {
      const error = sapErrorOf(() => splitIdocDocument(idocDocument(e1maram(''), { DOCNUM: 'ABC123' })));
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(
        "IDoc: control record EDI_DC40 field DOCNUM 'ABC123' is not an IDoc number (up to 16 digits)",
      );
    });
  });
});
