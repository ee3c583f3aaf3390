import { SapDocumentError } from '../errors';
import { sapDate, sapTime } from '../fields/date';
import { idocVersionTimestamp, makeVersion } from '../version';
import type { Segment } from './segment';

/** The fields of the IDoc control record (EDI_DC40) that SyncHub uses, trimmed, absent when empty. */
export interface IdocControl {
  /** DOCNUM: IDoc number, 16 digits, zero padded. Unique per sender system and client. */
  docnum: string;
  /** IDOCTYP: basic type, e.g. 'MATMAS05'. */
  idocType: string;
  /** CIMTYP: extension type, e.g. 'ZMATMAS05'. */
  extension?: string;
  /** MESTYP: message type, e.g. 'MATMAS', or a customer one like 'ZMATMAS' or '/NS/MATMAS'. */
  messageType: string;
  /** SNDPRN: sender partner, e.g. 'ECCCLNT010'. */
  senderPartner?: string;
  /** SNDPOR: sender port. */
  senderPort?: string;
  /** MANDT: client of the sender. */
  client?: string;
  /** CREDAT: creation date YYYYMMDD, SAP server local time. */
  createdDate?: string;
  /** CRETIM: creation time HHMMSS, SAP server local time. */
  createdTime?: string;
  /** SERIAL: ALE serialisation timestamp; orders versions of one object but is not unique. */
  serial?: string;
}

export const CONTROL_RECORD = 'EDI_DC40';

/**
 * Reads the control record. `where` names the IDoc for messages when its number is not known yet
 * (e.g. 'IDoc 2 of 3 in the document').
 */
export function readControl(record: Segment, where: string): IdocControl {
  const value = (field: string): string | undefined => {
    const text = record.fields.get(field)?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const required = (field: string, docnum?: string): string => {
    const text = value(field);
    if (text === undefined) {
      const subject = docnum === undefined ? where : `IDoc ${docnum}`;
      throw new SapDocumentError(
        'MISSING_FIELD',
        `${subject}: control record ${CONTROL_RECORD} has no ${field}`,
        {
          segment: CONTROL_RECORD,
          field,
          ...(docnum === undefined ? {} : { docnum }),
        },
      );
    }
    return text;
  };

  const rawDocnum = required('DOCNUM');
  if (!/^\d{1,16}$/.test(rawDocnum)) {
    throw new SapDocumentError(
      'INVALID_VALUE',
      `${where}: control record ${CONTROL_RECORD} field DOCNUM '${rawDocnum}' is not an IDoc number (up to 16 digits)`,
      { segment: CONTROL_RECORD, field: 'DOCNUM', value: rawDocnum },
    );
  }
  const docnum = rawDocnum.padStart(16, '0');
  const control: IdocControl = {
    docnum,
    idocType: required('IDOCTYP', docnum),
    messageType: required('MESTYP', docnum),
  };
  const optional: Array<[keyof IdocControl, string]> = [
    ['extension', 'CIMTYP'],
    ['senderPartner', 'SNDPRN'],
    ['senderPort', 'SNDPOR'],
    ['client', 'MANDT'],
    ['createdDate', 'CREDAT'],
    ['createdTime', 'CRETIM'],
    ['serial', 'SERIAL'],
  ];
  for (const [key, field] of optional) {
    const text = value(field);
    if (text !== undefined) control[key] = text;
  }
  // The creation date and time order changes (when there is no SERIAL): a bad one must not route silently.
  const checks: Array<[string, string | undefined, (raw: string) => unknown, string]> = [
    ['CREDAT', control.createdDate, sapDate, 'a valid date (expected YYYYMMDD)'],
    ['CRETIM', control.createdTime, sapTime, 'a valid time (expected HHMMSS)'],
  ];
  for (const [field, text, parse, expected] of checks) {
    if (text === undefined) continue;
    try {
      parse(text);
    } catch {
      throw new SapDocumentError(
        'INVALID_VALUE',
        `IDoc ${docnum}: control record ${CONTROL_RECORD} field ${field} '${text}' is not ${expected}`,
        { segment: CONTROL_RECORD, field, value: text, docnum },
      );
    }
  }
  return control;
}

/** The version of the change an IDoc carries: SERIAL (else CREDAT+CRETIM) then DOCNUM. */
export function idocVersion(control: IdocControl): string {
  return makeVersion(
    idocVersionTimestamp(control.serial, control.createdDate, control.createdTime),
    control.docnum,
  );
}

/** `${SNDPRN}/${MANDT}/${DOCNUM}` ('-' for a missing part): identifies one IDoc. */
export function idocSourceId(control: IdocControl): string {
  return `${control.senderPartner ?? '-'}/${control.client ?? '-'}/${control.docnum}`;
}
