import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { describeIdoc, splitIdocDocument, type ChangeRef } from '../../src/domain';
import type { ChangeSignal, EntityChange } from '../../src/workflows/messages';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;

/**
 * The Kafka origin of every change signalled in a workflow history (`change` and `changes`, signal-with-start included); `decode` is the
 * installation's payload decoder (`payloadDecoder`), so encrypted signals are read too.
 */
export async function signalledOrigins(
  history: History | undefined,
  decode: (payloads: Payload[]) => Promise<Payload[]>,
): Promise<NonNullable<ChangeSignal['origin']>[]> {
  const origins: NonNullable<ChangeSignal['origin']>[] = [];
  for (const event of history?.events ?? []) {
    const signalled = event.workflowExecutionSignaledEventAttributes;
    const name = signalled?.signalName;
    const payload = name === 'change' || name === 'changes' ? signalled?.input?.payloads?.[0] : undefined;
    if (!payload) continue;
    const [decoded] = await decode([payload]);
    const changes =
      name === 'changes'
        ? defaultPayloadConverter.fromPayload<EntityChange[]>(decoded!)
        : [defaultPayloadConverter.fromPayload<ChangeSignal>(decoded!)];
    for (const change of changes) if (change.origin) origins.push(change.origin);
  }
  return origins;
}

/** The change signal of one IDoc, as the ingester would send it inline: its reference and the signal. */
export function idocChange(xml: string): { ref: ChangeRef; change: ChangeSignal & { payload: string } } {
  const [envelope] = splitIdocDocument(xml);
  const ref = describeIdoc(envelope!);
  return {
    ref,
    change: {
      sourceId: ref.sourceId,
      version: ref.version,
      format: 'idoc',
      payload: envelope!.xml,
      receivedAt: new Date().toISOString(),
    },
  };
}
