import {
  flagValue,
  isoUnit,
  joinTextLines,
  languageCode,
  measure,
  sameLanguage,
  sapDate,
  sapDateTime,
  sapDecimal,
  sapTime,
  sapUnit,
  textValue,
} from '../../../src/domain';
import { sapErrorOf } from './sap-fixtures';

describe('sapDate', () => {
  it.each([
    ['20240102', '2024-01-02'],
    ['99991231', '9999-12-31'],
    ['20240229', '2024-02-29'],
    [' 20240102 ', '2024-01-02'],
    ['2024-01-02', '2024-01-02'],
  ])('%p -> %p', (raw, iso) => {
    expect(sapDate(raw)).toBe(iso);
  });

  it.each([['00000000'], [''], ['        '], ['0000-00-00'], [undefined], [null]])('%p is empty', (raw) => {
    expect(sapDate(raw)).toBeNull();
  });

  it.each([['20230229'], ['20241301'], ['20240100'], ['2024011'], ['2024-0101'], ['02.01.2024'], ['abc']])(
    '%p is not a date',
    (raw) => {
      const error = sapErrorOf(() => sapDate(raw));
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toBe(`'${raw}' is not a valid date (expected YYYYMMDD)`);
    },
  );
});

describe('sapTime and sapDateTime', () => {
  it('converts HHMMSS', () => {
    expect(sapTime('101530')).toBe('10:15:30');
    expect(sapTime('000000')).toBe('00:00:00');
    expect(sapTime('23:59:59')).toBe('23:59:59');
    expect(sapTime('')).toBeNull();
    expect(sapTime(undefined)).toBeNull();
  });

  it.each([['246000'], ['240000'], ['1015'], ['10:1530']])('rejects %p', (raw) => {
    expect(sapErrorOf(() => sapTime(raw)).code).toBe('INVALID_VALUE');
  });

  it('joins date and time as an ISO local date-time without zone', () => {
    expect(sapDateTime('20250314', '101530')).toBe('2025-03-14T10:15:30');
    expect(sapDateTime('20250314', undefined)).toBe('2025-03-14T00:00:00');
    expect(sapDateTime('00000000', '101530')).toBeNull();
  });
});

describe('sapDecimal', () => {
  it.each([
    ['10.500-', -10.5],
    ['         2.000', 2],
    ['2.000   ', 2],
    ['-3', -3],
    ['+4.25', 4.25],
    ['12', 12],
    ['.5', 0.5],
    ['5.', 5],
    ['0.000', 0],
    ['1.5E+01', 15],
    ['0.000000000000000E+00', 0],
    ['245.50', 245.5],
  ])('%p -> %p', (raw, value) => {
    expect(sapDecimal(raw)).toBe(value);
  });

  it('never returns negative zero', () => {
    expect(Object.is(sapDecimal('0.000-'), 0)).toBe(true);
  });

  it('treats absent and blank as null', () => {
    expect(sapDecimal(undefined)).toBeNull();
    expect(sapDecimal('')).toBeNull();
    expect(sapDecimal('     ')).toBeNull();
  });

  it.each([['1,000.00'], ['1.000,00'], ['-1-'], ['+-1'], ['abc'], ['.'], ['1.2.3'], ['1 000']])(
    'rejects %p',
    (raw) => {
      const error = sapErrorOf(() => sapDecimal(raw));
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.message).toMatch(new RegExp(`^'${raw.replace(/[.+]/g, '\\$&')}' is not a decimal number`));
    },
  );
});

describe('units', () => {
  it('keeps the code and says which code list it is from', () => {
    expect(isoUnit(' KGM ')).toEqual({ code: 'KGM', codeType: 'iso' });
    expect(sapUnit('KG')).toEqual({ code: 'KG', codeType: 'sap' });
    expect(isoUnit('')).toBeNull();
    expect(sapUnit(undefined)).toBeNull();
  });

  it('builds measures only when there is a value', () => {
    expect(measure(12.5, isoUnit('KGM'))).toEqual({ value: 12.5, unit: { code: 'KGM', codeType: 'iso' } });
    expect(measure(3, null)).toEqual({ value: 3, unit: null });
    expect(measure(null, isoUnit('KGM'))).toBeNull();
  });
});

describe('text and flags', () => {
  it('trims text and treats empty as absent', () => {
    expect(textValue('  FERT ')).toBe('FERT');
    expect(textValue('')).toBeNull();
    expect(textValue('   ')).toBeNull();
    expect(textValue(undefined)).toBeNull();
  });

  it('reads SAP checkboxes', () => {
    expect(flagValue('X')).toBe(true);
    expect(flagValue(' X ')).toBe(true);
    expect(flagValue('')).toBe(false);
    expect(flagValue(undefined)).toBe(false);
    expect(sapErrorOf(() => flagValue('Y')).code).toBe('INVALID_VALUE');
  });
});

describe('languages', () => {
  it('keeps the SAP key case-sensitive and upper-cases the ISO code', () => {
    expect(languageCode('d', 'de')).toEqual({ sap: 'd', iso: 'DE' });
    expect(languageCode(' E ', undefined)).toEqual({ sap: 'E', iso: null });
    expect(languageCode('', '')).toBeNull();
  });

  it('compares on the ISO code, else on the case-sensitive SAP key', () => {
    expect(sameLanguage({ sap: 'E', iso: 'EN' }, { sap: 'X', iso: 'EN' })).toBe(true);
    expect(sameLanguage({ sap: 'D', iso: 'DE' }, { sap: 'D', iso: 'EN' })).toBe(false);
    expect(sameLanguage({ sap: 'd', iso: null }, { sap: 'D', iso: null })).toBe(false);
    expect(sameLanguage({ sap: 'D', iso: null }, { sap: 'D', iso: null })).toBe(true);
  });
});

describe('joinTextLines', () => {
  it('joins SAPscript lines by their format', () => {
    expect(
      joinTextLines([
        { format: '*', line: 'First paragraph starts' },
        { format: null, line: 'and continues.   ' },
        { format: '=', line: 'Glued' },
        { format: '/', line: 'New line.' },
        { format: '/:', line: 'INCLUDE ZTEXT' },
        { format: '/*', line: 'a comment' },
        { format: 'B1', line: 'New paragraph.' },
      ]),
    ).toBe('First paragraph starts and continues.Glued\nNew line.\nNew paragraph.');
    expect(joinTextLines([])).toBe('');
  });
});
