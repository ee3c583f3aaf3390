import type { ConsumerDomain } from '../../src/config/domains';
import type { CanonicalRecord, EntityType } from '../../src/domain';
import { compileAllowlist, projectRecord } from '../../src/domain/views/field-allowlist';
import { entityId, type ChangePlan, type ProducedRecord } from './change-generator';
import type { Delivery } from './queue-collector';
import type { CurrentWrite } from './stream-audit';

/** What the checker reads back from the system after it settled. */
export interface Observations {
  /** CURRENT items by entity id (type#key). */
  current: Map<string, Record<string, unknown>>;
  /** Stored VERSION item versions by entity id. */
  versionItems: Map<string, Set<string>>;
  currentWrites: CurrentWrite[];
  deliveries: Delivery[];
  /** Kafka positions (topic:partition:offset) of every change signal found in the workflow histories. */
  signalledPositions: Map<string, number>;
  workflows: { workflowId: string; status: string; syncStatus?: string; pendingVersions?: number }[];
  replay: { histories: number; failures: { workflowId: string; error: string }[] };
}

export interface InvariantResult {
  name: string;
  /** How many violations there were. */
  count: number;
  /** The first few, for the report. */
  violations: string[];
}

const EXAMPLES = 5;

function subscribes(domain: ConsumerDomain, entityType: EntityType): boolean {
  return domain.entityTypes === 'all' || domain.entityTypes.includes(entityType);
}

/** The record as the domain's view shows it (its allowlisted fields of `data`). */
function domainView(domain: ConsumerDomain, record: CanonicalRecord): CanonicalRecord {
  return projectRecord(record, compileAllowlist(domain.fields[record.entityType] ?? []));
}

/** The record's own fields (what SyncHub adds for storage or fan-out is left out). */
function sameRecord(actual: Record<string, unknown>, expected: CanonicalRecord): boolean {
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key]]));
  return JSON.stringify(picked) === JSON.stringify(expected);
}

function differingFields(actual: Record<string, unknown>, expected: CanonicalRecord): string {
  return Object.keys(expected)
    .filter((key) => JSON.stringify(actual[key]) !== JSON.stringify(expected[key as keyof CanonicalRecord]))
    .map((key) => `${key}: ${JSON.stringify(actual[key])?.slice(0, 80)}`)
    .join('; ');
}

function result(name: string, violations: string[]): InvariantResult {
  const examples = violations.slice(0, EXAMPLES);
  if (violations.length > EXAMPLES) examples.push(`... and ${violations.length - EXAMPLES} more`);
  return { name, count: violations.length, violations: examples };
}

export function checkInvariants(
  plan: ChangePlan,
  produced: ProducedRecord[],
  domains: readonly ConsumerDomain[],
  seen: Observations,
): InvariantResult[] {
  const results: InvariantResult[] = [];

  // 1. No lost update: every entity holds the highest version produced for it, with that version's content.
  const lost: string[] = [];
  for (const [id, entity] of plan.entities) {
    const stored = seen.current.get(id);
    if (!stored) lost.push(`${id}: not in DynamoDB`);
    else if (stored.version !== entity.expected.version)
      lost.push(`${id}: holds ${String(stored.version)}, expected ${entity.expected.version}`);
    else if (!sameRecord(stored, entity.expected))
      lost.push(
        `${id}: content differs from the final version (${differingFields(stored, entity.expected)})`,
      );
    else if (stored.publishedVersion !== entity.expected.version)
      lost.push(`${id}: final version stored but not marked published`);
  }
  results.push(result('every entity holds its highest version (no lost update)', lost));

  // 2. No stale overwrite: in the table's own change stream, no CURRENT item's version ever went down.
  const stale: string[] = [];
  const lastVersion = new Map<string, string>();
  const appliedVersions = new Map<string, Set<string>>();
  for (const write of seen.currentWrites) {
    const before = lastVersion.get(write.pk) ?? write.oldVersion;
    if (write.newVersion === undefined) {
      stale.push(`${write.pk}: CURRENT item removed`);
      continue;
    }
    if (before !== undefined && write.newVersion < before)
      stale.push(`${write.pk}: ${before} overwritten by older ${write.newVersion}`);
    lastVersion.set(write.pk, write.newVersion);
    const versions = appliedVersions.get(write.pk) ?? new Set<string>();
    versions.add(write.newVersion);
    appliedVersions.set(write.pk, versions);
  }
  results.push(result('no stored version ever went backwards (DynamoDB stream)', stale));

  // 2b. The audit trail agrees with the stream: every version that became current has its VERSION item.
  const audit: string[] = [];
  for (const [pk, versions] of appliedVersions) {
    const id = pk.replace(/^ENTITY#/, '');
    const items = seen.versionItems.get(id) ?? new Set<string>();
    for (const version of versions)
      if (!items.has(version)) audit.push(`${id}: no VERSION item for ${version}`);
  }
  results.push(result('every applied version has its VERSION audit item', audit));

  // 3. Nothing lost between Kafka and Temporal: every acknowledged record reached its workflow as a signal.
  const unsignalled = produced
    .filter((record) => !seen.signalledPositions.has(`${record.topic}:${record.partition}:${record.offset}`))
    .map(
      (record) =>
        `${record.topic}:${record.partition}@${record.offset} (${record.entityType} ${record.entityKey} v${record.versionIndex})`,
    );
  results.push(result('every Kafka record produced was signalled to its workflow', unsignalled));

  // 4. Fan-out: every subscribed queue got the final version; nothing for unsubscribed ones; every delivery is
  //    a version that was stored, and copies of one (entity, version) are identical (safe to dedupe).
  const fanOut: string[] = [];
  const byDomainEntity = new Map<string, Delivery[]>();
  for (const delivery of seen.deliveries) {
    const key = `${delivery.domain}|${entityId(delivery.entityType, delivery.entityKey)}`;
    byDomainEntity.set(key, [...(byDomainEntity.get(key) ?? []), delivery]);
  }
  for (const [id, entity] of plan.entities) {
    for (const domain of domains) {
      const deliveries = byDomainEntity.get(`${domain.name}|${id}`) ?? [];
      if (!subscribes(domain, entity.entityType)) {
        if (deliveries.length > 0)
          fanOut.push(`${domain.name}: got ${deliveries.length} message(s) for ${id}`);
        continue;
      }
      const final = deliveries.filter((delivery) => delivery.version === entity.expected.version);
      if (final.length === 0) fanOut.push(`${domain.name}: never got the final version of ${id}`);
      else if (
        !sameRecord(
          JSON.parse(final[0]!.body) as Record<string, unknown>,
          domainView(domain, entity.expected),
        )
      )
        fanOut.push(`${domain.name}: final message of ${id} differs from the final version`);
      const copies = new Map<string, string>();
      for (const delivery of deliveries) {
        const first = copies.get(delivery.version);
        if (first !== undefined && first !== delivery.body)
          fanOut.push(`${domain.name}: two different messages for ${id} version ${delivery.version}`);
        copies.set(delivery.version, delivery.body);
        if (!seen.versionItems.get(id)?.has(delivery.version))
          fanOut.push(`${domain.name}: message for ${id} version ${delivery.version} that was never stored`);
      }
    }
  }
  results.push(result('every subscribed queue got every final version; duplicates are identical', fanOut));

  // 5. Nothing Stuck or holding work (no input in this run is bad), and no run ended abnormally.
  const unsettled = seen.workflows
    .filter(
      (workflow) =>
        !['COMPLETED', 'CONTINUED_AS_NEW', 'RUNNING'].includes(workflow.status) ||
        (workflow.status === 'RUNNING' &&
          (workflow.syncStatus !== 'Synced' || (workflow.pendingVersions ?? 0) > 0)),
    )
    .map(
      (workflow) =>
        `${workflow.workflowId}: ${workflow.status}${workflow.syncStatus ? ` ${workflow.syncStatus}` : ''}${workflow.pendingVersions ? `, ${workflow.pendingVersions} pending` : ''}`,
    );
  results.push(result('no workflow Stuck, pending or ended abnormally', unsettled));

  // 6. Every history of the run replays against the current workflow code.
  results.push(
    result(
      `all ${seen.replay.histories} workflow histories replay cleanly`,
      seen.replay.failures.map((failure) => `${failure.workflowId}: ${failure.error}`),
    ),
  );

  return results;
}

export function countViolations(results: InvariantResult[]): number {
  return results.reduce((sum, entry) => sum + entry.count, 0);
}
