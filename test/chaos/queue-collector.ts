import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface Delivery {
  domain: string;
  entityType: string;
  entityKey: string;
  version: string;
  /** The message body as received, to check that duplicates are identical. */
  body: string;
  receivedAt: number;
}

/**
 * A consumer per domain queue, running for the whole chaos run: it receives, records and deletes every
 * message, as a downstream system would. Errors (an emulator outage) are retried quietly.
 */
export class QueueCollector {
  readonly deliveries: Delivery[] = [];
  readonly errors: string[] = [];
  private running = true;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: Record<string, string>,
  ) {}

  start(): void {
    for (const [domain, queueUrl] of Object.entries(this.queues))
      this.loops.push(this.poll(domain, queueUrl));
  }

  private async poll(domain: string, queueUrl: string): Promise<void> {
    while (this.running) {
      try {
        const { Messages = [] } = await this.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        for (const message of Messages) {
          const body = message.Body ?? '';
          const record = JSON.parse(body) as { entityType: string; entityKey: string; version: string };
          this.deliveries.push({
            domain,
            entityType: record.entityType,
            entityKey: record.entityKey,
            version: record.version,
            body,
            receivedAt: Date.now(),
          });
        }
        if (Messages.length > 0) {
          await this.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((message, i) => ({
                Id: String(i),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
        }
      } catch (error) {
        this.errors.push(error instanceof Error ? error.message : String(error));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** True once every queue is empty: nothing waiting and nothing received but not yet deleted. */
  async drained(): Promise<boolean> {
    for (const queueUrl of Object.values(this.queues)) {
      const { Attributes = {} } = await this.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      if (Attributes.ApproximateNumberOfMessages !== '0') return false;
      if (Attributes.ApproximateNumberOfMessagesNotVisible !== '0') return false;
    }
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
