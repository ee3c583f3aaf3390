import { isEntityType } from '../domain/entity';
import { isSapSystemAlias } from '../domain/sap-system';

/**
 * The one place entity IDs are built and read: Temporal workflow IDs and DynamoDB partition keys, from
 * (system, type, key).
 *
 *   default system   workflow `material:4711`        partition `ENTITY#material#4711`
 *   system ERP2      workflow `material@ERP2:4711`   partition `ENTITY#material@ERP2#4711`
 *
 * The system qualifies the type, never the key: a key is always everything after the first separator, so
 * it may hold any character (`-`, `/`, `.`, `@`, `:`, `#`). Types (`material`) and system aliases (`ERP2`,
 * see domain/sap-system.ts) hold none of `:`, `#`, `@`, so an ID of the default system (no `@` before the
 * first separator) can never equal one of another system, and every ID parses one way only. The default
 * system's IDs are the IDs SyncHub used before systems existed.
 */

export interface EntityRef {
  entityType: string;
  entityKey: string;
  /** The system's alias; undefined for the default system (see systemQualifier in domain/sap-system.ts). */
  system?: string;
}

export type EntityIdForm = 'workflow' | 'partition';

const PARTITION_PREFIX = 'ENTITY#';

/** The type as IDs write it: `material`, or `material@ERP2` for another system than the default. */
export function qualifiedType(entityType: string, system?: string): string {
  return system === undefined ? entityType : `${entityType}@${system}`;
}

/** Builds the workflow ID or the partition key of an entity. */
export function entityId(ref: EntityRef, form: EntityIdForm): string {
  const type = qualifiedType(ref.entityType, ref.system);
  return form === 'workflow' ? `${type}:${ref.entityKey}` : `${PARTITION_PREFIX}${type}#${ref.entityKey}`;
}

/**
 * Reads a workflow ID or a partition key back; undefined for anything else (a quarantine or replay workflow's
 * ID, an unknown type, a system that is no alias).
 */
export function parseEntityId(id: string): (EntityRef & { form: EntityIdForm }) | undefined {
  const form: EntityIdForm = id.startsWith(PARTITION_PREFIX) ? 'partition' : 'workflow';
  const rest = form === 'partition' ? id.slice(PARTITION_PREFIX.length) : id;
  const separator = rest.indexOf(form === 'partition' ? '#' : ':');
  if (separator <= 0) return undefined;
  const [entityType, system, ...more] = rest.slice(0, separator).split('@');
  if (more.length > 0 || !isEntityType(entityType)) return undefined;
  if (system !== undefined && !isSapSystemAlias(system)) return undefined;
  const entityKey = rest.slice(separator + 1);
  if (entityKey === '') return undefined;
  return { form, entityType, entityKey, ...(system !== undefined ? { system } : {}) };
}
