import { languageCode } from '../fields';
import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { CustomerSegment } from '../customer/segments';
import { withExtensions } from './common';
import type { PartyContactPerson } from './types';

const NOTHING_MAPPED = new Set<string>();

/** E1KNVKM contact persons (the same segment under E1KNA1M in DEBMAS and under E1LFA1M in CREMAS). */
export function readContactPersons(general: SegmentReader): PartyContactPerson[] {
  return general.children(CustomerSegment.contactPerson).map((segment) => {
    const contactPersonNumber = general.child(segment).required('PARNR');
    const reader = general.child(segment, `contact person ${contactPersonNumber}`);
    return withExtensions(
      {
        contactPersonNumber,
        firstName: reader.text('NAMEV'),
        lastName: reader.text('NAME1'),
        formOfAddress: reader.text('ANRED'),
        department: reader.text('ABTNR'),
        departmentText: reader.text('ABTPA'),
        function: reader.text('PAFKT'),
        telephone: reader.text('TELF1'),
        language: languageCode(reader.raw('PARLA'), reader.raw('PARLA_ISO')),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
