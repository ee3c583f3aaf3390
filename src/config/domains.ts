/**
 * A consuming domain gets its own SQS queue subscribed to the SNS topic with a filter policy on the
 * `entityType` message attribute, and its own dead-letter queue.
 */
export interface ConsumerDomain {
  name: string;
  /** SAP entity types this domain receives (`entityType` attribute values); 'all' takes every type. */
  entityTypes: readonly string[] | 'all';
  maxReceiveCount: number;
}

export const DEFAULT_DOMAINS: readonly ConsumerDomain[] = [
  { name: 'ecommerce', entityTypes: ['material', 'salesOrder', 'delivery'], maxReceiveCount: 5 },
  { name: 'crm', entityTypes: ['customer', 'businessPartner', 'salesOrder'], maxReceiveCount: 5 },
  { name: 'procurement', entityTypes: ['vendor', 'purchaseOrder', 'material'], maxReceiveCount: 5 },
  { name: 'analytics', entityTypes: 'all', maxReceiveCount: 5 },
];

export function queueName(prefix: string, domain: string): string {
  return `${prefix}-${domain}`;
}

export function deadLetterQueueName(prefix: string, domain: string): string {
  return `${prefix}-${domain}-dlq`;
}
