import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Producer } from 'kafkajs';
import { transformDocument, type CanonicalRecord } from '../../src/domain';
import { materialIdoc } from '../../src/tools/matmas-generator';
import { REPO_ROOT } from './chaos-stack';

export type ChaosEntityType = 'material' | 'customer';

/** One Kafka record the generator sends: a version of an entity (or a duplicate of one). */
export interface PlannedRecord {
  entityType: ChaosEntityType;
  /** Canonical key, as the workflow id and the table use it. */
  entityKey: string;
  /** 1-based position of this version in SAP's order of changes. */
  versionIndex: number;
  version: string;
  document: string;
  duplicate: boolean;
}

export interface EntityPlan {
  entityType: ChaosEntityType;
  entityKey: string;
  /** The record SyncHub must end with: the transform of the highest version. */
  expected: CanonicalRecord;
  versions: number;
}

export interface ChangePlan {
  records: PlannedRecord[];
  /** Versions of one hot material sent all at once by the `hot-entity-burst` fault (a mass change). */
  burst: PlannedRecord[];
  entities: Map<string, EntityPlan>;
  seed: number;
}

export interface GeneratorOptions {
  /** Six hex digits that make this run's entity keys unique on a shared stack. */
  runTag: string;
  seed: number;
  materials: number;
  customers: number;
  versionsPerEntity: number;
  /** Share of versions sent a second time later in the stream. */
  duplicateRate: number;
  /** Share of adjacent version pairs sent newer-first. */
  outOfOrderRate: number;
  /** Versions of the hot material in the burst (0: no burst). */
  burstVersions?: number;
}

/** mulberry32: a small seeded generator, so a failing run can be planned again from its seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function entityId(entityType: string, entityKey: string): string {
  return `${entityType}#${entityKey}`;
}

/** SERIAL of version n: one second apart, so versions order by time as SAP's would. */
function serial(versionIndex: number): string {
  const seconds = 10 * 3600 + versionIndex;
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  return `20261121${hh}${mm}${String(seconds % 60).padStart(2, '0')}`;
}

const customerTemplate = (): string =>
  fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'sap', 'DEBMAS07_full_customer.xml'), 'utf8');

function customerIdoc(template: string, kunnr: string, docnum: number, versionIndex: number): string {
  return template
    .replace(/<KUNNR>1000746<\/KUNNR>/g, `<KUNNR>${kunnr}</KUNNR>`)
    .replace(/<DOCNUM>\d+<\/DOCNUM>/, `<DOCNUM>${String(docnum).padStart(16, '0')}</DOCNUM>`)
    .replace(/<SERIAL>\d+<\/SERIAL>/, `<SERIAL>${serial(versionIndex)}</SERIAL>`)
    .replace('<NAME1>Nordwind Handels GmbH</NAME1>', `<NAME1>Nordwind Handels GmbH v${versionIndex}</NAME1>`);
}

function documentFor(
  options: GeneratorOptions,
  entityType: ChaosEntityType,
  entityIndex: number,
  versionIndex: number,
  template: string,
  plants = 0,
): string {
  const docnum = 900_000_000 + entityIndex * 10_000 + versionIndex;
  if (entityType === 'material') {
    return materialIdoc({
      matnr: `CH${options.runTag.toUpperCase()}${String(entityIndex).padStart(5, '0')}`,
      docnum,
      serial: serial(versionIndex),
      description: `Chaos material ${entityIndex} v${versionIndex}`,
      materialGroup: `G${versionIndex}`,
      plants,
    });
  }
  const runDigits = String(parseInt(options.runTag, 16) % 10_000).padStart(4, '0');
  return customerIdoc(template, `8${runDigits}${String(entityIndex).padStart(5, '0')}`, docnum, versionIndex);
}

/**
 * Plans the stream: every entity gets `versionsPerEntity` versions; some adjacent versions are swapped
 * (out of order) and some are sent again later (duplicates); entities are interleaved at random while each
 * entity's own sequence keeps its planned order.
 */
export function planChanges(options: GeneratorOptions): ChangePlan {
  const random = seededRandom(options.seed);
  const template = customerTemplate();
  const entities = new Map<string, EntityPlan>();
  const sequences: PlannedRecord[][] = [];
  const kinds: Array<[ChaosEntityType, number]> = [
    ['material', options.materials],
    ['customer', options.customers],
  ];
  let entityIndex = 0;
  for (const [entityType, count] of kinds) {
    for (let n = 0; n < count; n += 1) {
      entityIndex += 1;
      const versions: PlannedRecord[] = [];
      for (let v = 1; v <= options.versionsPerEntity; v += 1) {
        const document = documentFor(options, entityType, entityIndex, v, template);
        const [record] = transformDocument(document);
        if (!record) throw new Error(`generated ${entityType} document has no record`);
        versions.push({
          entityType,
          entityKey: record.entityKey,
          versionIndex: v,
          version: record.version,
          document,
          duplicate: false,
        });
        if (v === options.versionsPerEntity) {
          entities.set(entityId(entityType, record.entityKey), {
            entityType,
            entityKey: record.entityKey,
            expected: record,
            versions: options.versionsPerEntity,
          });
        }
      }
      for (let i = 0; i + 1 < versions.length; i += 1) {
        if (random() < options.outOfOrderRate) {
          [versions[i], versions[i + 1]] = [versions[i + 1]!, versions[i]!];
          i += 1;
        }
      }
      const sequence = [...versions];
      for (const version of versions) {
        if (random() >= options.duplicateRate) continue;
        const at = sequence.indexOf(version) + 1 + Math.floor(random() * 3);
        sequence.splice(Math.min(at, sequence.length), 0, { ...version, duplicate: true });
      }
      sequences.push(sequence);
    }
  }
  // The hot material: many versions of realistic size, sent at once, in order.
  const burst: PlannedRecord[] = [];
  const burstIndex = entityIndex + 1;
  for (let v = 1; v <= (options.burstVersions ?? 0); v += 1) {
    const document = documentFor(options, 'material', burstIndex, v, template, 10);
    const [record] = transformDocument(document);
    if (!record) throw new Error('generated burst document has no record');
    burst.push({
      entityType: 'material',
      entityKey: record.entityKey,
      versionIndex: v,
      version: record.version,
      document,
      duplicate: false,
    });
    if (v === options.burstVersions) {
      entities.set(entityId('material', record.entityKey), {
        entityType: 'material',
        entityKey: record.entityKey,
        expected: record,
        versions: v,
      });
    }
  }
  const records: PlannedRecord[] = [];
  const cursors = sequences.map(() => 0);
  let remaining = sequences.reduce((sum, sequence) => sum + sequence.length, 0);
  while (remaining > 0) {
    const open = sequences.map((_, i) => i).filter((i) => cursors[i]! < sequences[i]!.length);
    const pick = open[Math.floor(random() * open.length)]!;
    records.push(sequences[pick]![cursors[pick]!]!);
    cursors[pick]! += 1;
    remaining -= 1;
  }
  return { records, burst, entities, seed: options.seed };
}

/** A record as Kafka acknowledged it. */
export interface ProducedRecord extends PlannedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Send attempts it took (a broker restart makes some fail; each is retried until acknowledged). */
  attempts: number;
}

/**
 * Sends the planned records at a steady rate, each retried until Kafka acknowledges it, so the stream keeps
 * flowing through broker restarts. A failed attempt may still have been written: that is one more duplicate,
 * which SyncHub must absorb like any other.
 */
export async function produceAll(
  producer: Producer,
  plan: ChangePlan,
  topics: Record<ChaosEntityType, string>,
  options: { ratePerSecond: number; onProgress?: (sent: number) => void; shouldStop?: () => boolean },
): Promise<ProducedRecord[]> {
  const produced: ProducedRecord[] = [];
  const started = Date.now();
  for (const [index, record] of plan.records.entries()) {
    const due = started + (index * 1000) / options.ratePerSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    let attempts = 0;
    for (;;) {
      if (options.shouldStop?.()) return produced;
      attempts += 1;
      try {
        const [metadata] = await producer.send({
          topic: topics[record.entityType],
          acks: -1,
          messages: [{ key: record.entityKey, value: record.document }],
        });
        if (!metadata) throw new Error('no acknowledgement');
        produced.push({
          ...record,
          topic: topics[record.entityType],
          partition: metadata.partition,
          offset: metadata.baseOffset ?? '-1',
          attempts,
        });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
    options.onProgress?.(produced.length);
  }
  return produced;
}

/** Sends the burst at once (in batches of 100 per request), each batch retried until Kafka acknowledges it. */
export async function produceBurst(
  producer: Producer,
  burst: PlannedRecord[],
  topics: Record<ChaosEntityType, string>,
): Promise<ProducedRecord[]> {
  const produced: ProducedRecord[] = [];
  for (let start = 0; start < burst.length; start += 100) {
    const batch = burst.slice(start, start + 100);
    const topic = topics.material;
    for (let attempts = 1; ; attempts += 1) {
      try {
        const [metadata] = await producer.send({
          topic,
          acks: -1,
          messages: batch.map((record) => ({ key: record.entityKey, value: record.document })),
        });
        if (!metadata?.baseOffset) throw new Error('no acknowledgement');
        const base = BigInt(metadata.baseOffset);
        batch.forEach((record, index) =>
          produced.push({
            ...record,
            topic,
            partition: metadata.partition,
            offset: String(base + BigInt(index)),
            attempts,
          }),
        );
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }
  return produced;
}
