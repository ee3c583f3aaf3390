import type { EntityType } from '../entity';
import type { CanonicalRecord } from '../record';
import { compareVersions } from '../version';

/*
 * Erasure on request (GDPR art. 17). The entity's CURRENT item is replaced by a tombstone at the highest version
 * SyncHub ever saw of it, and every other item with its data is deleted. The version guard of every write
 * (an older or equal version never replaces CURRENT; an equal one never replaces a tombstone) then keeps a
 * replay of Kafka history or a late redelivery from bringing the data back. A strictly newer version from SAP
 * is applied: SAP sends one only when the entity exists there again (re-created or changed after the request),
 * and SAP is the system of record.
 */

/** The change type of the tombstone and of the message that tells the domains to delete their copies. */
export const ERASED_CHANGE = 'erased';

/** Where a tombstone came from: an erasure in SyncHub, not an SAP document. */
export interface ErasureSource {
  format: 'erasure';
  erasedAt: string;
}

export interface Tombstone extends CanonicalRecord<null> {
  changeType: typeof ERASED_CHANGE;
  erased: true;
  erasedAt: string;
}

export function tombstone(
  entityType: EntityType,
  entityKey: string,
  version: string,
  erasedAt: string,
): Tombstone {
  return {
    entityType,
    entityKey,
    version,
    changeType: ERASED_CHANGE,
    deleted: true,
    source: { format: 'erasure', erasedAt },
    data: null,
    erased: true,
    erasedAt,
  };
}

export function isErased(record: object | undefined): boolean {
  return record !== undefined && (record as { erased?: unknown }).erased === true;
}

/** The highest of the versions given (undefined ones ignored); undefined when there is none. */
export function highestVersion(versions: readonly (string | undefined)[]): string | undefined {
  let highest: string | undefined;
  for (const version of versions) {
    if (version === undefined || version === '') continue;
    if (highest === undefined || compareVersions(version, highest) > 0) highest = version;
  }
  return highest;
}

/**
 * Whether a version arriving for an erased entity may replace its tombstone: only a strictly newer one
 * (the entity exists in SAP again). Older and equal versions are history and stay erased.
 */
export function replacesTombstone(tombstoneVersion: string, incoming: string): boolean {
  return compareVersions(incoming, tombstoneVersion) > 0;
}
