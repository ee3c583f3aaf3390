import type { PayloadStore } from '../../src/adapters/payload-store';
import { LOAD_PRODUCT, loadEvent } from '../../src/domain';
import { createDocumentsRouter, type InboundDocument } from '../../src/ingest/document-router';
import type { ChangeSignaller, EntityId } from '../../src/ingest/workflow-signaller';
import { parseSapSystems } from '../../src/domain/sap-system';
import { materialIdoc } from '../../src/tools/matmas-generator';
import type { EntityChange } from '../../src/workflows/messages';

/** Records every hand-over; payloads are kept in memory. */
function recording() {
  const calls: { entity: EntityId; changes: EntityChange[] }[] = [];
  const signal: ChangeSignaller = async (entity, changes) => {
    calls.push({
      entity: {
        entityType: entity.entityType,
        entityKey: entity.entityKey,
        ...(entity.sourceSystem ? { sourceSystem: entity.sourceSystem } : {}),
      },
      changes: [...changes],
    });
    await Promise.resolve();
  };
  let puts = 0;
  const payloads: PayloadStore = {
    async put(payload) {
      puts += 1;
      return Promise.resolve({ store: 'dynamodb', sha256: String(puts), bytes: payload.length, chunks: 1 });
    },
    async get() {
      return Promise.reject(new Error('not used'));
    },
  };
  return { calls, signal, payloads, puts: () => puts };
}

const serial = (n: number) =>
  `2026113010${String(Math.floor(n / 60)).padStart(2, '0')}${String(n % 60).padStart(2, '0')}`;
const version = (n: number, docnum: number) => `${serial(n)}.${String(docnum).padStart(16, '0')}`;

function documents(specs: { matnr: string; n: number }[]): InboundDocument[] {
  return specs.map(({ matnr, n }, index) => ({
    value: Buffer.from(materialIdoc({ matnr, docnum: 100 + n, serial: serial(n) })),
    headers: {},
    origin: { topic: 'sap.material', partition: 0, offset: String(index) },
  }));
}

describe('createDocumentsRouter', () => {
  it('sends the changes of one entity in one signal; with coalescing only the newest carries its document', async () => {
    const r = recording();
    const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, coalesce: ['material'] });
    const results = await route(
      documents([
        { matnr: 'FG-1', n: 1 },
        { matnr: 'FG-2', n: 1 },
        { matnr: 'FG-1', n: 3 },
        { matnr: 'FG-1', n: 2 },
      ]),
    );
    expect(results.map((result) => result.signalled)).toEqual([1, 1, 1, 1]);
    expect(r.calls.map((call) => call.entity.entityKey)).toEqual(['FG-1', 'FG-2']);
    const [fg1, fg2] = r.calls;
    // Kafka order kept; the newest version (3, not the last record) is the one with its document.
    expect(fg1!.changes.map((change) => [change.version, change.payload !== undefined])).toEqual([
      [version(1, 101), false],
      [version(3, 103), true],
      [version(2, 102), false],
    ]);
    expect(fg1!.changes.filter((change) => 'supersededBy' in change).map((c) => c.supersededBy)).toEqual([
      version(3, 103),
      version(3, 103),
    ]);
    expect(fg1!.changes.map((change) => change.origin?.offset)).toEqual(['0', '2', '3']);
    expect(fg2!.changes).toHaveLength(1);
    expect(fg2!.changes[0]!.payload).toContain('FG-2');
  });

  it('without coalescing every change of the group keeps its document', async () => {
    const r = recording();
    const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, coalesce: ['customer'] });
    await route(
      documents([
        { matnr: 'FG-1', n: 1 },
        { matnr: 'FG-1', n: 2 },
      ]),
    );
    expect(r.calls).toHaveLength(1);
    expect(r.calls[0]!.changes.every((change) => change.payload?.includes('FG-1'))).toBe(true);
    expect(r.puts()).toBe(0);
  });

  it('replayed changes are never sent without their documents', async () => {
    const r = recording();
    const route = createDocumentsRouter({
      ...r,
      claimCheckBytes: 1_000_000,
      coalesce: ['material'],
      replay: true,
    });
    await route(
      documents([
        { matnr: 'FG-1', n: 1 },
        { matnr: 'FG-1', n: 2 },
      ]),
    );
    expect(r.calls[0]!.changes.map((change) => [change.replay, change.payload !== undefined])).toEqual([
      [true, true],
      [true, true],
    ]);
  });

  it('splits a large group into bounded signals, oldest first', async () => {
    const r = recording();
    const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, coalesce: ['material'] });
    const specs = Array.from({ length: 1_500 }, (_, n) => ({ matnr: 'FG-1', n }));
    await route(documents(specs));
    expect(r.calls.length).toBeGreaterThan(1);
    for (const call of r.calls) expect(call.changes.length).toBeLessThanOrEqual(1_000);
    const versions = r.calls.flatMap((call) => call.changes.map((change) => change.version));
    expect(versions).toEqual(specs.map(({ n }) => version(n, 100 + n)));
    // Only the newest, in the last signal, carries its document.
    const carrying = r.calls.flatMap((call) => call.changes.filter((change) => change.payload !== undefined));
    expect(carrying.map((change) => change.version)).toEqual([version(1_499, 1_599)]);
  });

  it('claim-checks large documents, and every document of a burst not coalesced', async () => {
    const large = recording();
    await createDocumentsRouter({ ...large, claimCheckBytes: 100 })(
      documents([
        { matnr: 'FG-1', n: 1 },
        { matnr: 'FG-1', n: 2 },
      ]),
    );
    expect(large.puts()).toBe(2);
    expect(large.calls[0]!.changes.every((change) => change.payloadRef !== undefined)).toBe(true);

    const burst = recording();
    await createDocumentsRouter({ ...burst, claimCheckBytes: 1_000_000 })(
      documents(Array.from({ length: 20 }, (_, n) => ({ matnr: 'FG-1', n }))),
    );
    expect(burst.puts()).toBe(20);
    expect(burst.calls.flatMap((call) => call.changes).every((change) => change.payloadRef)).toBe(true);
  });

  it('claim-checks a large initial-load event (a whole entity); a small one travels inline', async () => {
    const entity = {
      Product: 'P-1',
      LastChangeDateTime: '/Date(1583073519000+0000)/',
      Filler: 'x'.repeat(500),
    };
    const event = loadEvent(LOAD_PRODUCT, entity, {
      source: '/synchub/load/API_PRODUCT_SRV',
      time: '2026-01-01T00:00:00Z',
    });
    const document = (value: string): InboundDocument[] => [
      {
        value: Buffer.from(value),
        headers: {},
        origin: { topic: 'sap.material', partition: 0, offset: '0' },
      },
    ];
    const large = recording();
    await createDocumentsRouter({ ...large, claimCheckBytes: 100 })(document(event.json));
    expect(large.puts()).toBe(1);
    expect(large.calls[0]!.changes[0]).toMatchObject({ format: 'event', payloadRef: { store: 'dynamodb' } });
    const small = recording();
    await createDocumentsRouter({ ...small, claimCheckBytes: 1_000_000 })(document(event.json));
    expect(small.puts()).toBe(0);
    expect(small.calls[0]!.changes[0]!.payload).toContain('"type":"synchub.load.v1.A_Product"');
  });

  it('refuses a record above the size limit unread, keeping its exact bytes; one at the limit routes', async () => {
    const r = recording();
    const idoc = Buffer.from(materialIdoc({ matnr: 'FG-9', docnum: 9, serial: serial(9) }));
    const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, maxRecordBytes: idoc.length });
    const origin = { topic: 'sap.material', partition: 0, offset: '0' };
    // One byte more than the limit: a well-formed IDoc that would route, were it read.
    const larger = Buffer.concat([idoc, Buffer.from('\n')]);
    // Not UTF-8 and not well-formed either: the size is all that is looked at.
    const binary = Buffer.alloc(idoc.length * 2, 0xff);
    const [atLimit, above, aboveBinary] = await route([
      { value: idoc, headers: {}, origin },
      { value: larger, headers: {}, origin: { ...origin, offset: '1' } },
      { value: binary, headers: {}, origin: { ...origin, offset: '2' } },
    ]);
    expect(atLimit).toEqual({ signalled: 1, failures: [] });
    expect(above).toEqual({
      signalled: 0,
      failures: [
        {
          code: 'RECORD_TOO_LARGE',
          message: `record is ${idoc.length + 1} bytes (0.0 MiB), above the limit of ${idoc.length} bytes (0.0 MiB, SYNCHUB_MAX_RECORD_BYTES); it was not read, only preserved`,
          payload: larger.toString('utf8'),
        },
      ],
    });
    expect(aboveBinary!.failures).toEqual([
      expect.objectContaining({
        code: 'RECORD_TOO_LARGE',
        payload: binary.toString('base64'),
        payloadEncoding: 'base64',
      }),
    ]);
    expect(r.calls.map((call) => call.entity.entityKey)).toEqual(['FG-9']);
  });

  describe('with several SAP systems', () => {
    const systems = parseSapSystems('ERP=S4HCLNT100,ERP2=ECCCLNT200', 'ERP');
    const from = (sender: string, n: number, offset: number): InboundDocument => ({
      value: Buffer.from(materialIdoc({ matnr: '4711', docnum: 100 + n, serial: serial(n), sender })),
      headers: {},
      origin: { topic: 'sap.material', partition: 0, offset: String(offset) },
    });

    it('keeps equal keys of two systems apart: two entities, each change naming its system', async () => {
      const r = recording();
      const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, systems, coalesce: [] });
      const results = await route([
        from('S4HCLNT100', 1, 0),
        from('ECCCLNT200', 2, 1),
        from('S4HCLNT100', 3, 2),
      ]);
      expect(results.map((result) => result.signalled)).toEqual([1, 1, 1]);
      expect(r.calls.map((call) => call.entity)).toEqual([
        { entityType: 'material', entityKey: '000000000000004711', sourceSystem: 'ERP' },
        { entityType: 'material', entityKey: '000000000000004711', sourceSystem: 'ERP2' },
      ]);
      expect(
        r.calls.map((call) => call.changes.map((change) => [change.version, change.sourceSystem])),
      ).toEqual([
        [
          [version(1, 101), 'ERP'],
          [version(3, 103), 'ERP'],
        ],
        [[version(2, 102), 'ERP2']],
      ]);
    });

    it('counts a burst per system: changes of another system do not make an entity hot', async () => {
      const r = recording();
      const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, systems, coalesce: [] });
      // Nine changes from each system within the window: a burst of 18 by key, nine per entity.
      for (let n = 0; n < 9; n += 1)
        await route([from('S4HCLNT100', n, 2 * n), from('ECCCLNT200', n, 2 * n + 1)]);
      expect(r.puts()).toBe(0);
      await route([from('S4HCLNT100', 9, 18)]);
      expect(r.puts()).toBe(1);
    });

    it('refuses a document of an unmapped sender as UNKNOWN_SAP_SYSTEM, keeping its bytes', async () => {
      const r = recording();
      const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, systems });
      const unknown = from('QASCLNT300', 1, 0);
      const [result] = await route([unknown]);
      expect(r.calls).toHaveLength(0);
      expect(result).toEqual({
        signalled: 0,
        failures: [
          expect.objectContaining({
            code: 'UNKNOWN_SAP_SYSTEM',
            message: expect.stringContaining("sender 'QASCLNT300' is not mapped") as string,
            payload: (unknown.value as Buffer).toString('utf8'),
          }),
        ],
      });
    });

    it("takes an initial-load event's SAP system from the end of its source; an alias not configured is refused", async () => {
      const entity = { Product: 'P-1', LastChangeDateTime: '/Date(1583073519000+0000)/' };
      const loaded = (alias: string, offset: number): InboundDocument => ({
        value: Buffer.from(
          loadEvent(LOAD_PRODUCT, entity, {
            source: `/synchub/load/API_PRODUCT_SRV/${alias}`,
            time: '2026-01-01T00:00:00Z',
          }).json,
        ),
        headers: {},
        origin: { topic: 'sap.material', partition: 0, offset: String(offset) },
      });
      const r = recording();
      const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, systems, coalesce: [] });
      const results = await route([loaded('ERP2', 0), loaded('ERP', 1), loaded('QAS', 2)]);
      expect(results.map((result) => result.signalled)).toEqual([1, 1, 0]);
      expect(r.calls.map((call) => call.entity)).toEqual([
        { entityType: 'material', entityKey: 'P-1', sourceSystem: 'ERP2' },
        { entityType: 'material', entityKey: 'P-1', sourceSystem: 'ERP' },
      ]);
      expect(results[2]!.failures).toEqual([
        expect.objectContaining({
          code: 'UNKNOWN_SAP_SYSTEM',
          message: expect.stringContaining("SAP system 'QAS'") as string,
        }),
      ]);
    });

    it('signals only the changes of one system when asked (replay of one system)', async () => {
      const r = recording();
      const route = createDocumentsRouter({ ...r, claimCheckBytes: 1_000_000, systems });
      const results = await route([from('S4HCLNT100', 1, 0), from('ECCCLNT200', 2, 1)], {
        onlySystem: 'ERP2',
      });
      expect(results.map((result) => result.signalled)).toEqual([0, 1]);
      expect(r.calls.map((call) => call.entity.sourceSystem)).toEqual(['ERP2']);
    });
  });
});
