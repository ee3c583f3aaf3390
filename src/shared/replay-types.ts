/** Where a replay starts or ends: the earliest retained record, the end, a time, or one offset for every partition. */
export type ReplayBound =
  { kind: 'beginning' } | { kind: 'end' } | { kind: 'time'; ms: number } | { kind: 'offset'; offset: string };

/** Offsets [start, end) of one partition. */
export interface PartitionRange {
  partition: number;
  start: string;
  end: string;
}
