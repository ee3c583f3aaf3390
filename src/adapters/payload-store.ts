import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchWriteCommand,
  GetCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PayloadRef } from '../shared/payload-ref';

export type { PayloadRef };

/**
 * Claim check for documents too large to travel inside Temporal payloads: the body is gzipped, split into
 * chunks below DynamoDB's item limit and stored content-addressed (`pk = PAYLOAD#<sha256>`), so storing the
 * same document twice is harmless. Signals carry only the reference.
 */
export interface PayloadStore {
  put(payload: string): Promise<PayloadRef>;
  get(ref: PayloadRef): Promise<string>;
}

const CHUNK_BYTES = 300 * 1024;
const RETENTION_SECONDS = 30 * 24 * 3600;

export class PayloadIntegrityError extends Error {
  override readonly name = 'PayloadIntegrityError';
}

function chunkKey(index: number): string {
  return `CHUNK#${String(index).padStart(5, '0')}`;
}

export function createPayloadStore(documents: DynamoDBDocumentClient, table: string): PayloadStore {
  return {
    async put(payload) {
      const sha256 = createHash('sha256').update(payload).digest('hex');
      const compressed = gzipSync(Buffer.from(payload, 'utf8'));
      const chunks: Buffer[] = [];
      for (let offset = 0; offset < compressed.length; offset += CHUNK_BYTES) {
        chunks.push(compressed.subarray(offset, offset + CHUNK_BYTES));
      }
      const expiresAt = Math.floor(Date.now() / 1000) + RETENTION_SECONDS;
      for (let i = 0; i < chunks.length; i += 25) {
        let requests: Record<string, unknown>[] | undefined = chunks.slice(i, i + 25).map((body, j) => ({
          PutRequest: { Item: { pk: `PAYLOAD#${sha256}`, sk: chunkKey(i + j), body, expiresAt } },
        }));
        while (requests && requests.length > 0) {
          const result: BatchWriteCommandOutput = await documents.send(
            new BatchWriteCommand({ RequestItems: { [table]: requests } }),
          );
          requests = result.UnprocessedItems?.[table];
        }
      }
      return { store: 'dynamodb', sha256, bytes: Buffer.byteLength(payload, 'utf8'), chunks: chunks.length };
    },

    async get(ref) {
      // Each chunk by its key (GetItem), not a query: cheap on DynamoDB and on emulators alike.
      const found = await Promise.all(
        Array.from({ length: ref.chunks }, (_, index) =>
          documents.send(
            new GetCommand({
              TableName: table,
              Key: { pk: `PAYLOAD#${ref.sha256}`, sk: chunkKey(index) },
              ConsistentRead: true,
            }),
          ),
        ),
      );
      const parts = found.flatMap(({ Item }) => (Item ? [Buffer.from(Item.body as Uint8Array)] : []));
      if (parts.length !== ref.chunks) {
        throw new PayloadIntegrityError(
          `payload ${ref.sha256}: found ${parts.length} of ${ref.chunks} chunks`,
        );
      }
      const payload = gunzipSync(Buffer.concat(parts)).toString('utf8');
      if (createHash('sha256').update(payload).digest('hex') !== ref.sha256) {
        throw new PayloadIntegrityError(`payload ${ref.sha256}: content does not match its hash`);
      }
      return payload;
    },
  };
}
