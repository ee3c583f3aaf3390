import { languageCode } from '../fields';
import type { SegmentReader } from '../idoc/segment-reader';
import { accountNumber, requiredAccountNumber } from '../party/common';
import { additionalText, readAddress, readCommunication, readNames, readTax } from '../party/general';
import { CustomerSegment } from './segments';
import type { CanonicalCustomer } from './types';

export interface CustomerNumber {
  customerNumber: string;
  customerNumberAsSent: string;
}

/** The customer key from E1KNA1M-KUNNR, ALPHA-converted to 10 ('1000746' -> '0001000746'). */
export function readCustomerNumber(general: SegmentReader): CustomerNumber {
  const { canonical, asSent } = requiredAccountNumber(general, 'KUNNR');
  return { customerNumber: canonical, customerNumberAsSent: asSent };
}

type GeneralData = Omit<
  CanonicalCustomer,
  | keyof CustomerNumber
  | 'salesAreas'
  | 'companyCodes'
  | 'bankDetails'
  | 'contactPersons'
  | 'texts'
  | 'extensions'
>;

/** Client-level fields of E1KNA1M (and E1KNA11). */
export function readGeneralData(general: SegmentReader): GeneralData {
  return {
    accountGroup: general.text('KTOKD'),
    title: general.text('ANRED'),
    names: readNames(general),
    searchTerm: general.text('SORTL'),
    address: readAddress(general),
    communication: readCommunication(general),
    language: languageCode(general.raw('SPRAS'), general.raw('SPRAS_ISO')),
    tax: readTax(general, CustomerSegment.additional),
    industry: general.text('BRSCH'),
    customerClassification: general.text('KUKLA'),
    vendorNumber: accountNumber(general, 'LIFNR'),
    url: additionalText(general, CustomerSegment.additional, 'KNURL'),
    blocks: {
      orderBlock: general.text('AUFSD'),
      deliveryBlock: general.text('LIFSD'),
      billingBlock: general.text('FAKSD'),
      salesSupportBlock: general.text('CASSD'),
      postingBlock: general.flag('SPERR'),
      businessPurposeCompleted: general.flag('CVP_XBLCK'),
    },
    markedForDeletion: general.flag('LOEVM'),
    deletionBlocked: general.flag('NODEL'),
  };
}
