import type { ScheduledFault } from './faults';

export interface ChaosProfile {
  name: 'ci' | 'full';
  materials: number;
  customers: number;
  versionsPerEntity: number;
  duplicateRate: number;
  outOfOrderRate: number;
  /** Versions of one hot material sent at once by the hot-entity-burst fault. */
  burstVersions: number;
  /** Kafka records per second the generator sends. */
  ratePerSecond: number;
  awsOutageSeconds: number;
  faults: ScheduledFault[];
  /** How long the system may take to settle after the last fault and the last record. */
  convergeTimeoutMs: number;
}

/** Every fault kind at least once, in about two minutes of stream: runs in CI. */
const ci: ChaosProfile = {
  name: 'ci',
  materials: 30,
  customers: 15,
  versionsPerEntity: 4,
  duplicateRate: 0.15,
  outOfOrderRate: 0.2,
  burstVersions: 300,
  ratePerSecond: 2,
  awsOutageSeconds: 20,
  faults: [
    { at: 8, kind: 'worker-sigkill' },
    { at: 16, kind: 'ingester-sigkill' },
    { at: 24, kind: 'ingester-rebalance' },
    { at: 42, kind: 'kafka-restart' },
    { at: 56, kind: 'worker-sigkill' },
    { at: 62, kind: 'temporal-restart' },
    { at: 68, kind: 'hot-entity-burst' },
    { at: 74, kind: 'aws-outage' },
    { at: 98, kind: 'worker-sigterm' },
    { at: 104, kind: 'ingester-sigterm' },
    { at: 110, kind: 'worker-sigkill' },
  ],
  convergeTimeoutMs: 180_000,
};

/** Five times the entities, every fault several times, a 25 s outage: about seven minutes of stream. */
const full: ChaosProfile = {
  name: 'full',
  materials: 150,
  customers: 75,
  versionsPerEntity: 5,
  duplicateRate: 0.15,
  outOfOrderRate: 0.2,
  burstVersions: 1_000,
  ratePerSecond: 3,
  awsOutageSeconds: 25,
  faults: [
    { at: 10, kind: 'worker-sigkill' },
    { at: 25, kind: 'ingester-sigkill' },
    { at: 40, kind: 'ingester-rebalance' },
    { at: 70, kind: 'kafka-restart' },
    { at: 95, kind: 'worker-sigkill' },
    { at: 110, kind: 'temporal-restart' },
    { at: 135, kind: 'aws-outage' },
    { at: 150, kind: 'hot-entity-burst' },
    { at: 175, kind: 'worker-sigterm' },
    { at: 190, kind: 'ingester-sigterm' },
    { at: 205, kind: 'worker-sigkill' },
    { at: 220, kind: 'kafka-restart' },
    { at: 245, kind: 'ingester-rebalance' },
    { at: 275, kind: 'temporal-restart' },
    { at: 295, kind: 'worker-sigkill' },
    { at: 310, kind: 'aws-outage' },
    { at: 350, kind: 'ingester-sigkill' },
    { at: 365, kind: 'worker-sigterm' },
    { at: 380, kind: 'worker-sigkill' },
  ],
  convergeTimeoutMs: 300_000,
};

export const PROFILES = { ci, full } as const;

export function chaosProfile(name = process.env.SYNCHUB_CHAOS_PROFILE ?? 'full'): ChaosProfile {
  if (name !== 'ci' && name !== 'full') {
    throw new Error(`SYNCHUB_CHAOS_PROFILE must be 'ci' or 'full', got '${name}'`);
  }
  return PROFILES[name];
}
