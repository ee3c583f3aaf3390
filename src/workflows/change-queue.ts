import { compareVersions } from '../domain/version';
import type { ChangeSignal } from './messages';

export function changeId(change: Pick<ChangeSignal, 'sourceId' | 'version'>): string {
  return `${change.sourceId}@${change.version}`;
}

/** Inserts keeping ascending version order; equal versions keep arrival order. */
export function insertByVersion(pending: ChangeSignal[], change: ChangeSignal): void {
  let index = pending.length;
  while (index > 0 && compareVersions(pending[index - 1]!.version, change.version) > 0) index -= 1;
  pending.splice(index, 0, change);
}

/** Keeps the most recent `limit` entries. */
export function keepLast<T>(items: T[], limit: number): T[] {
  return items.length > limit ? items.slice(items.length - limit) : items;
}

/** Documents per stash call: each call's result (the references) stays small in the history. */
const STASH_CHUNK = 200;

/** Claim-checks documents in chunks through the given local activity; references in the same order. */
export async function stashInChunks<Ref>(
  stash: (input: { payloads: string[] }) => Promise<Ref[]>,
  payloads: string[],
): Promise<Ref[]> {
  const refs: Ref[] = [];
  for (let start = 0; start < payloads.length; start += STASH_CHUNK)
    refs.push(...(await stash({ payloads: payloads.slice(start, start + STASH_CHUNK) })));
  return refs;
}
