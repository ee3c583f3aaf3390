import { Slots, runInKeyLanes, type KeyLaneOptions } from '../../src/ingest/key-lanes';

interface Rec {
  key?: string;
  n: number;
}

/** A handler whose calls finish when the test says so, recording what ran and what ran at once. */
function controlled() {
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const started: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handle = (record: Rec) =>
    new Promise<void>((resolve, reject) => {
      started.push(record.n);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.set(record.n, {
        resolve: () => {
          inFlight -= 1;
          resolve();
        },
        reject: (error) => {
          inFlight -= 1;
          reject(error);
        },
      });
    });
  const settle = async (n: number, error?: Error) => {
    const entry = pending.get(n);
    if (!entry) throw new Error(`record ${n} has not started`);
    pending.delete(n);
    if (error) entry.reject(error);
    else entry.resolve();
    await flush();
  };
  const prefixes: number[] = [];
  /** Runs `records` in key lanes with this handler, recording each finished prefix. */
  const run = (records: readonly Rec[], options: Partial<KeyLaneOptions<Rec>> = {}) =>
    runInKeyLanes(records, {
      keyOf: (record) => record.key,
      handle: ([record]) => handle(record!),
      onPrefix: (last) => {
        prefixes.push(last);
      },
      slots: new Slots(10),
      shouldContinue: () => true,
      ...options,
    });
  return { run, settle, started, pending, prefixes, maxInFlight: () => maxInFlight };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runInKeyLanes', () => {
  it('runs different keys at once and one key in order, reporting only the contiguous finished prefix', async () => {
    const records: Rec[] = [
      { key: 'a', n: 0 },
      { key: 'b', n: 1 },
      { key: 'a', n: 2 },
      { key: 'c', n: 3 },
    ];
    const control = controlled();
    const { prefixes } = control;
    const run = control.run(records);
    await flush();
    // a0, b1 and c3 start together; a2 waits for a0.
    expect(control.started.sort()).toEqual([0, 1, 3]);
    await control.settle(3);
    await control.settle(1);
    expect(prefixes).toEqual([]); // 0 is not done: nothing may be committed
    await control.settle(0);
    expect(control.started).toContain(2);
    expect(prefixes).toEqual([1]); // 0 and 1 done; 2 still running
    await control.settle(2);
    await run;
    expect(prefixes).toEqual([1, 3]);
  });

  it('never has more records in flight than slots, across runs sharing them', async () => {
    const slots = new Slots(3);
    const control = controlled();
    const records = (offset: number): Rec[] =>
      Array.from({ length: 5 }, (_, i) => ({ key: `k${offset + i}`, n: offset + i }));
    const runs = Promise.all([control.run(records(0), { slots }), control.run(records(100), { slots })]);
    await flush();
    expect(control.pending.size).toBe(3);
    while (control.pending.size > 0) await control.settle([...control.pending.keys()][0]!);
    await runs;
    expect(control.started).toHaveLength(10);
    expect(control.maxInFlight()).toBe(3);
    expect(slots.inUse).toBe(0);
  });

  it('hands over consecutive records of a lane together, at most maxGroup at once', async () => {
    const groups: number[][] = [];
    const prefixes: number[] = [];
    const records: Rec[] = [0, 1, 2, 3, 4, 5].map((n) => ({ key: n === 2 ? 'b' : 'a', n }));
    await runInKeyLanes(records, {
      keyOf: (record) => record.key,
      handle: async (group) => {
        groups.push(group.map((record) => record.n));
        await flush();
      },
      onPrefix: (last) => {
        prefixes.push(last);
      },
      maxGroup: 3,
      slots: new Slots(10),
      shouldContinue: () => true,
    });
    expect(groups.sort((a, b) => a[0]! - b[0]!)).toEqual([[0, 1, 3], [2], [4, 5]]);
    expect(prefixes.at(-1)).toBe(5);
  });

  it('records without a key share one lane, in order', async () => {
    const control = controlled();
    const run = control.run([{ n: 0 }, { n: 1 }, { key: 'x', n: 2 }]);
    await flush();
    expect(control.started.sort()).toEqual([0, 2]);
    await control.settle(0);
    expect(control.started).toContain(1);
    await control.settle(1);
    await control.settle(2);
    await run;
  });

  it('after a failure starts nothing new, lets what is in flight settle, keeps the prefix before it and rejects', async () => {
    const control = controlled();
    const { prefixes } = control;
    const run = control.run([
      { key: 'a', n: 0 },
      { key: 'b', n: 1 },
      { key: 'c', n: 2 },
      { key: 'a', n: 3 },
      { key: 'b', n: 4 },
    ]);
    const outcome = run.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await flush();
    await control.settle(0);
    await control.settle(1, new Error('Temporal unavailable'));
    await control.settle(2);
    // a3 started before the failure and is still in flight: the run waits for it; b4 never starts.
    let settled = false;
    void outcome.then(() => (settled = true));
    await flush();
    expect(settled).toBe(false);
    await control.settle(3);
    expect(await outcome).toBe('Temporal unavailable');
    expect(control.started.sort()).toEqual([0, 1, 2, 3]);
    expect(prefixes).toEqual([0]); // nothing past the failed record 1
  });

  it('stops starting records when told to, and resolves with the prefix reached', async () => {
    const control = controlled();
    let running = true;
    const { prefixes } = control;
    const run = control.run(
      [
        { key: 'a', n: 0 },
        { key: 'a', n: 1 },
      ],
      { shouldContinue: () => running },
    );
    await flush();
    running = false;
    await control.settle(0);
    await run;
    expect(control.started).toEqual([0]);
    expect(prefixes).toEqual([0]);
  });
});
