import { Harness } from '../support/harness';
import { runSynchub } from '../support/cli';

jest.setTimeout(120_000);

let harness: Harness;
afterAll(async () => {
  await harness.close();
});

test('a replay whose workflow fails prints the failure and exits non-zero', async () => {
  harness = await Harness.create();
  // A worker deployed without access to Kafka history: the replay workflow's first activity fails for good.
  await harness.startWorker({ history: undefined });

  const replay = await runSynchub(['replay', '--topic', harness.config.kafka.topics.material], {
    env: harness.env,
    timeoutMs: 60_000,
  });

  expect(replay.code).toBe(1);
  expect(replay.stdout).toBe('');
  const lines = replay.stderr.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(
    /^synchub: replay workflow replay:\S+ failed: activity planKafkaReplay failed: ReplayNotConfigured: this worker cannot read Kafka$/,
  );
  expect(replay.stderr).not.toMatch(/\n\s+at /); // no stack trace
});
