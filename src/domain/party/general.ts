import { childSegments } from '../idoc/segment';
import type { SegmentReader } from '../idoc/segment-reader';
import type { Incoterms, PartyAddress, PartyCommunication, PartyNames, PartyTax } from './types';

/*
 * Readers of the general-data fields that E1KNA1M (DEBMAS) and E1LFA1M (CREMAS) share, for the customer and
 * vendor modules.
 */

export function readNames(general: SegmentReader): PartyNames {
  return {
    name1: general.text('NAME1'),
    name2: general.text('NAME2'),
    name3: general.text('NAME3'),
    name4: general.text('NAME4'),
  };
}

export function readAddress(general: SegmentReader): PartyAddress {
  return {
    street: general.text('STRAS'),
    city: general.text('ORT01'),
    district: general.text('ORT02'),
    postalCode: general.text('PSTLZ'),
    poBox: general.text('PFACH'),
    poBoxPostalCode: general.text('PSTL2'),
    poBoxCity: general.text('PFORT'),
    region: general.text('REGIO'),
    country: general.text('LAND1'),
  };
}

export function readCommunication(general: SegmentReader): PartyCommunication {
  return {
    telephone1: general.text('TELF1'),
    telephone2: general.text('TELF2'),
    fax: general.text('TELFX'),
  };
}

/** Tax fields of the general segment, with STCD5 from its additional-data child segment when sent. */
export function readTax(general: SegmentReader, additionalSegment: string): PartyTax {
  return {
    vatRegistrationNumber: general.text('STCEG'),
    taxNumber1: general.text('STCD1'),
    taxNumber2: general.text('STCD2'),
    taxNumber3: general.text('STCD3'),
    taxNumber4: general.text('STCD4'),
    taxNumber5: additionalText(general, additionalSegment, 'STCD5'),
    taxNumberType: general.text('STCDT'),
    naturalPerson: general.flag('STKZN'),
  };
}

/** A field of the additional-data child segment (E1KNA11 / E1LFA1A); null when the segment is absent. */
export function additionalText(
  general: SegmentReader,
  additionalSegment: string,
  field: string,
): string | null {
  const [additional] = childSegments(general.segment, additionalSegment);
  return additional === undefined ? null : general.child(additional).text(field);
}

/** INCO1 / INCO2 (sales area, purchasing organisation); null when neither is sent. */
export function readIncoterms(reader: SegmentReader): Incoterms | null {
  const code = reader.text('INCO1');
  const location = reader.text('INCO2');
  return code === null && location === null ? null : { code, location };
}
