import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { accountNumber, withExtensions } from './common';
import type { PartyCompanyCode } from './types';

const NOTHING_MAPPED = new Set<string>();

/**
 * Company code data (E1KNB1M under E1KNA1M, E1LFB1M under E1LFA1M); deletion flag and posting block stay on
 * the entry. `headOfficeField` is KNRZE (customer) or LNRZE (vendor); `more` reads entity-specific fields.
 */
export function readCompanyCodes<T extends object>(
  general: SegmentReader,
  segmentName: string,
  headOfficeField: string,
  more: (reader: SegmentReader) => T,
): Array<PartyCompanyCode & T> {
  return general.children(segmentName).map((segment) => {
    const companyCode = general.child(segment).required('BUKRS');
    const reader = general.child(segment, `company code ${companyCode}`);
    return withExtensions(
      {
        companyCode,
        markedForDeletion: reader.flag('LOEVM'),
        postingBlock: reader.flag('SPERR'),
        deletionBlocked: reader.flag('NODEL'),
        paymentBlock: reader.text('ZAHLS'),
        reconciliationAccount: reader.text('AKONT'),
        paymentTerms: reader.text('ZTERM'),
        paymentMethods: reader.text('ZWELS'),
        accountingClerk: reader.text('BUSAB'),
        sortKey: reader.text('ZUAWA'),
        headOffice: accountNumber(reader, headOfficeField),
        previousAccountNumber: reader.text('ALTKN'),
        ...more(reader),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
