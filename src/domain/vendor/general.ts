import { accountNumber, requiredAccountNumber } from '../party/common';
import { additionalText, readAddress, readCommunication, readNames, readTax } from '../party/general';
import { languageCode } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import { VendorSegment } from './segments';
import type { CanonicalVendor } from './types';

export interface VendorNumber {
  vendorNumber: string;
  vendorNumberAsSent: string;
}

/** The vendor key from E1LFA1M-LIFNR, ALPHA-converted to 10 ('100234' -> '0000100234'). */
export function readVendorNumber(general: SegmentReader): VendorNumber {
  const { canonical, asSent } = requiredAccountNumber(general, 'LIFNR');
  return { vendorNumber: canonical, vendorNumberAsSent: asSent };
}

type GeneralData = Omit<
  CanonicalVendor,
  | keyof VendorNumber
  | 'companyCodes'
  | 'purchasingOrganizations'
  | 'bankDetails'
  | 'contactPersons'
  | 'texts'
  | 'extensions'
>;

/** Client-level fields of E1LFA1M (and E1LFA1A). */
export function readGeneralData(general: SegmentReader): GeneralData {
  return {
    accountGroup: general.text('KTOKK'),
    title: general.text('ANRED'),
    names: readNames(general),
    searchTerm: general.text('SORTL'),
    address: readAddress(general),
    communication: readCommunication(general),
    language: languageCode(general.raw('SPRAS'), undefined),
    tax: readTax(general, VendorSegment.additional),
    industry: general.text('BRSCH'),
    customerNumber: accountNumber(general, 'KUNNR'),
    url: additionalText(general, VendorSegment.additional, 'LFURL'),
    createdOn: general.date('ERDAT'),
    createdBy: general.text('ERNAM'),
    blocks: {
      postingBlock: general.flag('SPERR'),
      purchasingBlock: general.flag('SPERM'),
      blockReason: general.text('SPERQ'),
      businessPurposeCompleted: general.flag('CVP_XBLCK'),
    },
    markedForDeletion: general.flag('LOEVM'),
    deletionBlocked: general.flag('NODEL'),
  };
}
