import type { ActivityDeps } from '../../src/activities';
import { dedupKey } from '../../src/activities/change-publisher';
import type { PersistOutcome, RecordStore, StoredRecord } from '../../src/activities/record-store';
import { compareVersions, type CanonicalRecord } from '../../src/domain';

/** In-memory store and publisher with the same version rules as the DynamoDB/SNS ones, for workflow tests. */
export function createFakeDeps() {
  const records = new Map<string, StoredRecord>();
  const published: { dedupKey: string; record: CanonicalRecord }[] = [];
  const key = (type: string, entityKey: string) => `${type}#${entityKey}`;

  const store: RecordStore = {
    async get(type, entityKey) {
      return records.get(key(type, entityKey));
    },
    async persist(record, storedAt): Promise<PersistOutcome> {
      const current = records.get(key(record.entityType, record.entityKey));
      if (!current || compareVersions(current.version, record.version) < 0) {
        records.set(key(record.entityType, record.entityKey), { ...record, storedAt });
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
    async markPublished(type, entityKey, version) {
      const current = records.get(key(type, entityKey));
      if (current?.version === version) current.publishedVersion = version;
    },
  };

  const deps: ActivityDeps = {
    store,
    publisher: {
      async publish(record) {
        const dedup = dedupKey(record);
        published.push({ dedupKey: dedup, record });
        return { messageId: String(published.length), dedupKey: dedup };
      },
    },
  };
  return { deps, records, published };
}
