import {
  CHANGE_TYPES,
  ENTITY_TYPES,
  SapDocumentError,
  decodeSapName,
  encodeSapName,
  isEntityType,
  isSapDocumentError,
} from '../../../src/domain';

describe('entity types', () => {
  it('lists every entity type', () => {
    expect(ENTITY_TYPES).toEqual([
      'material',
      'customer',
      'vendor',
      'salesOrder',
      'purchaseOrder',
      'delivery',
      'businessPartner',
    ]);
    expect(CHANGE_TYPES).toEqual(['upsert', 'delete']);
    expect(isEntityType('material')).toBe(true);
    expect(isEntityType('customer')).toBe(true);
    expect(isEntityType('Customer')).toBe(false);
    expect(isEntityType('toString')).toBe(false);
  });
});

describe('SapDocumentError', () => {
  it('carries a stable code, an operator message and details, and is never retryable', () => {
    const error = new SapDocumentError(
      'MISSING_FIELD',
      'IDoc 0000000000123456: segment E1MARAM has no MATNR',
      {
        docnum: '0000000000123456',
      },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SapDocumentError');
    expect(error.code).toBe('MISSING_FIELD');
    expect(error.message).toBe('IDoc 0000000000123456: segment E1MARAM has no MATNR');
    expect(error.details).toEqual({ docnum: '0000000000123456' });
    expect(error.retryable).toBe(false);
  });

  it('is recognised also after crossing a boundary where instanceof fails', () => {
    const crossed = Object.assign(new Error('x'), { name: 'SapDocumentError', code: 'NO_IDOC' });
    expect(isSapDocumentError(crossed)).toBe(true);
    expect(isSapDocumentError(new Error('x'))).toBe(false);
    expect(isSapDocumentError(new SapDocumentError('NO_IDOC', 'x'))).toBe(true);
  });
});

describe('namespaced names', () => {
  it('maps _-NS_-NAME to /NS/NAME and back', () => {
    expect(decodeSapName('_-ABC_-FIELD')).toBe('/ABC/FIELD');
    expect(decodeSapName('MAX_STACK')).toBe('MAX_STACK');
    expect(encodeSapName('/ABC/FIELD')).toBe('_-ABC_-FIELD');
  });
});
