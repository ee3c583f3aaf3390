import { compareVersions } from '../domain/version';
import type { ChangeSignal, EntityChange, SupersededChange } from './messages';

/** A version sent without its document because a newer one of the entity travelled with it. */
export function isSuperseded(change: EntityChange): change is SupersededChange {
  return (change as Partial<SupersededChange>).supersededBy !== undefined;
}

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

/** Document bytes per stash call: each call's input is a command in the history, so it stays small. */
const STASH_CHUNK_BYTES = 256 * 1024;

/** Claim-checks documents in chunks through the given activity, one call at a time; references in order. */
export async function stashInChunks<Ref>(
  stash: (input: { payloads: string[] }) => Promise<Ref[]>,
  payloads: string[],
): Promise<Ref[]> {
  const refs: Ref[] = [];
  let chunk: string[] = [];
  let bytes = 0;
  const flush = async () => {
    if (chunk.length > 0) refs.push(...(await stash({ payloads: chunk })));
    chunk = [];
    bytes = 0;
  };
  for (const payload of payloads) {
    if (chunk.length > 0 && bytes + payload.length > STASH_CHUNK_BYTES) await flush();
    chunk.push(payload);
    bytes += payload.length;
  }
  await flush();
  return refs;
}
