/**
 * The domain queues are drained the way consuming domains would drain them (ReceiveMessage, then
 * DeleteMessageBatch), so they never fill up. Deliveries on one material queue tell when each change
 * arrived (SQS `SentTimestamp`: when the queue accepted the message) and when a scenario is complete: once
 * the latest version produced for every entity has been delivered.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Change } from './workload';

/** Tracks one scenario's changes from produce to delivery. */
export class DeliveryTracker {
  private readonly latest = new Map<string, string>();
  private readonly producedAt = new Map<string, number>();
  private readonly deliveredAt = new Map<string, number>();
  private doneKeys = 0;
  /** SentTimestamp of the delivery that completed the last entity. */
  lastDoneAt = 0;
  /** Deliveries of changes this tracker expects, duplicates included. */
  messages = 0;

  /** Changes the tracker was made for. */
  readonly producedCount: number;

  constructor(changes: readonly Change[]) {
    for (const change of changes) this.latest.set(change.key, change.version);
    this.producedCount = changes.length;
  }

  get keys(): number {
    return this.latest.size;
  }

  get done(): number {
    return this.doneKeys;
  }

  get complete(): boolean {
    return this.doneKeys === this.latest.size;
  }

  /** Distinct changes (entity, version) delivered. */
  get deliveredChanges(): number {
    return this.deliveredAt.size;
  }

  produced(change: Change, at: number): void {
    this.producedAt.set(`${change.key}#${change.version}`, at);
  }

  producedTime(key: string, version: string): number | undefined {
    return this.producedAt.get(`${key}#${version}`);
  }

  delivered(key: string, version: string, at: number): void {
    const latest = this.latest.get(key);
    if (latest === undefined) return;
    this.messages += 1;
    const id = `${key}#${version}`;
    if (this.deliveredAt.has(id)) return;
    this.deliveredAt.set(id, at);
    if (version === latest) {
      this.doneKeys += 1;
      this.lastDoneAt = Math.max(this.lastDoneAt, at);
    }
  }

  /** Produce-to-delivered of every delivered change (ms). */
  deliveryLatencies(): number[] {
    const latencies: number[] = [];
    for (const [id, at] of this.deliveredAt) {
      const produced = this.producedAt.get(id);
      if (produced !== undefined) latencies.push(at - produced);
    }
    return latencies;
  }

  /** Entities whose latest version has not been delivered yet. */
  missing(): string[] {
    return [...this.latest]
      .filter(([key, version]) => !this.deliveredAt.has(`${key}#${version}`))
      .map(([k]) => k);
  }
}

export interface DrainedQueue {
  domain: string;
  queueUrl: string;
  /** Deliveries on this queue decide completion and delivery latency. */
  watched: boolean;
}

export interface QueueDrain {
  /** Routes the watched queue's deliveries to this tracker (one scenario at a time). */
  track(tracker: DeliveryTracker | undefined): void;
  /** Messages received per domain since start. */
  received(): Record<string, number>;
  stop(): Promise<void>;
}

interface DeliveredBody {
  entityKey?: unknown;
  version?: unknown;
}

/** One receive loop per queue (long polling, 10 messages at a time) until stopped. */
export function startQueueDrain(
  sqs: SQSClient,
  queues: DrainedQueue[],
  onError: (error: unknown) => void,
): QueueDrain {
  let tracker: DeliveryTracker | undefined;
  let stopping = false;
  const received: Record<string, number> = Object.fromEntries(queues.map((queue) => [queue.domain, 0]));

  const loop = async (queue: DrainedQueue): Promise<void> => {
    while (!stopping) {
      try {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['SentTimestamp'],
          }),
        );
        if (Messages.length === 0) continue;
        received[queue.domain] = (received[queue.domain] ?? 0) + Messages.length;
        if (queue.watched && tracker) {
          for (const message of Messages) {
            const body = JSON.parse(message.Body ?? '{}') as DeliveredBody;
            const sent = Number(message.Attributes?.SentTimestamp ?? Date.now());
            if (typeof body.entityKey === 'string' && typeof body.version === 'string') {
              tracker.delivered(body.entityKey, body.version, sent);
            }
          }
        }
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.queueUrl,
            Entries: Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
          }),
        );
      } catch (error) {
        if (stopping) return;
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  };
  const loops = queues.map(loop);

  return {
    track(next) {
      tracker = next;
    },
    received: () => ({ ...received }),
    async stop() {
      stopping = true;
      await Promise.all(loops);
    },
  };
}
