import { Context } from '@temporalio/activity';
import { transformIdoc, type CanonicalRecord } from '../domain';
import type { ChangePublisher } from './change-publisher';
import { classified } from './classify-error';
import type { PersistOutcome, RecordStore } from './record-store';

export interface ActivityDeps {
  store: RecordStore;
  publisher: ChangePublisher;
  now?: () => Date;
}

export interface TransformInput {
  format: 'idoc';
  payload: string;
}

/** Activities are built from injected clients so tests and processes decide what they talk to. */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async transformChange(input: TransformInput): Promise<CanonicalRecord> {
      return classified(() => transformIdoc(input.payload));
    },

    async persistRecord(record: CanonicalRecord): Promise<PersistOutcome> {
      return classified(() => deps.store.persist(record, now().toISOString()));
    },

    async publishRecord(record: CanonicalRecord): Promise<{ messageId: string; dedupKey: string }> {
      return classified(async () => {
        const published = await deps.publisher.publish(record);
        await deps.store.markPublished(
          record.entityType,
          record.entityKey,
          record.version,
          now().toISOString(),
        );
        Context.current().log.info('published change', { dedupKey: published.dedupKey });
        return published;
      });
    },
  };
}

export type SyncActivities = ReturnType<typeof createActivities>;
