import { alphaKey, canonicalMaterialNumber } from '../../../src/domain';
import { sapErrorOf } from './sap-fixtures';

describe('alphaKey', () => {
  it.each([
    ['1000746', 10, '0001000746'],
    ['0001000746', 10, '0001000746'],
    ['0000000000001000746', 10, '0001000746'],
    ['000010', 6, '000010'],
    ['900001', 6, '900001'],
    ['0', 10, '0000000000'],
    ['TEST_FERT1', 18, 'TEST_FERT1'],
    [' 200-255 ', 18, '200-255'],
    ['00A1', 10, '00A1'],
  ])('%p (%p) -> %p', (value, length, key) => {
    expect(alphaKey(value, length)).toBe(key);
  });

  it('rejects numeric keys with more significant digits than the field', () => {
    const error = sapErrorOf(() => alphaKey('12345678901', 10));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe("key '12345678901' has more than 10 digits");
  });
});

describe('canonicalMaterialNumber', () => {
  it.each([
    ['4711', '000000000000004711'],
    ['000000000000004711', '000000000000004711'],
    ['0000000000000000000000000000000000004711', '000000000000004711'],
    ['FG-1000', 'FG-1000'],
    ['  FG-1000  ', 'FG-1000'],
    ['123456789012345678', '123456789012345678'],
    // 20 digits: beyond Number.MAX_SAFE_INTEGER, must stay exact text, padded to the long form
    ['12345678901234567890', '0000000000000000000012345678901234567890'],
    ['LONG-MATERIAL-NUMBER-OF-FORTY-CHARACTERS', 'LONG-MATERIAL-NUMBER-OF-FORTY-CHARACTERS'],
  ])('%p -> %p', (matnr, key) => {
    expect(canonicalMaterialNumber(matnr)).toBe(key);
  });

  it('rejects empty and over-long numbers', () => {
    expect(sapErrorOf(() => canonicalMaterialNumber('   ')).message).toBe('material number is empty');
    const tooLong = 'X'.repeat(41);
    const error = sapErrorOf(() => canonicalMaterialNumber(tooLong));
    expect(error.code).toBe('INVALID_VALUE');
    expect(error.message).toBe(`material number '${tooLong}' is longer than 40 characters`);
  });
});
