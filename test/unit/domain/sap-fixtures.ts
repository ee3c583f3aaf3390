import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SapDocumentError } from '../../../src/domain';

export function readFixture(name: string): string {
  return readFileSync(join(__dirname, '../../fixtures/sap', name), 'utf8');
}

export interface ControlFields {
  [field: string]: string | undefined;
}

const DEFAULT_CONTROL: ControlFields = {
  TABNAM: 'EDI_DC40',
  MANDT: '100',
  DOCNUM: '0000000000123456',
  IDOCTYP: 'MATMAS05',
  MESTYP: 'MATMAS',
  SNDPOR: 'SAPS4H',
  SNDPRT: 'LS',
  SNDPRN: 'S4HCLNT100',
  CREDAT: '20250320',
  CRETIM: '110000',
};

/** One IDOC element (constructed from the MATMAS05 layout); undefined control fields are left out. */
export function idocElement(body: string, control: ControlFields = {}): string {
  const fields = Object.entries({ ...DEFAULT_CONTROL, ...control })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `<IDOC BEGIN="1"><EDI_DC40 SEGMENT="1">${fields}</EDI_DC40>${body}</IDOC>`;
}

/** A complete single-IDoc document. */
export function idocDocument(body: string, control: ControlFields = {}, root = 'MATMAS05'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root}>${idocElement(body, control)}</${root}>`;
}

/** A minimal E1MARAM with the given inner XML. */
export function e1maram(inner: string, matnr = 'TEST-1', msgfn = '005'): string {
  return `<E1MARAM SEGMENT="1"><MSGFN>${msgfn}</MSGFN><MATNR>${matnr}</MATNR>${inner}</E1MARAM>`;
}

/** The SapDocumentError thrown by `work` (fails the test when nothing or something else is thrown). */
export function sapErrorOf(work: () => unknown): SapDocumentError {
  try {
    work();
  } catch (error) {
    if (error instanceof SapDocumentError) return error;
    throw error;
  }
  throw new Error('expected a SapDocumentError, nothing was thrown');
}
