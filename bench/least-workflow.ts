/**
 * The least a per-entity workflow can do for a change: take the signal, run one local activity that does
 * nothing. With `closeAfterFirst` it completes after its first change (a new entity); otherwise it waits for
 * further changes until it is told to close (a running entity). No timers, no search-attribute upserts.
 */
import { condition, defineSignal, proxyLocalActivities, setHandler } from '@temporalio/workflow';

export interface LeastActivities {
  noop(workflowId: string, change: number): Promise<void>;
}

export const leastChange = defineSignal<[number]>('change');
export const leastClose = defineSignal('close');

const { noop } = proxyLocalActivities<LeastActivities>({ startToCloseTimeout: '10s' });

export async function leastEntity(input: { id: string; closeAfterFirst: boolean }): Promise<number> {
  const pending: number[] = [];
  let closing = false;
  let applied = 0;
  setHandler(leastChange, (change) => {
    pending.push(change);
  });
  setHandler(leastClose, () => {
    closing = true;
  });
  for (;;) {
    await condition(() => pending.length > 0 || closing);
    const change = pending.shift();
    if (change === undefined) return applied;
    await noop(input.id, change);
    applied += 1;
    if (input.closeAfterFirst) return applied;
  }
}
