import { languageCode } from '../fields';
import { collectExtensions } from '../idoc/extensions';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from '../material/common';
import { filledValues, partnerNumber } from './common';
import type { OrderPartner } from './types';

const NOTHING_MAPPED = new Set<string>();

/**
 * Partner segments E1EDKA1 (header) / E1EDPA1 (item), in document order: a role can occur more than once
 * (S/4 sends several LF partners). PARVW is required.
 */
export function readPartners(
  parent: SegmentReader,
  segmentName: string,
  /** Names the parent entry in messages, e.g. 'item 000010'. */
  context?: string,
): OrderPartner[] {
  return parent.children(segmentName).map((segment) => {
    const first = parent.child(segment, context);
    const role = first.required('PARVW');
    const reader = first.keyed(`${context === undefined ? '' : `${context}, `}partner ${role}`);
    return withExtensions(
      {
        role,
        partnerNumber: partnerNumber(reader, 'PARTN'),
        vendorNumber: partnerNumber(reader, 'LIFNR'),
        name: reader.text('NAME1'),
        additionalNames: filledValues(reader, ['NAME2', 'NAME3', 'NAME4']),
        street: reader.text('STRAS'),
        houseNumber: reader.text('HAUSN'),
        poBox: reader.text('PFACH'),
        postalCode: reader.text('PSTLZ'),
        city: reader.text('ORT01'),
        district: reader.text('ORT02'),
        region: reader.text('REGIO'),
        country: reader.text('LAND1'),
        language: languageCode(reader.raw('SPRAS'), reader.raw('SPRAS_ISO')),
        phone: reader.text('TELF1'),
        fax: reader.text('TELFX'),
        contactName: reader.text('BNAME'),
        reference: reader.text('IHREZ'),
        locationNumber: reader.text('ILNNR'),
        purchasingOrganization: reader.text('PAORG'),
        purchasingGroup: reader.text('PAGRU'),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
