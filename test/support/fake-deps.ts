import { ApplicationFailure } from '@temporalio/activity';
import type { ActivityDeps } from '../../src/activities';
import { dedupKey } from '../../src/adapters/change-publisher';
import type { PersistOutcome, RecordWriter, StoredRecord } from '../../src/adapters/record-store';
import { compareVersions, type CanonicalRecord } from '../../src/domain';
import type { SupersededEntry } from '../../src/shared/apply-types';

/** In-memory store and publisher with the same version rules as the DynamoDB/SNS ones, for workflow tests. */
export function createFakeDeps() {
  const records = new Map<string, StoredRecord>();
  const published: { dedupKey: string; record: CanonicalRecord }[] = [];
  /** Superseded versions recorded, by entity. */
  const superseded = new Map<string, SupersededEntry[]>();
  /** Publishes to refuse (non-retryable) before they succeed again. */
  const faults = { publishFailures: 0 };
  /** `material#<key>`; `material@ERP2#<key>` for another system than the default `SAP` (as the table does). */
  const key = (type: string, entityKey: string, system?: string) =>
    `${system === undefined || system === 'SAP' ? type : `${type}@${system}`}#${entityKey}`;
  const recordKey = (record: CanonicalRecord) =>
    key(record.entityType, record.entityKey, record.sourceSystem);

  const store: RecordWriter = {
    async get(type, entityKey, system) {
      return records.get(key(type, entityKey, system));
    },
    async markFanOutFailed(type, entityKey, version, reason, _at, system) {
      const current = records.get(key(type, entityKey, system));
      if (current?.version === version) current.fanOutError = reason;
    },
    putCurrent(record, storedAt) {
      return store.persist(record, storedAt);
    },
    announceRecordApplied: () => () => undefined,
    async recordApplied(record, _storedAt, published) {
      const current = records.get(recordKey(record));
      if (published && current?.version === record.version) current.publishedVersion = record.version;
    },
    async persist(record, storedAt): Promise<PersistOutcome> {
      const current = records.get(recordKey(record));
      if (!current || compareVersions(current.version, record.version) < 0) {
        records.set(recordKey(record), { ...record, storedAt });
        return { status: 'applied', version: record.version };
      }
      if (current.version === record.version) {
        return {
          status: 'alreadyApplied',
          version: record.version,
          published: current.publishedVersion === record.version,
        };
      }
      return { status: 'stale', version: record.version, storedVersion: current.version };
    },
    async recordSuperseded(type, entityKey, entries, _recordedAt, system) {
      const kept = superseded.get(key(type, entityKey, system)) ?? [];
      for (const entry of entries)
        if (!kept.some((k) => k.version === entry.version)) kept.push({ ...entry });
      superseded.set(key(type, entityKey, system), kept);
    },
    async purgeVersionsBefore() {
      return 0; // the fake keeps no VERSION items
    },
    async markPublished(type, entityKey, version, _publishedAt, system) {
      const current = records.get(key(type, entityKey, system));
      if (current?.version === version) {
        current.publishedVersion = version;
        delete current.fanOutError;
      }
    },
  };

  const payloads = new Map<string, string>();
  const deps: ActivityDeps = {
    store,
    payloads: {
      async put(payload) {
        const sha256 = String(payloads.size + 1);
        payloads.set(sha256, payload);
        return { store: 'dynamodb', sha256, bytes: payload.length, chunks: 1 };
      },
      async get(ref) {
        const payload = payloads.get(ref.sha256);
        if (payload === undefined) throw new Error(`no payload ${ref.sha256}`);
        return payload;
      },
    },
    publisher: {
      async publish(record) {
        if (faults.publishFailures > 0) {
          faults.publishFailures -= 1;
          throw ApplicationFailure.nonRetryable('SNS refused the message: too large', 'RecordRejected');
        }
        const dedup = dedupKey(record);
        published.push({ dedupKey: dedup, record });
        return { messageId: String(published.length), dedupKey: dedup };
      },
    },
  };
  return { deps, records, published, faults, superseded };
}
