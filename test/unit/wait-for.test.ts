import { StopWaiting, WaitTimeoutError, waitFor } from '../../src/util/wait-for';

describe('waitFor', () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls >= 3 ? calls : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });

  it('names what it waited for and the last probe error when it times out', async () => {
    await expect(
      waitFor(
        'a service',
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow(
      new WaitTimeoutError('timed out after 20 ms waiting for a service: connection refused'),
    );
  });

  it('ends at once when the probe says waiting cannot help', async () => {
    let calls = 0;
    const waiting = waitFor(
      'a process',
      () => {
        calls += 1;
        throw new StopWaiting('the process exited');
      },
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await expect(waiting).rejects.toBeInstanceOf(StopWaiting);
    expect(calls).toBe(1);
  });
});
