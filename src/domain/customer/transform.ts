import type { ChangeType } from '../entity';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import type { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import { idocRecordSource, type CanonicalRecord } from '../record';
import { readBankDetails } from '../party/bank-details';
import { singleTopSegment } from '../party/common';
import { readCompanyCodes } from '../party/company-codes';
import { readContactPersons } from '../party/contact-persons';
import { CUSTOMER_IDOC_LABEL, isCustomerIdoc } from './detect';
import { readCustomerNumber, readGeneralData } from './general';
import { readSalesAreas } from './sales-areas';
import { CustomerSegment } from './segments';
import { readTexts } from '../party/texts';
import type { CanonicalCustomer } from './types';

/**
 * Standard segments under E1KNA1M whose entries collect their own extensions. E1KNA11 and the text segments
 * are read into general data, so their customer content is collected at general level.
 */
const MAPPED_UNDER_GENERAL = new Set<string>([
  CustomerSegment.salesArea,
  CustomerSegment.companyCode,
  CustomerSegment.bankDetail,
  CustomerSegment.contactPerson,
]);

function generalSegment(idoc: ParsedIdoc): SegmentReader {
  return singleTopSegment(idoc, CustomerSegment.general, 'a customer IDoc carries exactly one customer');
}

/** Just the routing facts of a customer IDoc: its canonical key and whether it deletes the customer. */
export function describeCustomer(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const general = generalSegment(idoc);
  return {
    entityKey: readCustomerNumber(general).customerNumber,
    changeType: changeTypeFromMsgfn(general.raw('MSGFN')),
  };
}

/** A parsed customer IDoc (DEBMAS) to its canonical record. */
export function transformCustomer(idoc: ParsedIdoc): CanonicalRecord<CanonicalCustomer> {
  const general = generalSegment(idoc);
  const number = readCustomerNumber(general);
  const data: CanonicalCustomer = {
    ...number,
    ...readGeneralData(general),
    salesAreas: readSalesAreas(general),
    companyCodes: readCompanyCodes(general, CustomerSegment.companyCode, 'KNRZE', () => ({})),
    bankDetails: readBankDetails(general, CustomerSegment.bankDetail),
    contactPersons: readContactPersons(general),
    texts: readTexts(general, CustomerSegment.textHeader, CustomerSegment.textLine),
    extensions: collectExtensions(general.segment, MAPPED_UNDER_GENERAL, {
      siblings: idoc.segments.filter((segment) => segment !== general.segment),
      siblingParent: 'IDOC',
    }),
  };
  const changeType = changeTypeFromMsgfn(general.raw('MSGFN'));
  return {
    entityType: 'customer',
    entityKey: number.customerNumber,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete' || data.markedForDeletion,
    source: idocRecordSource(idoc.control),
    data,
  };
}

/**
 * Transforms ONE customer IDoc XML document (as produced by splitIdocDocument) to its canonical record.
 * Throws SapDocumentError (MALFORMED_XML, NO_IDOC, MULTIPLE_IDOCS, UNSUPPORTED_IDOC_TYPE for other IDoc
 * types, MISSING_SEGMENT, MISSING_FIELD, INVALID_VALUE, ...).
 */
export function transformCustomerIdoc(xml: string): CanonicalRecord<CanonicalCustomer> {
  const idoc = parseSingleIdoc(xml);
  if (!isCustomerIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, CUSTOMER_IDOC_LABEL);
  return transformCustomer(idoc);
}
