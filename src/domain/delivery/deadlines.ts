import type { SegmentReader } from '../idoc/segment-reader';
import { byQualifier } from '../orders/common';
import { dateTimeOf } from './header';
import { DeliverySegment } from './segments';
import type { DeliveryDeadline } from './types';

/** E1EDT13 deadlines by QUALF: date + time as ISO local date-times, '00000000' as null. */
export function readDeadlines(header: SegmentReader): Record<string, DeliveryDeadline> {
  return byQualifier(header, DeliverySegment.deadline, 'QUALF', (reader) => ({
    plannedStart: dateTimeOf(reader, 'NTANF', 'NTANZ'),
    plannedEnd: dateTimeOf(reader, 'NTEND', 'NTENZ'),
    actualStart: dateTimeOf(reader, 'ISDD', 'ISDZ'),
    actualEnd: dateTimeOf(reader, 'IEDD', 'IEDZ'),
    startTimeZone: reader.text('TZONE_BEG'),
    endTimeZone: reader.text('TZONE_END'),
  }));
}
