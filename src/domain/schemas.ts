import { z } from 'zod';
import { businessPartnerDataSchema } from './business-partner/schema';
import { customerDataSchema } from './customer/schema';
import { deliveryDataSchema } from './delivery/schema';
import { ENTITY_TYPES, type EntityType } from './entity';
import { SapDocumentError } from './errors';
import { materialDataSchema } from './material/schema';
import { purchaseOrderDataSchema, salesOrderDataSchema } from './orders/schema';
import type { CanonicalRecord } from './record';
import { vendorDataSchema } from './vendor/schema';

/** Version of the canonical record schemas; consumers see it in `schemas/<type>.v<N>.json`. */
export const SCHEMA_VERSION = 1;

const DATA_SCHEMAS: Record<EntityType, z.ZodType> = {
  material: materialDataSchema,
  customer: customerDataSchema,
  vendor: vendorDataSchema,
  salesOrder: salesOrderDataSchema,
  purchaseOrder: purchaseOrderDataSchema,
  delivery: deliveryDataSchema,
  businessPartner: businessPartnerDataSchema,
};

const idocSourceSchema = z.strictObject({
  format: z.literal('idoc'),
  idocType: z.string().min(1),
  extension: z.string().optional(),
  messageType: z.string().min(1),
  docnum: z.string().regex(/^\d{16}$/),
  senderPartner: z.string().optional(),
  client: z.string().optional(),
  serial: z.string().optional(),
  createdAt: z.string().optional(),
});

const eventSourceSchema = z.strictObject({
  format: z.literal('event'),
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  eventSource: z.string().min(1),
  eventTime: z.string().min(1),
  etag: z.string().optional(),
});

const odataSourceSchema = z.strictObject({
  format: z.literal('odata'),
  service: z.string().min(1),
  entitySet: z.string().min(1),
  etag: z.string().optional(),
});

/** The whole canonical record of one entity type: envelope and data. */
export function recordSchema(entityType: EntityType) {
  return z.strictObject({
    entityType: z.literal(entityType),
    entityKey: z.string().min(1),
    /** The SAP system's alias (SYNCHUB_SAP_SYSTEMS); absent on records stored before systems existed. */
    sourceSystem: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]{0,29}$/)
      .optional(),
    version: z.string().regex(/^\d{14}\.\d{16}$/, 'a version is YYYYMMDDHHMMSS.nnnnnnnnnnnnnnnn'),
    changeType: z.enum(['upsert', 'delete']),
    deleted: z.boolean(),
    source: z.discriminatedUnion('format', [idocSourceSchema, eventSourceSchema, odataSourceSchema]),
    data: DATA_SCHEMAS[entityType],
  });
}

const RECORD_SCHEMAS = Object.fromEntries(ENTITY_TYPES.map((type) => [type, recordSchema(type)])) as Record<
  EntityType,
  ReturnType<typeof recordSchema>
>;

/**
 * Every record is validated before it is written: a transform that produced something the published schema
 * does not allow is bad data for this document (SCHEMA_VIOLATION), never a half-valid record downstream.
 */
export function validateRecord<T extends CanonicalRecord>(record: T): T {
  const result = RECORD_SCHEMAS[record.entityType].safeParse(record);
  if (result.success) return record;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
  throw new SapDocumentError(
    'SCHEMA_VIOLATION',
    `${record.entityType} ${record.entityKey} version ${record.version} does not match its schema: ${problems}`,
    { issues: result.error.issues.length },
  );
}

/** JSON Schema (draft 2020-12) of one entity type's canonical record, for the consuming domains. */
export function recordJsonSchema(entityType: EntityType): Record<string, unknown> {
  return {
    $id: `https://synchub.dev/schemas/${entityType}.v${SCHEMA_VERSION}.json`,
    title: `SyncHub canonical ${entityType} record, schema version ${SCHEMA_VERSION}`,
    ...z.toJSONSchema(RECORD_SCHEMAS[entityType], { unrepresentable: 'any' }),
  };
}
