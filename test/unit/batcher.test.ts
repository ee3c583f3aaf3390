import { createArrivals, createBatcher } from '../../src/util/batcher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A batcher that records the items of every request it makes. */
function recordingBatcher(hold?: { pending: () => number; maxWaitMs: number }, maxBatchSize = 12) {
  const requests: number[][] = [];
  const send = createBatcher<number, number>({
    maxBatchSize,
    waitMs: 2,
    ...(hold ? { hold } : {}),
    async run(items) {
      requests.push([...items]);
      return items.map((item) => item * 10);
    },
  });
  return { send, requests };
}

describe('createBatcher', () => {
  it('sends calls made within the wait together, each getting its own result', async () => {
    const { send, requests } = recordingBatcher();
    await expect(Promise.all([send(1), send(2), send(3)])).resolves.toEqual([10, 20, 30]);
    expect(requests).toEqual([[1, 2, 3]]);
  });

  it('without a hold, a caller arriving after the wait goes in a request of its own', async () => {
    const { send, requests } = recordingBatcher();
    const first = send(1);
    await sleep(30);
    await Promise.all([first, send(2)]);
    expect(requests).toEqual([[1], [2]]);
  });

  describe('holding for announced callers', () => {
    it('waits for a caller announced before the batch left', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 500 });
      const release = arrivals.announce();
      const first = send(1);
      await sleep(30);
      release();
      await Promise.all([first, send(2)]);
      expect(requests).toEqual([[1, 2]]);
    });

    it('sends at once when nobody is announced', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 500 });
      const started = Date.now();
      await send(1);
      expect(Date.now() - started).toBeLessThan(250);
      expect(requests).toEqual([[1]]);
    });

    it('a released announcement stops the wait, whether or not the caller came', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 5_000 });
      const release = arrivals.announce();
      const started = Date.now();
      const first = send(1);
      await sleep(20);
      release();
      release(); // a second release does not count twice
      expect(arrivals.pending()).toBe(0);
      await first;
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(requests).toEqual([[1]]);
    });

    it('waits no longer than the longest wait for a caller that never comes', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 50 });
      arrivals.announce();
      const started = Date.now();
      await send(1);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(45);
      expect(waited).toBeLessThan(2_000);
      expect(requests).toEqual([[1]]);
    });

    it('sends a full batch without waiting for the rest', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 5_000 }, 3);
      for (let i = 0; i < 5; i += 1) arrivals.announce();
      const started = Date.now();
      await Promise.all([send(1), send(2), send(3)]);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(requests).toEqual([[1, 2, 3]]);
    });

    it('counts each batch by its own calls: a second full batch goes at once too', async () => {
      const arrivals = createArrivals();
      const { send, requests } = recordingBatcher({ pending: arrivals.pending, maxWaitMs: 5_000 }, 2);
      for (let i = 0; i < 5; i += 1) arrivals.announce();
      const started = Date.now();
      await Promise.all([send(1), send(2), send(3), send(4)]);
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(requests).toEqual([
        [1, 2],
        [3, 4],
      ]);
    });
  });
});
