import { DescribeTableCommand, UpdateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';

/** One write to an entity's CURRENT item, in the order DynamoDB applied it. */
export interface CurrentWrite {
  pk: string;
  event: string;
  oldVersion?: string;
  newVersion?: string;
}

/**
 * The table's change stream (NEW_AND_OLD_IMAGES) is the independent witness of every write: it shows each
 * CURRENT item's version before and after, in the order the writes were applied, whatever SyncHub believes.
 */
export async function enableStream(dynamodb: DynamoDBClient, table: string): Promise<void> {
  await dynamodb.send(
    new UpdateTableCommand({
      TableName: table,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
}

export async function readCurrentWrites(
  dynamodb: DynamoDBClient,
  streams: DynamoDBStreamsClient,
  table: string,
): Promise<CurrentWrite[]> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${table} has no stream`);
  const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const writes: CurrentWrite[] = [];
  for (const shard of StreamDescription?.Shards ?? []) {
    let { ShardIterator: iterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of page.Records ?? []) {
        const keys = record.dynamodb?.Keys;
        if (keys?.sk?.S !== 'CURRENT') continue;
        writes.push({
          pk: keys.pk?.S ?? '',
          event: record.eventName ?? '',
          ...(record.dynamodb?.OldImage?.version?.S
            ? { oldVersion: record.dynamodb.OldImage.version.S }
            : {}),
          ...(record.dynamodb?.NewImage?.version?.S
            ? { newVersion: record.dynamodb.NewImage.version.S }
            : {}),
        });
      }
      if (!page.Records || page.Records.length === 0) break;
      iterator = page.NextShardIterator;
    }
  }
  return writes;
}

export { DynamoDBStreamsClient };
