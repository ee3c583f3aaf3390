import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from './common';
import type { PartyBankDetail } from './types';

const NOTHING_MAPPED = new Set<string>();

/**
 * Bank details (E1KNBKM under E1KNA1M, E1LFBKM under E1LFA1M: the same fields). BANKS is required; an
 * IBAN-only account may come without BANKL/BANKN.
 */
export function readBankDetails(general: SegmentReader, segmentName: string): PartyBankDetail[] {
  return general.children(segmentName).map((segment) => {
    const first = general.child(segment);
    const bankCountry = first.required('BANKS');
    const bankKey = first.text('BANKL');
    const accountNumber = first.text('BANKN');
    // The account number is personal: messages name the bank, never the account.
    const reader = first.keyed(`bank ${[bankCountry, bankKey].filter((part) => part !== null).join('/')}`);
    return withExtensions(
      {
        bankCountry,
        bankKey,
        accountNumber,
        controlKey: reader.text('BKONT'),
        partnerBankType: reader.text('BVTYP'),
        accountHolder: reader.text('KOINH'),
        bankName: reader.text('BANKA'),
        swiftCode: reader.text('SWIFT'),
        iban: reader.text('IBAN'),
        reference: reader.text('BKREF'),
        collectionAuthorization: reader.flag('XEZER'),
        validFrom: reader.date('KOVON'),
        validTo: reader.date('KOBIS'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
