import type { EntityType } from '../domain/entity';
import type { FieldAllowlist } from '../domain/views/field-allowlist';
import { ANALYTICS_FIELDS, CRM_FIELDS, ECOMMERCE_FIELDS, PROCUREMENT_FIELDS } from './domain-fields';

/**
 * A consuming domain gets its own SQS queue subscribed to the SNS topic with a filter policy on the
 * `entityType` and `view` message attributes, and its own dead-letter queue.
 */
export interface ConsumerDomain {
  name: string;
  /** SAP entity types this domain receives (`entityType` attribute values); 'all' takes every type. */
  entityTypes: readonly EntityType[] | 'all';
  maxReceiveCount: number;
  /**
   * Per entity type the domain receives, the fields of `data` it gets (`*`: all). Every type it receives
   * has an entry (checked at start).
   */
  fields: Readonly<Partial<Record<EntityType, FieldAllowlist>>>;
}

export const DEFAULT_DOMAINS: readonly ConsumerDomain[] = [
  {
    name: 'ecommerce',
    entityTypes: ['material', 'salesOrder', 'delivery'],
    maxReceiveCount: 5,
    fields: ECOMMERCE_FIELDS,
  },
  {
    name: 'crm',
    entityTypes: ['customer', 'businessPartner', 'salesOrder'],
    maxReceiveCount: 5,
    fields: CRM_FIELDS,
  },
  {
    name: 'procurement',
    entityTypes: ['vendor', 'purchaseOrder', 'material'],
    maxReceiveCount: 5,
    fields: PROCUREMENT_FIELDS,
  },
  { name: 'analytics', entityTypes: 'all', maxReceiveCount: 5, fields: ANALYTICS_FIELDS },
];

export function queueName(prefix: string, domain: string): string {
  return `${prefix}-${domain}`;
}

export function deadLetterQueueName(prefix: string, domain: string): string {
  return `${prefix}-${domain}-dlq`;
}
