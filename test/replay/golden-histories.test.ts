import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { temporalDataConverter } from '../../src/clients/temporal';
import * as path from 'node:path';
import { Worker } from '@temporalio/worker';
import { syncHubSinks, workflowsPath } from '../../src/workers/create-worker';
import { installTemporalRuntime } from '../../src/workers/temporal-runtime';
import { logger } from '../support/harness';

jest.setTimeout(120_000);

const HISTORIES = path.resolve(__dirname, '..', 'fixtures', 'histories');
const files = fs
  .readdirSync(HISTORIES)
  .filter((name) => name.endsWith('.json'))
  .sort();

beforeAll(() => installTemporalRuntime(logger));

test('every workflow type has golden histories', () => {
  const types = new Set(
    files.map((name) => {
      const history = JSON.parse(fs.readFileSync(path.join(HISTORIES, name), 'utf8')) as {
        events: { workflowExecutionStartedEventAttributes?: { workflowType: { name: string } } }[];
      };
      return history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType.name;
    }),
  );
  expect(types).toEqual(new Set(['entitySync', 'quarantine', 'replay']));
});

/**
 * Histories recorded from real runs (see test/fixtures/histories/README.md) replayed against the current
 * workflow code: a change that would break running workflows (non-determinism) fails here.
 */
test.each(files)('%s replays against the current workflow code', async (name) => {
  // The SDK accepts the CLI's JSON form of a history directly.
  const history = JSON.parse(fs.readFileSync(path.join(HISTORIES, name), 'utf8')) as {
    events: { workflowExecutionStartedEventAttributes?: { workflowId?: string } }[];
  };
  // Under the workflow ID it ran with, when the history names it: an entity workflow reads its SAP system
  // from its ID (`businessPartner@ERP2:<key>`).
  const workflowId = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? name;
  // With payload encryption on, as installations run now: histories recorded before it replay unchanged.
  await Worker.runReplayHistory(
    {
      workflowsPath: workflowsPath(),
      sinks: syncHubSinks(),
      dataConverter: temporalDataConverter({
        codecKeys: { inline: `replay:${randomBytes(32).toString('base64')}` },
      }),
    },
    history,
    workflowId,
  );
});
