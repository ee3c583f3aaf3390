import {
  BatchGetCommand,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { CanonicalRecord } from '../domain';
import { highestVersion, isErased, tombstone, type Tombstone } from '../domain/data-protection';
import type { SupersededEntry } from '../shared/apply-types';
import { DEFAULT_SAP_SYSTEM, systemQualifier } from '../domain/sap-system';
import { entityId, qualifiedType } from '../shared/entity-id';
import { createArrivals, createBatcher } from '../util/batcher';

/**
 * Single-table layout (all entity types in one table):
 *   pk = ENTITY#<type>#<key>, sk = CURRENT            the latest applied version of the entity
 *   (<type> is `material@ERP2` for an entity of another SAP system than the default: see entity-id.ts)
 *   pk = ENTITY#<type>#<key>, sk = PUBLISHED          the newest version whose fan-out finished
 *   pk = ENTITY#<type>#<key>, sk = VERSION#<version>  every applied version, naming its source document
 *   pk = ENTITY#<type>#<key>, sk = SUPERSEDED#<version>  a version never applied: a newer one overtook it
 *   pk = ERASURES, sk = <erasedAt>#<type>#<key>           the erasure register: who erased what, when, why
 *   index byTypeChangedAt on CURRENT items: gsi1pk = TYPE#<type>, gsi1sk = <storedAt>#<key>
 *     (so the entities of a type changed since a time are listed per system)
 * An erased entity keeps only its CURRENT item, a tombstone (`erased: true`, no data) at the highest version
 * ever seen, so the version guard keeps older documents out.
 * Access patterns: an entity by type and key; the entities of a type changed since a time; an entity's
 * version history. Versions are fixed-width strings that sort in time order, so DynamoDB compares them.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;
export const CHANGED_INDEX = { name: 'byTypeChangedAt', partition: 'gsi1pk', sort: 'gsi1sk' } as const;
const CURRENT = 'CURRENT';
const PUBLISHED = 'PUBLISHED';
const VERSION_PREFIX = 'VERSION#';
const SUPERSEDED_PREFIX = 'SUPERSEDED#';
const ERASURES_PARTITION = 'ERASURES';
const STORAGE_ATTRIBUTES = ['pk', 'sk', CHANGED_INDEX.partition, CHANGED_INDEX.sort] as const;

/** `system`: the qualifier of a system other than the default (entity-id.ts); absent for the default. */
export function entityPartitionKey(entityType: string, entityKey: string, system?: string): string {
  return entityId({ entityType, entityKey, ...(system !== undefined ? { system } : {}) }, 'partition');
}

export function versionSortKey(version: string): string {
  return `${VERSION_PREFIX}${version}`;
}

/**
 * The item of a record: its fields as attributes, except `data` (the entity itself), which is one JSON string:
 * compact, and cheap for every client and emulator to read and write, however deep the entity is.
 */
export function recordItem(record: CanonicalRecord, extra: Record<string, unknown>): Record<string, unknown> {
  return { ...record, data: JSON.stringify(record.data), ...extra };
}

function withoutStorageKeys(item: Record<string, unknown>): StoredRecord {
  const record = { ...item };
  for (const name of STORAGE_ATTRIBUTES) delete record[name];
  // Items written before 0.2 hold `data` as a map.
  if (typeof record.data === 'string') record.data = JSON.parse(record.data) as unknown;
  return record as unknown as StoredRecord;
}

export interface SupersededItem extends SupersededEntry {
  entityType: string;
  entityKey: string;
  sourceSystem?: string;
  recordedAt: string;
}

export interface StoredRecord extends CanonicalRecord {
  storedAt: string;
  /** Set on the tombstone of an erased entity (then `data` is null). */
  erased?: true;
  erasedAt?: string;
  publishedVersion?: string;
  /** Set while the fan-out of `version` has failed for good; cleared when it is published. */
  fanOutError?: string;
}

export type PersistOutcome =
  | { status: 'applied'; version: string }
  /** This exact version was stored by an earlier attempt; `published` says whether its fan-out finished. */
  | {
      status: 'alreadyApplied';
      version: string;
      published: boolean;
      /** When the version was first stored (from `putCurrent`). */
      storedAt?: string;
    }
  /** A newer version is stored: this one must not overwrite it. */
  | { status: 'stale'; version: string; storedVersion: string };

/** What the sync activities need: versioned writes and the current record. */
export interface RecordWriter {
  /** Writes CURRENT (guarded by version), then the VERSION item: the path of workflows started before 0.2. */
  persist(record: CanonicalRecord, storedAt: string): Promise<PersistOutcome>;
  /**
   * The one write that decides: CURRENT, guarded by version. The VERSION item and the published mark follow
   * with `recordApplied`, batched with other entities' writes.
   */
  putCurrent(record: CanonicalRecord, storedAt: string): Promise<PersistOutcome>;
  /** The VERSION item of an applied version and, once its fan-out finished, the PUBLISHED mark. */
  recordApplied(record: CanonicalRecord, storedAt: string, published: boolean): Promise<void>;
  /**
   * Announces a `recordApplied` to come, so the batch it will join waits for it (a little) rather than
   * leaving in a request of its own. Returns the release: call it just before `recordApplied`, or when
   * there will be none; a second call does nothing.
   */
  announceRecordApplied(): () => void;
  /** `system` (here and below): the alias of the entity's SAP system; absent: the default system. */
  markPublished(
    entityType: string,
    entityKey: string,
    version: string,
    publishedAt: string,
    system?: string,
  ): Promise<void>;
  /** Audit items of versions that were never applied because a newer one overtook them (coalescing). */
  recordSuperseded(
    entityType: string,
    entityKey: string,
    entries: readonly SupersededEntry[],
    recordedAt: string,
    system?: string,
  ): Promise<void>;
  /**
   * Compensation when the fan-out of a stored version failed for good: the version stays (it is SAP's truth)
   * and is marked unpublished with the reason, so readers of the table can tell.
   */
  markFanOutFailed(
    entityType: string,
    entityKey: string,
    version: string,
    reason: string,
    at: string,
    system?: string,
  ): Promise<void>;
  get(entityType: string, entityKey: string, system?: string): Promise<StoredRecord | undefined>;
  /**
   * Deletes the VERSION items of an entity older than `version` (a blocked entity keeps only its minimised
   * version); returns how many went.
   */
  purgeVersionsBefore(
    entityType: string,
    entityKey: string,
    version: string,
    system?: string,
  ): Promise<number>;
}

/** One entry of the erasure register: no personal data, only the key, version and the operator's words. */
export interface ErasureEntry {
  entityType: string;
  entityKey: string;
  /** The alias of the entity's SAP system. */
  sourceSystem: string;
  /** The tombstone's version: the highest version SyncHub saw of the entity. */
  version: string;
  erasedAt: string;
  by: string;
  reason: string;
  /** True when the entity was erased already (the erasure ran again, e.g. to finish an interrupted one). */
  repeated: boolean;
}

export type EraseOutcome =
  | { status: 'unknown' }
  | { status: 'erased' | 'alreadyErased'; tombstone: Tombstone; deletedItems: number; entry: ErasureEntry };

export interface RecordStore extends RecordWriter {
  /** Every stored version of an entity, oldest first. */
  history(entityType: string, entityKey: string, system?: string): Promise<StoredRecord[]>;
  /** The versions of an entity recorded as superseded, oldest first. */
  superseded(entityType: string, entityKey: string, system?: string): Promise<SupersededItem[]>;
  /**
   * Current records of a type stored at or after `since` (ISO time), oldest change first, a page at a time
   * as the index returns them, so a reader can write each page out before the next one is read.
   */
  changedSince(entityType: string, since: string, options?: PageOptions): AsyncGenerator<StoredRecord[]>;
  /**
   * One page of `changedSince` for a client that pages on its own: at most `limit` records from `cursor`
   * (from the page before), and the cursor of the next page when there may be more.
   */
  changedPage(
    entityType: string,
    since: string,
    page: { limit: number; cursor?: string; system?: string },
  ): Promise<{ records: StoredRecord[]; cursor?: string }>;
  /**
   * Erases an entity: CURRENT becomes a tombstone at the highest version seen (or `atLeastVersion`, versions
   * still waiting in its workflow), every other item of the entity is deleted, and the erasure is entered in
   * the register. Idempotent; `unknown` when nothing is stored for the entity.
   */
  erase(
    entityType: string,
    entityKey: string,
    request: { erasedAt: string; by: string; reason: string; atLeastVersion?: string; system?: string },
  ): Promise<EraseOutcome>;
  /** The erasure register, oldest first. */
  erasures(): Promise<ErasureEntry[]>;
}

/** Thrown for a page cursor that this store did not hand out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid page cursor: pass the cursor of the previous page unchanged');
    this.name = 'InvalidCursorError';
  }
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      typeof key === 'object' &&
      key !== null &&
      Object.values(key).every((value) => typeof value === 'string');
    if (valid) return key as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError();
}

export interface PageOptions {
  /** At most this many records in all. */
  limit?: number;
  /**
   * Records in the first page; each later page asks for twice as many (DynamoDB still ends a page at 1 MB).
   * Without it, pages are as large as DynamoDB allows. Small pages first get the first records to a reader
   * quickly, and let one that stopped reading be noticed early, where reading an item is slow (the moto
   * emulator takes 7-25 ms of CPU per material record); doubling keeps a long listing to a few requests.
   */
  firstPageSize?: number;
  /** Alias of the SAP system whose entities are listed; absent: the default system. */
  system?: string;
}

function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

type WriteRequest =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** DynamoDB's BatchWriteItem limit. */
const BATCH_WRITE_ITEMS = 25;
/** Writes of CURRENT per TransactWriteItems request (DynamoDB takes up to 100 actions). */
const TRANSACTION_WRITES = 25;
/** Bytes of items per transaction, well under DynamoDB's 4 MB for the whole request. */
const TRANSACTION_BYTES = 3 * 1024 * 1024;
/**
 * Longest a batch of VERSION items and published marks waits for announced writers (see
 * `announceRecordApplied`). Off the latency path: CURRENT is stored and the change published before.
 */
const APPLIED_BATCH_MAX_WAIT_MS = 20;

interface CurrentWrite {
  record: CanonicalRecord;
  storedAt: string;
}

/** What a version-guarded write of CURRENT did: wrote it, or found an equal or newer version there. */
type CurrentWritten = 'applied' | 'conditionFailed';

/**
 * Groups writes into transactions: one item appears once per transaction (DynamoDB refuses two actions on one
 * item), and a transaction stays within its action and byte limits. Order is kept within one entity.
 */
export function transactionGroups<T>(
  writes: readonly T[],
  keyOf: (write: T) => string,
  bytesOf: (write: T) => number,
  limits: { actions: number; bytes: number },
): T[][] {
  const groups: { writes: T[]; keys: Set<string>; bytes: number }[] = [];
  const lastGroupOfKey = new Map<string, number>();
  for (const write of writes) {
    const key = keyOf(write);
    const bytes = bytesOf(write);
    // A later write of a key goes to a later group than the key's earlier one.
    let index = (lastGroupOfKey.get(key) ?? -1) + 1;
    while (index < groups.length) {
      const group = groups[index]!;
      const fits =
        !group.keys.has(key) && group.writes.length < limits.actions && group.bytes + bytes <= limits.bytes;
      if (fits) break;
      index += 1;
    }
    if (index === groups.length) groups.push({ writes: [], keys: new Set(), bytes: 0 });
    const group = groups[index]!;
    group.writes.push(write);
    group.keys.add(key);
    group.bytes += bytes;
    lastGroupOfKey.set(key, index);
  }
  return groups.map((group) => group.writes);
}

export function createRecordStore(
  documents: DynamoDBDocumentClient,
  table: string,
  options: {
    /** The alias whose entities keep the unqualified keys (SYNCHUB_DEFAULT_SAP_SYSTEM; default `SAP`). */
    defaultSystem?: string;
    /**
     * Writes of CURRENT by concurrent activities travel in one TransactWriteItems request (each still guarded
     * by its own version); false: one conditional PutItem each (SYNCHUB_TRANSACT_CURRENT_WRITES).
     */
    transactCurrentWrites?: boolean;
  } = {},
): RecordStore {
  const systems = { defaultSystem: options.defaultSystem ?? DEFAULT_SAP_SYSTEM };
  /** The partition key of an entity of the SAP system with this alias (absent: the default system). */
  const pkOf = (entityType: string, entityKey: string, system?: string): string =>
    entityPartitionKey(entityType, entityKey, systemQualifier(systems, system));
  const recordPk = (record: CanonicalRecord): string =>
    pkOf(record.entityType, record.entityKey, record.sourceSystem);

  /** CURRENT and PUBLISHED by their keys in one strongly consistent BatchGetItem (no query over the partition). */
  async function get(
    entityType: string,
    entityKey: string,
    system?: string,
  ): Promise<StoredRecord | undefined> {
    const pk = pkOf(entityType, entityKey, system);
    let keys: Record<string, unknown>[] = [
      { pk, sk: CURRENT },
      { pk, sk: PUBLISHED },
    ];
    const items: Record<string, unknown>[] = [];
    for (let attempt = 0; keys.length > 0; attempt += 1) {
      if (attempt > 0)
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
      const result = await documents.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
      );
      items.push(...(result.Responses?.[table] ?? []));
      keys = result.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    const current = items.find((item) => item.sk === CURRENT);
    if (!current) return undefined;
    const marked = items.find((item) => item.sk === PUBLISHED)?.version as string | undefined;
    const record = withoutStorageKeys(current);
    const publishedVersion = newest(record.publishedVersion, marked);
    return publishedVersion === undefined ? record : { ...record, publishedVersion };
  }

  /** Puts up to 25 items per request; what DynamoDB leaves unprocessed is sent again with backoff. */
  async function writeAll(requests: WriteRequest[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_WRITE_ITEMS) {
      let pending = requests.slice(start, start + BATCH_WRITE_ITEMS);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      }
    }
  }

  /**
   * Puts that need no guard (VERSION, PUBLISHED and SUPERSEDED items) from concurrent activities travel
   * together in BatchWriteItem requests; one key appears once per request (a PUBLISHED mark: the newest).
   */
  const appliedArrivals = createArrivals();
  const putItemsBatched = createBatcher<Record<string, unknown>[], void>({
    maxBatchSize: 12,
    waitMs: 2,
    hold: { pending: () => appliedArrivals.pending(), maxWaitMs: APPLIED_BATCH_MAX_WAIT_MS },
    async run(calls) {
      const items = new Map<string, Record<string, unknown>>();
      for (const item of calls.flat()) {
        const key = `${String(item.pk)} ${String(item.sk)}`;
        const earlier = items.get(key);
        if (item.sk === PUBLISHED && earlier && (earlier.version as string) >= (item.version as string))
          continue;
        items.set(key, item);
      }
      try {
        await writeAll([...items.values()].map((Item) => ({ PutRequest: { Item } })));
        return calls.map(() => undefined);
      } catch (error) {
        return calls.map(() => asError(error));
      }
    },
  });

  /** The VERSION item of an applied record and, once published, its PUBLISHED mark. */
  function appliedItems(record: CanonicalRecord, storedAt: string, published: boolean) {
    const pk = recordPk(record);
    const versionItem = recordItem(record, { pk, sk: versionSortKey(record.version), storedAt });
    if (!published) return [versionItem];
    return [versionItem, { pk, sk: PUBLISHED, version: record.version, publishedAt: storedAt }];
  }

  /** The CURRENT item of a record, listed in the changed index under its (system-qualified) type. */
  const currentItem = (record: CanonicalRecord, storedAt: string) =>
    recordItem(record, {
      pk: recordPk(record),
      sk: CURRENT,
      [CHANGED_INDEX.partition]: `TYPE#${qualifiedType(record.entityType, systemQualifier(systems, record.sourceSystem))}`,
      [CHANGED_INDEX.sort]: `${storedAt}#${record.entityKey}`,
      storedAt,
    });

  /** The version-guarded write of CURRENT: an absent entity, or an older version there. */
  const guardedCurrent = ({ record, storedAt }: CurrentWrite) => ({
    TableName: table,
    Item: currentItem(record, storedAt),
    ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': record.version },
  });

  async function putOneCurrent(write: CurrentWrite): Promise<CurrentWritten> {
    try {
      await documents.send(new PutCommand(guardedCurrent(write)));
      return 'applied';
    } catch (error) {
      if (conditionFailed(error)) return 'conditionFailed';
      throw error;
    }
  }

  /**
   * Writes of CURRENT of different entities that arrive together: one TransactWriteItems request per group,
   * each write still guarded by its own version. A transaction is all or nothing: when DynamoDB cancels it,
   * a write whose guard failed has its answer, and every other write of the group is made again on its own.
   */
  async function putCurrents(writes: readonly CurrentWrite[]): Promise<(CurrentWritten | Error)[]> {
    const results = new Map<CurrentWrite, CurrentWritten | Error>();
    const alone = async (write: CurrentWrite) => {
      results.set(write, await putOneCurrent(write).catch(asError));
    };
    const puts = new Map(writes.map((write) => [write, guardedCurrent(write)]));
    const groups = transactionGroups(
      writes,
      (write) => String(puts.get(write)!.Item.pk),
      (write) => Buffer.byteLength(JSON.stringify(puts.get(write)!.Item)),
      { actions: TRANSACTION_WRITES, bytes: TRANSACTION_BYTES },
    );
    for (const group of groups) {
      if (group.length === 1) {
        await alone(group[0]!);
        continue;
      }
      try {
        await documents.send(
          new TransactWriteCommand({ TransactItems: group.map((write) => ({ Put: puts.get(write)! })) }),
        );
        for (const write of group) results.set(write, 'applied');
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) {
          for (const write of group) results.set(write, asError(error));
          continue;
        }
        const reasons = error.CancellationReasons ?? [];
        const again = group.filter((write, index) => {
          if (reasons[index]?.Code !== 'ConditionalCheckFailed') return true;
          results.set(write, 'conditionFailed');
          return false;
        });
        await Promise.all(again.map(alone));
      }
    }
    // Every write is in one group, and every group answers each of its writes.
    return writes.map((write) => results.get(write)!);
  }

  const writeCurrent =
    options.transactCurrentWrites === false
      ? putOneCurrent
      : createBatcher<CurrentWrite, CurrentWritten>({
          maxBatchSize: TRANSACTION_WRITES,
          waitMs: 2,
          run: putCurrents,
        });

  async function putCurrent(record: CanonicalRecord, storedAt: string): Promise<PersistOutcome> {
    const pk = recordPk(record);
    if ((await writeCurrent({ record, storedAt })) === 'applied')
      return { status: 'applied', version: record.version };
    const stored = await get(record.entityType, record.entityKey, record.sourceSystem);
    if (!stored) throw new Error(`condition failed but no current item for ${pk}: retrying`);
    // An erased entity's tombstone is never "already applied": the document is history, kept out.
    if (isErased(stored)) return { status: 'stale', version: record.version, storedVersion: stored.version };
    if (stored.version === record.version) {
      return {
        status: 'alreadyApplied',
        version: record.version,
        published: stored.publishedVersion === record.version,
        storedAt: stored.storedAt,
      };
    }
    return { status: 'stale', version: record.version, storedVersion: stored.version };
  }

  function changedQuery(
    entityType: string,
    since: string,
    system: string | undefined,
  ): ConstructorParameters<typeof QueryCommand>[0] {
    const type = qualifiedType(entityType, systemQualifier(systems, system));
    return {
      TableName: table,
      IndexName: CHANGED_INDEX.name,
      KeyConditionExpression: '#pk = :type AND #sk >= :since',
      ExpressionAttributeNames: { '#pk': CHANGED_INDEX.partition, '#sk': CHANGED_INDEX.sort },
      ExpressionAttributeValues: { ':type': `TYPE#${type}`, ':since': since },
    };
  }

  async function* queryPages(
    input: ConstructorParameters<typeof QueryCommand>[0],
    options: PageOptions = {},
  ): AsyncGenerator<StoredRecord[]> {
    let remaining = options.limit ?? Infinity;
    let pageSize = options.firstPageSize ?? Infinity;
    let startKey: Record<string, unknown> | undefined;
    while (remaining > 0) {
      const limit = Math.min(remaining, pageSize);
      const page = await documents.send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: startKey,
          ...(Number.isFinite(limit) ? { Limit: limit } : {}),
        }),
      );
      const items = (page.Items ?? []).slice(0, remaining).map(withoutStorageKeys);
      remaining -= items.length;
      if (items.length > 0) yield items;
      startKey = page.LastEvaluatedKey;
      if (!startKey) return;
      pageSize *= 2;
    }
  }

  async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<StoredRecord[]> {
    const items: StoredRecord[] = [];
    for await (const page of queryPages(input)) items.push(...page);
    return items;
  }

  /**
   * Sort keys and versions of an entity's items, strongly consistent: all of them, or with `below` the
   * VERSION items up to that sort key.
   */
  async function partitionItems(
    pk: string,
    below?: string,
  ): Promise<{ sk: string; version?: string; erased?: boolean; erasedAt?: string }[]> {
    const items: { sk: string; version?: string; erased?: boolean; erasedAt?: string }[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: below ? '#pk = :pk AND #sk BETWEEN :from AND :below' : '#pk = :pk',
          ProjectionExpression: '#sk, #version, erased, erasedAt',
          ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#version': 'version' },
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(below ? { ':from': VERSION_PREFIX, ':below': below } : {}),
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as typeof items));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  async function deleteItems(pk: string, sortKeys: readonly string[]): Promise<void> {
    await writeAll(sortKeys.map((sk) => ({ DeleteRequest: { Key: { pk, sk } } })));
  }

  async function erase(
    entityType: string,
    entityKey: string,
    request: { erasedAt: string; by: string; reason: string; atLeastVersion?: string; system?: string },
  ): Promise<EraseOutcome> {
    const pk = pkOf(entityType, entityKey, request.system);
    const type = qualifiedType(entityType, systemQualifier(systems, request.system));
    for (let attempt = 1; ; attempt += 1) {
      const items = await partitionItems(pk);
      const current = items.find((item) => item.sk === CURRENT);
      if (items.length === 0 && !request.atLeastVersion) return { status: 'unknown' };
      const version = highestVersion([...items.map((item) => item.version), request.atLeastVersion])!;
      const already = current?.erased === true && current.version === version;
      const erasedAt = already ? (current.erasedAt ?? request.erasedAt) : request.erasedAt;
      const record: Tombstone = {
        ...tombstone(entityType as Tombstone['entityType'], entityKey, version, erasedAt),
        sourceSystem: request.system ?? systems.defaultSystem,
      };
      try {
        // A newer version applied meanwhile fails the condition: then the erasure starts over from it.
        await documents.send(
          new PutCommand({
            TableName: table,
            Item: currentItem(record, erasedAt),
            ConditionExpression: 'attribute_not_exists(pk) OR #version <= :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version },
          }),
        );
      } catch (error) {
        if (conditionFailed(error) && attempt < 5) continue;
        throw error;
      }
      const doomed = items.map((item) => item.sk).filter((sk) => sk !== CURRENT);
      await deleteItems(pk, doomed);
      const entry: ErasureEntry = {
        entityType,
        entityKey,
        sourceSystem: record.sourceSystem!,
        version,
        erasedAt: request.erasedAt,
        by: request.by,
        reason: request.reason,
        repeated: already,
      };
      await documents.send(
        new PutCommand({
          TableName: table,
          Item: { pk: ERASURES_PARTITION, sk: `${request.erasedAt}#${type}#${entityKey}`, ...entry },
        }),
      );
      return {
        status: already ? 'alreadyErased' : 'erased',
        tombstone: record,
        deletedItems: doomed.length,
        entry,
      };
    }
  }

  return {
    get,
    putCurrent,
    erase,

    async erasures() {
      const items = await queryAll({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': ERASURES_PARTITION },
      });
      return items as unknown as ErasureEntry[];
    },

    async purgeVersionsBefore(entityType, entityKey, version, system) {
      const pk = pkOf(entityType, entityKey, system);
      // BETWEEN is inclusive: the version itself is kept by leaving it out below.
      const older = (await partitionItems(pk, versionSortKey(version)))
        .map((item) => item.sk)
        .filter((sk) => sk.startsWith(VERSION_PREFIX) && sk < versionSortKey(version));
      await deleteItems(pk, older);
      return older.length;
    },
    recordApplied: (record, storedAt, published) =>
      putItemsBatched(appliedItems(record, storedAt, published)),
    announceRecordApplied: () => appliedArrivals.announce(),

    history(entityType, entityKey, system) {
      return queryAll({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': pkOf(entityType, entityKey, system),
          ':prefix': VERSION_PREFIX,
        },
      });
    },

    async superseded(entityType, entityKey, system) {
      const items = await queryAll({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': pkOf(entityType, entityKey, system),
          ':prefix': SUPERSEDED_PREFIX,
        },
      });
      return items as unknown as SupersededItem[];
    },

    async recordSuperseded(entityType, entityKey, entries, recordedAt, system) {
      const pk = pkOf(entityType, entityKey, system);
      const sourceSystem = system === undefined ? {} : { sourceSystem: system };
      // One item per version: recording it again (a retried batch) writes the same item.
      const items = new Map(
        entries.map((entry) => [
          entry.version,
          {
            pk,
            sk: `${SUPERSEDED_PREFIX}${entry.version}`,
            entityType,
            entityKey,
            ...sourceSystem,
            ...entry,
            recordedAt,
          },
        ]),
      );
      await putItemsBatched([...items.values()]);
    },

    changedSince(entityType, since, options) {
      return queryPages(changedQuery(entityType, since, options?.system), options);
    },

    async changedPage(entityType, since, { limit, cursor, system }) {
      const page = await documents.send(
        new QueryCommand({
          ...changedQuery(entityType, since, system),
          Limit: limit,
          ...(cursor ? { ExclusiveStartKey: decodeCursor(cursor) } : {}),
        }),
      );
      const records = (page.Items ?? []).map(withoutStorageKeys);
      return {
        records,
        ...(page.LastEvaluatedKey ? { cursor: encodeCursor(page.LastEvaluatedKey) } : {}),
      };
    },

    /**
     * Two ordered writes instead of a transaction: the CURRENT item, guarded by the version, decides; the
     * immutable VERSION item follows and is written again on the already-applied path, so a crash between
     * the two is repaired by the activity's retry.
     */
    async persist(record, storedAt) {
      const putVersionItem = (at: string) =>
        documents.send(
          new PutCommand({
            TableName: table,
            Item: recordItem(record, {
              pk: recordPk(record),
              sk: versionSortKey(record.version),
              storedAt: at,
            }),
          }),
        );
      const outcome = await putCurrent(record, storedAt);
      if (outcome.status === 'stale') return outcome;
      if (outcome.status === 'applied') {
        await putVersionItem(storedAt);
        return outcome;
      }
      // Already applied: the VERSION item is written again with the time the version was first stored.
      const { storedAt: firstStoredAt, ...reported } = outcome;
      await putVersionItem(firstStoredAt ?? storedAt);
      return reported;
    },

    async markFanOutFailed(entityType, entityKey, version, reason, at, system) {
      try {
        await documents.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk: pkOf(entityType, entityKey, system), sk: CURRENT },
            UpdateExpression: 'SET fanOutError = :reason, fanOutFailedAt = :at',
            ConditionExpression: '#version = :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': version, ':reason': reason, ':at': at },
          }),
        );
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    },

    async markPublished(entityType, entityKey, version, publishedAt, system) {
      const pk = pkOf(entityType, entityKey, system);
      try {
        await documents.send(
          new UpdateCommand({
            TableName: table,
            Key: { pk, sk: CURRENT },
            UpdateExpression:
              'SET publishedVersion = :version, publishedAt = :at REMOVE fanOutError, fanOutFailedAt',
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
