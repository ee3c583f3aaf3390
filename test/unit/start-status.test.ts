import { startStatus } from '../../src/ingest/workflow-signaller';
import type { EntityChange } from '../../src/workflows/messages';

const change = (format: 'idoc' | 'event', n = 1): EntityChange => ({
  sourceId: `src-${n}`,
  version: `2026120710000${n}`,
  format,
  receivedAt: '2026-12-07T10:00:00.000Z',
  payload: '<doc/>',
});

describe('the SyncStatus a new run starts with', () => {
  test('IDocs are applied in the first workflow task: Synced, so that task upserts nothing', () => {
    expect(startStatus([change('idoc')])).toBe('Synced');
    expect(startStatus([change('idoc', 1), change('idoc', 2)])).toBe('Synced');
  });

  test('a business event waits for its entity to be read from SAP: Syncing until it comes to rest', () => {
    expect(startStatus([change('event')])).toBe('Syncing');
    expect(startStatus([change('idoc', 1), change('event', 2)])).toBe('Syncing');
  });
});
