import {
  SINGLE_SAP_SYSTEM,
  SapDocumentError,
  eventSender,
  parseSapSystems,
  sapSystemAliases,
  sapSystemOf,
  systemQualifier,
} from '../../src/domain';

describe('SAP systems', () => {
  it('with nothing configured every sender belongs to the default system SAP', () => {
    const systems = parseSapSystems(undefined, undefined);
    expect(systems.defaultSystem).toBe('SAP');
    expect(sapSystemOf(systems, 'S4HCLNT100')).toBe('SAP');
    expect(sapSystemOf(systems, undefined)).toBe('SAP');
    expect(sapSystemOf(SINGLE_SAP_SYSTEM, 'anything')).toBe('SAP');
    expect(systemQualifier(systems, 'SAP')).toBeUndefined();
    expect(parseSapSystems('', 'ERP').defaultSystem).toBe('ERP');
  });

  it('maps senders to aliases, several senders to one alias, case-insensitively', () => {
    const systems = parseSapSystems('ERP=S4HCLNT100, ERP=S4HCLNT110,ERP2=ECCCLNT200', 'ERP');
    expect(sapSystemOf(systems, 'S4HCLNT100')).toBe('ERP');
    expect(sapSystemOf(systems, 's4hclnt110 ')).toBe('ERP');
    expect(sapSystemOf(systems, 'ECCCLNT200')).toBe('ERP2');
    expect(sapSystemAliases(systems)).toEqual(['ERP', 'ERP2']);
    expect(systemQualifier(systems, 'ERP')).toBeUndefined();
    expect(systemQualifier(systems, 'ERP2')).toBe('ERP2');
  });

  it('reads the JSON form', () => {
    const systems = parseSapSystems(
      '{"ERP":["S4HCLNT100","/default/sap.s4.beh/S4HCLNT100"],"ERP2":"ECCCLNT200"}',
      'ERP',
    );
    expect(sapSystemOf(systems, 'ECCCLNT200')).toBe('ERP2');
    expect(sapSystemOf(systems, '/default/sap.s4.beh/S4HCLNT100')).toBe('ERP');
  });

  it('refuses an unmapped sender as bad input naming it', () => {
    const systems = parseSapSystems('ERP=S4HCLNT100', undefined);
    expect(systems.defaultSystem).toBe('ERP');
    let error: unknown;
    try {
      sapSystemOf(systems, 'QASCLNT300');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SapDocumentError);
    expect(error).toMatchObject({
      code: 'UNKNOWN_SAP_SYSTEM',
      retryable: false,
      details: { sender: 'QASCLNT300' },
    });
    expect((error as Error).message).toContain("sender 'QASCLNT300' is not mapped");
    expect(() => sapSystemOf(systems, undefined)).toThrow(/names no sender/);
  });

  it('takes the last segment of a CloudEvent source as its sender', () => {
    expect(eventSender('/default/sap.s4.beh/S4HCLNT100')).toBe('S4HCLNT100');
    expect(eventSender('/default/sap.s4.beh/S4HCLNT100/')).toBe('S4HCLNT100');
    const systems = parseSapSystems('ERP2=S4HCLNT200', undefined);
    const source = '/default/sap.s4.beh/S4HCLNT200';
    expect(sapSystemOf(systems, source, eventSender(source))).toBe('ERP2');
  });

  it.each([
    ['ERP=S4HCLNT100,ERP2=ECCCLNT200', undefined, /SYNCHUB_DEFAULT_SAP_SYSTEM/],
    ['ERP=S4HCLNT100', 'ERP3', /none of the configured aliases/],
    ['erp=S4HCLNT100', undefined, /alias 'erp'/],
    ['ERP:S4HCLNT100', undefined, /not ALIAS=SENDER/],
    ['ERP=S4HCLNT100,ERP2=S4HCLNT100', 'ERP', /mapped to both/],
    ['{"ERP":', undefined, /not valid JSON/],
    ['{"ERP":[1]}', undefined, /must be strings/],
    ['', 'bad-alias', /default system 'bad-alias'/],
  ])('refuses %j with default %j', (value, defaultSystem, message) => {
    expect(() => parseSapSystems(value, defaultSystem)).toThrow(message);
  });
});
