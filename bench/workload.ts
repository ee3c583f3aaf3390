/**
 * The changes each scenario produces: which materials, how many versions of each, in what order, at what
 * pace. Every change is a MATMAS05 IDoc with its own DOCNUM, so versions increase in the order produced.
 */
import { canonicalMaterialNumber, makeVersion } from '../src/domain';
import { materialIdoc } from '../src/tools/matmas-generator';

export const SCENARIOS = ['new', 'running', 'hot1', 'hot10', 'rate', 'capacity', 'sustained'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Record<ScenarioId, string> = {
  new: 'new entities (burst)',
  running: 'running entities (steady)',
  hot1: 'hot key: many versions of one material',
  hot10: 'hot keys: many versions of a few materials',
  rate: 'open loop at a fixed rate',
  capacity: 'running entities: the highest open-loop rate kept up with (steps of rising rate)',
  sustained: 'running entities, open loop at half the highest sustained rate',
};

export interface Change {
  /** MATNR as SAP sends it. */
  matnr: string;
  /** Canonical material number: the entity key. */
  key: string;
  docnum: number;
  version: string;
}

export interface Workload {
  scenario: ScenarioId;
  /** Produced and awaited before the measurement starts; not counted. */
  warmup: Change[];
  /** Produced in this order; the measurement. */
  measured: Change[];
  /** Changes per second for an open-loop producer; all at once when absent. */
  rate?: number;
  /** Further changes of the scenario's entities, continuing its versions (`capacity`: one step's changes). */
  more?: (count: number) => Change[];
  /**
   * How Temporal cost is attributed: `whole` = every event of the measured entities' workflows, start to
   * close; `window` = the events recorded while the measured changes ran (entities already running).
   */
  counting: 'whole' | 'window';
  /** Entities of the warm-up whose workflows are not part of a `whole` count. */
  warmupKeys: Set<string>;
  /** Short name for the table, with the scenario's shape. */
  title: string;
  description: string;
}

export interface WorkloadSizes {
  newEntities: number;
  runningEntities: number;
  runningVersions: number;
  hotVersions: number;
  hotKeys: number;
  hotKeyVersions: number;
  rate: number;
  durationSeconds: number;
  /** Changes per second of the `sustained` scenario (the bench derives it from the `capacity` result). */
  sustainedRate: number;
  /**
   * `capacity` and `sustained`: materials synced once, then changed round-robin; many, so that a change
   * rarely finds an older one of its entity still pending (the path of a change applied alone).
   */
  openLoopEntities: number;
  /** `capacity`: the first rate tried (changes per second). */
  probeFromRate: number;
  /** `capacity`: how long each rate is produced. */
  probeStepSeconds: number;
}

/** SERIAL of every generated IDoc: versions then differ by DOCNUM only. */
const SERIAL = '20261121120000';

/** The IDoc XML of a change. */
export function changeDocument(change: Change): string {
  return materialIdoc({ matnr: change.matnr, docnum: change.docnum, serial: SERIAL });
}

/**
 * Builds the changes of one scenario. `prefix` (8 digits) keeps this run's and this cell's materials apart from
 * any other: material numbers are `<prefix><entity:6>`, entity 999999 being the primer.
 */
export function buildWorkload(scenario: ScenarioId, sizes: WorkloadSizes, prefix: string): Workload {
  let docnum = 0;
  const change = (entity: number): Change => {
    const matnr = `${prefix}${String(entity).padStart(6, '0')}`;
    docnum += 1;
    return {
      matnr,
      key: canonicalMaterialNumber(matnr),
      docnum,
      version: makeVersion(SERIAL, String(docnum)),
    };
  };
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  /** Round-robin: version 1 of every entity, then version 2 of every entity, ... */
  const rounds = (entities: number, versions: number, first = 0) =>
    range(versions).flatMap(() => range(entities).map((entity) => change(first + entity)));
  const primer = () => [change(999_999)];

  switch (scenario) {
    case 'new': {
      const warmup = primer();
      return {
        scenario,
        warmup,
        measured: rounds(sizes.newEntities, 1),
        counting: 'whole',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: SCENARIO_TITLES.new,
        description: `${sizes.newEntities} materials never seen before, 1 version each, produced at once`,
      };
    }
    case 'running': {
      const warmup = rounds(sizes.runningEntities, 1);
      return {
        scenario,
        warmup,
        measured: rounds(sizes.runningEntities, sizes.runningVersions),
        counting: 'window',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: SCENARIO_TITLES.running,
        description:
          `${sizes.runningEntities} materials already synced once (SyncHub: workflows running), then ` +
          `${sizes.runningVersions} more versions of each, round-robin, produced at once`,
      };
    }
    case 'hot1': {
      const warmup = primer();
      return {
        scenario,
        warmup,
        measured: rounds(1, sizes.hotVersions),
        counting: 'whole',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: `hot key (1 x ${sizes.hotVersions})`,
        description: `${sizes.hotVersions} versions of one material, produced at once`,
      };
    }
    case 'hot10': {
      const warmup = primer();
      return {
        scenario,
        warmup,
        measured: rounds(sizes.hotKeys, sizes.hotKeyVersions),
        counting: 'whole',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: `hot keys (${sizes.hotKeys} x ${sizes.hotKeyVersions})`,
        description: `${sizes.hotKeys} materials x ${sizes.hotKeyVersions} versions, round-robin, produced at once`,
      };
    }
    case 'rate': {
      const warmup = primer();
      const count = Math.max(1, Math.round(sizes.rate * sizes.durationSeconds));
      return {
        scenario,
        warmup,
        measured: rounds(count, 1),
        rate: sizes.rate,
        counting: 'whole',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: `open loop ${sizes.rate}/s`,
        description: `${sizes.rate}/s new materials for ${sizes.durationSeconds} s, open loop (${count} changes)`,
      };
    }
    case 'capacity': {
      const warmup = rounds(sizes.openLoopEntities, 1);
      let next = 0;
      return {
        scenario,
        warmup,
        measured: [],
        more: (count) =>
          range(count).map(() => {
            const entity = next % sizes.openLoopEntities;
            next += 1;
            return change(entity);
          }),
        counting: 'window',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: 'running, highest sustained rate',
        description:
          `new versions of ${sizes.openLoopEntities} materials already synced once, round-robin, open loop ` +
          `for ${sizes.probeStepSeconds} s at each rate, from ${sizes.probeFromRate}/s: doubled while kept ` +
          'up with, then the geometric middle of the highest kept up with and the lowest not',
      };
    }
    case 'sustained': {
      const warmup = rounds(sizes.openLoopEntities, 1);
      const rate = sizes.sustainedRate;
      const count = Math.max(1, Math.round(rate * sizes.durationSeconds));
      const versions = Math.ceil(count / sizes.openLoopEntities);
      return {
        scenario,
        warmup,
        measured: rounds(sizes.openLoopEntities, versions, 0).slice(0, count),
        rate,
        counting: 'window',
        warmupKeys: new Set(warmup.map((c) => c.key)),
        title: `running, open loop ${rate}/s`,
        description:
          `${rate}/s new versions of ${sizes.openLoopEntities} materials already synced once, ` +
          `round-robin, for ${sizes.durationSeconds} s, open loop (${count} changes)`,
      };
    }
  }
}

/** The latest version produced per entity: what must end up stored and delivered. */
export function latestVersions(changes: readonly Change[]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const change of changes) latest.set(change.key, change.version);
  return latest;
}
