import { EntityMachine, RECENT_IDS_KEPT } from '../../src/workflows/entity-machine';
import type { ChangeSignal } from '../../src/workflows/messages';

const version = (n: number) => `202611211000${String(n).padStart(2, '0')}.${String(n).padStart(16, '0')}`;

function change(n: number, extra: Partial<ChangeSignal> = {}): ChangeSignal {
  return {
    sourceId: `S4HCLNT100/100/${String(n).padStart(16, '0')}`,
    version: version(n),
    format: 'idoc',
    payload: `<MATMAS05>${n}</MATMAS05>`,
    receivedAt: '2026-11-21T10:00:00.000Z',
    ...extra,
  } as ChangeSignal;
}

const LIMITS = { maxItems: 50, maxBytes: 1_000_000 };

function machine(coalesce = false) {
  return new EntityMachine('material', 'FG-1', undefined, coalesce);
}

describe('EntityMachine', () => {
  it('queues changes in version order and deduplicates redeliveries', () => {
    const m = machine();
    m.receive(change(3));
    m.receive(change(1));
    m.receive(change(3));
    m.receive(change(2));
    expect(m.snapshot().pendingVersions).toEqual([version(1), version(2), version(3)]);
    expect(m.state.counters).toMatchObject({ received: 4, duplicates: 1 });
    expect(m.status()).toBe('Syncing');
  });

  it('applies a batch and records its outcomes; older versions arriving later are skipped', () => {
    const m = machine();
    m.receive(change(1));
    m.receive(change(2));
    const batch = m.nextBatch(LIMITS)!;
    expect(batch.items.map((item) => [item.version, item.restoring])).toEqual([
      [version(1), false],
      [version(2), false],
    ]);
    expect(m.snapshot().pendingVersions).toEqual([version(1), version(2)]);
    m.settle(batch, {
      outcomes: [
        { version: version(1), status: 'applied' },
        { version: version(2), status: 'applied' },
      ],
    });
    expect(m.state.lastAppliedVersion).toBe(version(2));
    expect(m.status()).toBe('Synced');
    m.receive(change(1, { sourceId: 'other-idoc' }));
    expect(m.nextBatch(LIMITS)).toBeUndefined();
    expect(m.state.skipped).toEqual([
      { sourceId: 'other-idoc', version: version(1), reason: 'olderThanApplied', appliedVersion: version(2) },
    ]);
  });

  it('a stale outcome is recorded as a skip and moves the applied version to what the store holds', () => {
    const m = machine();
    m.receive(change(1));
    const batch = m.nextBatch(LIMITS)!;
    m.settle(batch, { outcomes: [{ version: version(1), status: 'stale', storedVersion: version(5) }] });
    expect(m.state.lastAppliedVersion).toBe(version(5));
    expect(m.state.skipped.at(-1)).toMatchObject({ reason: 'staleInStore', appliedVersion: version(5) });
  });

  it('a failure puts the failed change and the untried ones back at the head, in order', () => {
    const m = machine();
    for (const n of [1, 2, 3]) m.receive(change(n));
    const batch = m.nextBatch(LIMITS)!;
    const failed = m.settle(batch, {
      outcomes: [{ version: version(1), status: 'applied' }],
      failure: {
        index: 1,
        stage: 'persist',
        failureType: 'Throttled',
        message: 'slow down',
        retryable: true,
      },
    });
    expect(failed?.failed.version).toBe(version(2));
    expect(m.snapshot().pendingVersions).toEqual([version(2), version(3)]);
    expect(m.state.lastAppliedVersion).toBe(version(1));
  });

  it('Stuck holds newer changes until an operator retries; the retry is carried across continue-as-new', () => {
    const m = machine();
    m.receive(change(1));
    m.receive(change(2));
    const batch = m.nextBatch(LIMITS)!;
    const failed = m.settle(batch, {
      outcomes: [],
      failure: {
        index: 0,
        stage: 'transform',
        failureType: 'SapDocumentInvalid',
        message: 'bad date',
        retryable: false,
      },
    })!;
    m.stick(failed.failed, failed.failure);
    expect(m.status()).toBe('Stuck');
    expect(m.canWork()).toBe(false);
    expect(m.nextBatch(LIMITS)).toBeUndefined();
    expect(m.refusal('resume')).toBe('resume applies to a Paused sync');
    expect(m.refusal('retry')).toBeUndefined();
    m.act('retry', { by: 'ops' });

    const next = new EntityMachine('material', 'FG-1', JSON.parse(JSON.stringify(m.carry())) as never);
    expect(next.canWork()).toBe(true);
    next.takeRetry();
    expect(next.status()).toBe('Syncing');
    expect(next.snapshot().pendingVersions).toEqual([version(1), version(2)]);
  });

  it('skip drops the Stuck change, records who asked, and lets the queue go on', () => {
    const m = machine();
    m.receive(change(1));
    m.receive(change(2));
    const batch = m.nextBatch(LIMITS)!;
    const failed = m.settle(batch, {
      outcomes: [],
      failure: {
        index: 0,
        stage: 'transform',
        failureType: 'SapDocumentInvalid',
        message: 'bad',
        retryable: false,
      },
    })!;
    m.stick(failed.failed, failed.failure);
    m.act('skip', { by: 'ops', reason: 'ticket 42' });
    expect(m.status()).toBe('Syncing');
    expect(m.state.operatorActions).toEqual([
      { action: 'skip', statusBefore: 'Stuck', by: 'ops', reason: 'ticket 42', version: version(1) },
    ]);
    expect(m.nextBatch(LIMITS)?.items.map((item) => item.version)).toEqual([version(2)]);
  });

  it('pause holds work, resume releases it', () => {
    const m = machine();
    m.act('pause');
    m.receive(change(1));
    expect(m.canWork()).toBe(false);
    expect(m.status()).toBe('Paused');
    m.act('resume');
    expect(m.canWork()).toBe(true);
  });

  it('with coalescing, only the newest waiting version is applied; the others are recorded as superseded', () => {
    const m = machine(true);
    for (const n of [1, 4, 2, 3]) m.receive(change(n));
    expect(m.snapshot().pendingVersions).toEqual([version(4)]);
    expect(m.state.counters.superseded).toBe(3);
    expect(m.state.skipped.map((skip) => [skip.version, skip.reason])).toEqual([
      [version(1), 'superseded'],
      [version(2), 'superseded'],
      [version(3), 'superseded'],
    ]);
  });

  it('a version sent without its document is recorded as superseded, never queued, and deduplicated', () => {
    const m = machine();
    const { sourceId, version: v1, format, receivedAt } = change(1);
    const notice = { sourceId, version: v1, format, receivedAt, supersededBy: version(2) };
    m.receive(notice);
    m.receive(change(2));
    m.receive(notice);
    expect(m.snapshot().pendingVersions).toEqual([version(2)]);
    expect(m.state.counters).toMatchObject({ received: 3, duplicates: 1, superseded: 1, skipped: 0 });
    expect(m.state.skipped).toEqual([
      {
        sourceId: change(1).sourceId,
        version: version(1),
        reason: 'superseded',
        appliedVersion: version(2),
      },
    ]);
    expect(m.nextBatch(LIMITS)!.items.map((item) => item.version)).toEqual([version(2)]);
  });

  it('superseded versions go with the next apply call for their audit items, and come back when unwritten', () => {
    const m = machine(true);
    for (const n of [1, 2, 3])
      m.receive(change(n, { origin: { topic: 't', partition: 0, offset: String(n) } }));
    const { sourceId, version: v4, format, receivedAt } = change(4);
    m.receive({ sourceId, version: v4, format, receivedAt, supersededBy: version(5) });
    m.receive(change(5));
    const batch = m.nextBatch(LIMITS)!;
    expect(batch.items.map((item) => item.version)).toEqual([version(5)]);
    expect(batch.superseded).toEqual([
      {
        sourceId: change(1).sourceId,
        version: version(1),
        supersededBy: version(2),
        origin: { topic: 't', partition: 0, offset: '1' },
      },
      {
        sourceId: change(2).sourceId,
        version: version(2),
        supersededBy: version(3),
        origin: { topic: 't', partition: 0, offset: '2' },
      },
      { sourceId, version: v4, supersededBy: version(5) },
      {
        sourceId: change(3).sourceId,
        version: version(3),
        supersededBy: version(5),
        origin: { topic: 't', partition: 0, offset: '3' },
      },
    ]);
    expect(m.hasSupersededToRecord()).toBe(false);
    // The write failed: they wait for the next call (or the one made before the entity completes).
    m.settle(batch, { outcomes: [{ version: version(5), status: 'applied' }], supersededRecorded: false });
    expect(m.hasSupersededToRecord()).toBe(true);
    const again = m.supersededBatch()!;
    expect(again.items).toEqual([]);
    expect(again.superseded.map((entry) => entry.version)).toEqual([version(1), version(2), v4, version(3)]);
    m.settle(again, { outcomes: [], supersededRecorded: true });
    expect(m.hasSupersededToRecord()).toBe(false);
    expect(m.carry().supersededToRecord).toEqual([]);
  });

  it('replayed changes are never coalesced and restore versions at or below the applied one', () => {
    const m = machine(true);
    m.receive(change(5));
    m.settle(m.nextBatch(LIMITS)!, { outcomes: [{ version: version(5), status: 'applied' }] });
    m.receive(change(2, { replay: true }));
    m.receive(change(3, { replay: true }));
    const batch = m.nextBatch(LIMITS)!;
    expect(batch.items.map((item) => [item.version, item.restoring])).toEqual([
      [version(2), true],
      [version(3), true],
    ]);
    m.settle(batch, {
      outcomes: [
        { version: version(2), status: 'applied' },
        { version: version(3), status: 'unchanged' },
      ],
    });
    expect(m.state.counters).toMatchObject({ restored: 1, applied: 1 });
    expect(m.state.lastAppliedVersion).toBe(version(5));
  });

  it('a batch stops at its item and byte limits', () => {
    const m = machine();
    for (let n = 1; n <= 10; n += 1) m.receive(change(n));
    expect(m.nextBatch({ maxItems: 3, maxBytes: 1_000_000 })?.items).toHaveLength(3);
    const size = change(4).payload!.length;
    expect(m.nextBatch({ maxItems: 50, maxBytes: size * 2 })?.items).toHaveLength(2);
  });

  it('waiting documents can be swapped for references, and what is carried stays bounded', () => {
    const m = machine();
    for (let n = 1; n <= 3; n += 1) m.receive(change(n));
    const waiting = m.waitingInline();
    expect(m.waitingInlineBytes()).toBeGreaterThan(0);
    m.holdByReference(
      waiting,
      waiting.map((_, i) => ({ store: 'dynamodb', sha256: String(i), bytes: 10, chunks: 1 }) as const),
    );
    expect(m.waitingInlineBytes()).toBe(0);
    expect(m.nextBatch(LIMITS)?.items[0]).toMatchObject({ payloadRef: { sha256: '0' } });
    for (let n = 0; n < RECENT_IDS_KEPT * 3; n += 1) m.receive(change(100 + n));
    expect(m.carry().recentChangeIds.length).toBeLessThanOrEqual(RECENT_IDS_KEPT);
  });
});
