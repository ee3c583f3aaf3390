import { collectExtensions } from '../idoc/extensions';
import { changeTypeFromMsgfn } from '../idoc/msgfn';
import type { SegmentReader } from '../idoc/segment-reader';
import { accountNumber, withExtensions } from '../party/common';
import { CustomerSegment } from './segments';
import type { CustomerPartnerFunction } from './types';

const NOTHING_MAPPED = new Set<string>();

/** E1KNVPM partner functions of one sales area (`areaKey` names it in messages). */
export function readPartnerFunctions(salesArea: SegmentReader, areaKey: string): CustomerPartnerFunction[] {
  return salesArea.children(CustomerSegment.partnerFunction).map((segment) => {
    const partnerFunction = salesArea.child(segment, areaKey).required('PARVW');
    const reader = salesArea.child(segment, `${areaKey}, partner function ${partnerFunction}`);
    return withExtensions(
      {
        partnerFunction,
        partnerNumber: accountNumber(reader, 'KUNN2'),
        partnerCounter: reader.text('PARZA'),
        defaultPartner: reader.flag('DEFPA'),
        description: reader.text('KNREF'),
        changeType: changeTypeFromMsgfn(reader.raw('MSGFN')),
      },
      collectExtensions(segment, NOTHING_MAPPED),
    );
  });
}
