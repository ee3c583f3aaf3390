import { languageCode } from '../fields';
import { collectExtensions } from '../idoc/extensions';
import type { SegmentReader } from '../idoc/segment-reader';
import { withExtensions } from '../material/common';
import { filledValues, partnerNumber } from '../orders/common';
import { DeliverySegment } from './segments';
import type { DeliveryPartner } from './types';

const NOTHING_MAPPED = new Set<string>();

/** LANGUAGE of E1ADRM1: two letters are the ISO code, one character the (case-sensitive) SAP key. */
function addressLanguage(reader: SegmentReader) {
  const language = reader.text('LANGUAGE');
  if (language === null) return null;
  return language.length === 1 ? languageCode(language, null) : languageCode(null, language);
}

/** E1ADRM1 partner addresses in document order; PARTNER_Q is required. */
export function readPartners(header: SegmentReader): DeliveryPartner[] {
  return header.children(DeliverySegment.partner).map((segment) => {
    const first = header.child(segment);
    const role = first.required('PARTNER_Q');
    const reader = first.keyed(`partner ${role}`);
    return withExtensions(
      {
        role,
        partnerNumber: partnerNumber(reader, 'PARTNER_ID'),
        addressType: reader.text('ADDRESS_T'),
        name: reader.text('NAME1'),
        additionalNames: filledValues(reader, ['NAME2', 'NAME3', 'NAME4']),
        street: reader.text('STREET1'),
        postalCode: reader.text('POSTL_COD1'),
        city: reader.text('CITY1'),
        district: reader.text('CITY2'),
        region: reader.text('REGION'),
        country: reader.text('COUNTRY1'),
        language: addressLanguage(reader),
        phone: reader.text('TELEPHONE1'),
        fax: reader.text('TELEFAX'),
        email: reader.text('E_MAIL'),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
