import type { EntityType } from './entity';
import { SCHEMA_VERSION, recordJsonSchema } from './schemas';
import { compileAllowlist, type FieldAllowlist } from './views/field-allowlist';
import { pruneSchema } from './views/view-schema';

/**
 * JSON Schema (draft 2020-12) of an entity type's record as one consuming domain receives it: the whole
 * envelope, `data` cut down to the domain's allowlist.
 */
export function viewJsonSchema(
  domain: string,
  entityType: EntityType,
  allowlist: FieldAllowlist,
): Record<string, unknown> {
  const { $id: _id, title: _title, ...record } = recordJsonSchema(entityType);
  const properties = record.properties as Record<string, Record<string, unknown>>;
  return {
    $id: `https://synchub.dev/schemas/views/${domain}/${entityType}.v${SCHEMA_VERSION}.json`,
    title: `SyncHub ${entityType} record as the ${domain} domain receives it, schema version ${SCHEMA_VERSION}`,
    ...record,
    properties: { ...properties, data: pruneSchema(properties.data!, compileAllowlist(allowlist), record) },
  };
}
