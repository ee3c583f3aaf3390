import { readBankDetails } from '../party/bank-details';
import { singleTopSegment } from '../party/common';
import { readCompanyCodes } from '../party/company-codes';
import { readContactPersons } from '../party/contact-persons';
import { readTexts } from '../party/texts';
import type { ChangeType } from '../entity';
import { idocVersion } from '../idoc/control';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import { parseSingleIdoc, type ParsedIdoc } from '../idoc/parsed-idoc';
import type { SegmentReader } from '../idoc/segment-reader';
import { unsupportedIdocType } from '../idoc/unsupported';
import { idocRecordSource, type CanonicalRecord } from '../record';
import { VENDOR_IDOC_LABEL, isVendorIdoc } from './detect';
import { readGeneralData, readVendorNumber } from './general';
import { readPurchasingOrganizations } from './purchasing-organizations';
import { VendorSegment } from './segments';
import type { CanonicalVendor, VendorCompanyCode } from './types';

/**
 * Standard segments under E1LFA1M whose entries collect their own extensions. E1LFA1A and the text segments
 * are read into general data, so their customer content is collected at general level.
 */
const MAPPED_UNDER_GENERAL = new Set<string>([
  VendorSegment.companyCode,
  VendorSegment.purchasingOrganization,
  VendorSegment.bankDetail,
  VendorSegment.contactPerson,
]);

function generalSegment(idoc: ParsedIdoc): SegmentReader {
  return singleTopSegment(idoc, VendorSegment.general, 'a vendor IDoc carries exactly one vendor');
}

function readVendorCompanyCodes(general: SegmentReader): VendorCompanyCode[] {
  return readCompanyCodes(general, VendorSegment.companyCode, 'LNRZE', (reader) => ({
    houseBank: reader.text('HBKID'),
    createdOn: reader.date('ERDAT'),
    createdBy: reader.text('ERNAM'),
  }));
}

/** Just the routing facts of a vendor IDoc: its canonical key and whether it deletes the vendor. */
export function describeVendor(idoc: ParsedIdoc): { entityKey: string; changeType: ChangeType } {
  const general = generalSegment(idoc);
  return {
    entityKey: readVendorNumber(general).vendorNumber,
    changeType: changeTypeFromMsgfn(general.raw('MSGFN')),
  };
}

/** A parsed vendor IDoc (CREMAS) to its canonical record. */
export function transformVendor(idoc: ParsedIdoc): CanonicalRecord<CanonicalVendor> {
  const general = generalSegment(idoc);
  const number = readVendorNumber(general);
  const data: CanonicalVendor = {
    ...number,
    ...readGeneralData(general),
    companyCodes: readVendorCompanyCodes(general),
    purchasingOrganizations: readPurchasingOrganizations(general),
    bankDetails: readBankDetails(general, VendorSegment.bankDetail),
    contactPersons: readContactPersons(general),
    texts: readTexts(general, VendorSegment.textHeader, VendorSegment.textLine),
    extensions: collectExtensions(general.segment, MAPPED_UNDER_GENERAL, {
      siblings: idoc.segments.filter((segment) => segment !== general.segment),
      siblingParent: 'IDOC',
    }),
  };
  const changeType = changeTypeFromMsgfn(general.raw('MSGFN'));
  return {
    entityType: 'vendor',
    entityKey: number.vendorNumber,
    version: idocVersion(idoc.control),
    changeType,
    deleted: changeType === 'delete' || data.markedForDeletion,
    source: idocRecordSource(idoc.control),
    data,
  };
}

/**
 * Transforms ONE vendor IDoc XML document (as produced by splitIdocDocument) to its canonical record.
 * Throws SapDocumentError (MALFORMED_XML, NO_IDOC, MULTIPLE_IDOCS, UNSUPPORTED_IDOC_TYPE for other IDoc
 * types, MISSING_SEGMENT, MISSING_FIELD, INVALID_VALUE, ...).
 */
export function transformVendorIdoc(xml: string): CanonicalRecord<CanonicalVendor> {
  const idoc = parseSingleIdoc(xml);
  if (!isVendorIdoc(idoc.control)) throw unsupportedIdocType(idoc.control, VENDOR_IDOC_LABEL);
  return transformVendor(idoc);
}
