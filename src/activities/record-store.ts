import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { CanonicalRecord } from '../domain';

/**
 * Single-table layout:
 *   pk = ENTITY#<type>#<key>, sk = CURRENT           the latest applied version of the entity
 *   pk = ENTITY#<type>#<key>, sk = VERSION#<version> every applied version, immutable
 * Versions are fixed-width strings that sort in time order, so DynamoDB compares them directly.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;
const CURRENT = 'CURRENT';

export function entityPartitionKey(entityType: string, entityKey: string): string {
  return `ENTITY#${entityType}#${entityKey}`;
}

export function versionSortKey(version: string): string {
  return `VERSION#${version}`;
}

export interface StoredRecord extends CanonicalRecord {
  storedAt: string;
  publishedVersion?: string;
}

export type PersistOutcome =
  | { status: 'applied'; version: string }
  /** This exact version was stored by an earlier attempt; `published` says whether its fan-out finished. */
  | { status: 'alreadyApplied'; version: string; published: boolean }
  /** A newer version is stored: this one must not overwrite it. */
  | { status: 'stale'; version: string; storedVersion: string };

export interface RecordStore {
  persist(record: CanonicalRecord, storedAt: string): Promise<PersistOutcome>;
  markPublished(entityType: string, entityKey: string, version: string, publishedAt: string): Promise<void>;
  get(entityType: string, entityKey: string): Promise<StoredRecord | undefined>;
}

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export function createRecordStore(documents: DynamoDBDocumentClient, table: string): RecordStore {
  async function get(entityType: string, entityKey: string): Promise<StoredRecord | undefined> {
    const { Item } = await documents.send(
      new GetCommand({
        TableName: table,
        Key: { pk: entityPartitionKey(entityType, entityKey), sk: CURRENT },
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = Item;
    return record as StoredRecord;
  }

  return {
    get,

    /**
     * Two ordered writes instead of a transaction: the CURRENT item, guarded by the version, decides; the
     * immutable VERSION item follows and is written again on the already-applied path, so a crash between
     * the two is repaired by the activity's retry.
     */
    async persist(record, storedAt) {
      const pk = entityPartitionKey(record.entityType, record.entityKey);
      const putVersionItem = (at: string) =>
        documents.send(
          new PutCommand({
            TableName: table,
            Item: { pk, sk: versionSortKey(record.version), ...record, storedAt: at },
          }),
        );
      try {
        await documents.send(
          new PutCommand({
            TableName: table,
            Item: { pk, sk: CURRENT, ...record, storedAt },
            ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': record.version },
          }),
        );
        await putVersionItem(storedAt);
        return { status: 'applied', version: record.version };
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
      const stored = await get(record.entityType, record.entityKey);
      if (!stored) throw new Error(`condition failed but no current item for ${pk}: retrying`);
      if (stored.version === record.version) {
        await putVersionItem(stored.storedAt);
        return {
          status: 'alreadyApplied',
          version: record.version,
          published: stored.publishedVersion === record.version,
        };
      }
      return { status: 'stale', version: record.version, storedVersion: stored.version };
    },

    async markPublished(entityType, entityKey, version, publishedAt) {
      const pk = entityPartitionKey(entityType, entityKey);
      try {
        await documents.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk, sk: CURRENT },
            UpdateExpression: 'SET publishedVersion = :version, publishedAt = :at',
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version, ':at': publishedAt },
          }),
        );
      } catch (error) {
        // A newer version was applied meanwhile; its own publish marks it.
        if (!conditionFailed(error)) throw error;
      }
    },
  };
}
