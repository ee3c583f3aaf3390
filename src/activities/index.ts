import { Context } from '@temporalio/activity';
import { transformIdoc, type CanonicalRecord } from '../domain';
import type { DocumentBody } from '../shared/payload-ref';
import type { ChangePublisher } from './change-publisher';
import type { PayloadStore } from './payload-store';
import { classified } from './classify-error';
import type { PersistOutcome, RecordWriter } from './record-store';

export interface ActivityDeps {
  store: RecordWriter;
  publisher: ChangePublisher;
  payloads: PayloadStore;
  now?: () => Date;
}

export type TransformInput = DocumentBody & { format: 'idoc' };

/** Activities are built from injected clients so tests and processes decide what they talk to. */
export function createActivities(deps: ActivityDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async transformChange(input: TransformInput): Promise<CanonicalRecord> {
      return classified(async () => {
        const document = input.payloadRef ? await deps.payloads.get(input.payloadRef) : input.payload;
        return transformIdoc(document);
      });
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
