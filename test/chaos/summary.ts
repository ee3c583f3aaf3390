import type { ChangePlan, ProducedRecord } from './change-generator';
import { FAULT_DESCRIPTIONS, type FaultKind, type InjectedFault } from './faults';
import type { InvariantResult } from './invariants';
import type { Delivery } from './queue-collector';
import type { ProcessExit } from '../support/synchub-process';

export interface RunFacts {
  profile: string;
  plan: ChangePlan;
  produced: ProducedRecord[];
  faults: InjectedFault[];
  unexpectedExits: ProcessExit[];
  deliveries: Delivery[];
  signalledPositions: Map<string, number>;
  staleOverwrites: number;
  lostEntities: number;
  historiesReplayed: number;
  /** Undefined when the system had not converged within the profile's limit. */
  convergedAfterMs: number | undefined;
  runMs: number;
  invariants: InvariantResult[];
}

function row(name: string, value: string | number): string {
  return `| ${name} | ${value} |`;
}

/** The run's summary as a Markdown table (printed, and written next to the logs). */
export function renderSummary(facts: RunFacts): string {
  const { plan, produced, deliveries } = facts;
  const duplicatesSent = produced.filter((record) => record.duplicate).length;
  const retriedSends = produced.filter((record) => record.attempts > 1).length;
  const materials = [...plan.entities.values()].filter((entity) => entity.entityType === 'material').length;
  const versions = new Set(
    produced.map((record) => `${record.entityType}#${record.entityKey}#${record.version}`),
  );
  const faultCounts = new Map<FaultKind, number>();
  for (const fault of facts.faults) faultCounts.set(fault.kind, (faultCounts.get(fault.kind) ?? 0) + 1);
  const copies = new Map<string, Set<string>>();
  for (const delivery of deliveries) {
    const key = `${delivery.domain}|${delivery.entityType}#${delivery.entityKey}#${delivery.version}`;
    copies.set(key, (copies.get(key) ?? new Set<string>()).add(delivery.body));
  }
  const conflicting = [...copies.values()].filter((bodies) => bodies.size > 1).length;
  const redelivered = [...facts.signalledPositions.values()].filter((count) => count > 1).length;
  const lines = [
    '| Measure | Value |',
    '| --- | --- |',
    row('Profile', facts.profile),
    row('Seed', plan.seed),
    row('Changes produced (Kafka records acknowledged)', produced.length),
    row(
      'Entities (materials + customers)',
      `${plan.entities.size} (${materials} + ${plan.entities.size - materials})`,
    ),
    row('Distinct versions', versions.size),
    row('Duplicates sent', duplicatesSent),
    row('Sends retried by the generator (broker down)', retriedSends),
    ...[...faultCounts.entries()].map(([kind, count]) => row(`Fault: ${FAULT_DESCRIPTIONS[kind]}`, count)),
    row('Unexpected process exits', facts.unexpectedExits.length),
    row('Kafka records signalled more than once (redelivered after a fault)', redelivered),
    row('Lost (entities not holding their final version)', facts.lostEntities),
    row('Stale overwrites (DynamoDB stream)', facts.staleOverwrites),
    row('Messages delivered to the domain queues', deliveries.length),
    row('Duplicates delivered, before dedupe', deliveries.length - copies.size),
    row('Duplicates after dedupe by (entity, version)', conflicting),
    row('Workflow histories replayed', facts.historiesReplayed),
    row(
      'Converged after the last fault and the last record',
      facts.convergedAfterMs === undefined
        ? 'did not converge'
        : `${(facts.convergedAfterMs / 1000).toFixed(1)} s`,
    ),
    row('Run time', `${(facts.runMs / 1000).toFixed(0)} s`),
  ];
  const invariants = facts.invariants.map(
    (entry) =>
      `- ${entry.count === 0 ? 'HELD' : `VIOLATED (${entry.count})`}: ${entry.name}${entry.violations.map((v) => `\n    - ${v}`).join('')}`,
  );
  return `${lines.join('\n')}\n\nInvariants:\n${invariants.join('\n')}\n`;
}
