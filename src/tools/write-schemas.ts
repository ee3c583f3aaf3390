/**
 * Writes the JSON Schema of every entity type's canonical record into `schemas/` (one file per type and
 * schema version), and of each consuming domain's view of it into `schemas/views/<domain>/`, for the
 * consuming domains. `npm run schemas`; a unit test fails when the files are stale. The views are those of
 * the built-in domains, or of the domains in SYNCHUB_DOMAINS_FILE when it is set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config/app-config';
import { domainEntityTypes } from '../config/domain-views';
import type { ConsumerDomain } from '../config/domains';
import { ENTITY_TYPES, SCHEMA_VERSION, recordJsonSchema, type EntityType } from '../domain';
import { viewJsonSchema } from '../domain/view-json-schema';

export function schemaFileName(entityType: string): string {
  return `${entityType}.v${SCHEMA_VERSION}.json`;
}

/** `views/<domain>/<type>.v<N>.json`, relative to the schemas directory. */
export function viewSchemaFileName(domain: string, entityType: string): string {
  return path.join('views', domain, schemaFileName(entityType));
}

export function renderSchema(entityType: (typeof ENTITY_TYPES)[number]): string {
  return `${JSON.stringify(recordJsonSchema(entityType), null, 2)}\n`;
}

/** Every view schema of the domains: relative file name and content. */
export function renderViewSchemas(domains: readonly ConsumerDomain[]): [string, string][] {
  return domains.flatMap((domain) =>
    domainEntityTypes(domain).map((type: EntityType): [string, string] => [
      viewSchemaFileName(domain.name, type),
      `${JSON.stringify(viewJsonSchema(domain.name, type, domain.fields[type] ?? []), null, 2)}\n`,
    ]),
  );
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? 'schemas');
  fs.mkdirSync(outDir, { recursive: true });
  const files: [string, string][] = [
    ...ENTITY_TYPES.map((type): [string, string] => [schemaFileName(type), renderSchema(type)]),
    ...renderViewSchemas(loadConfig().domains),
  ];
  for (const [name, content] of files) {
    const file = path.join(outDir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    process.stdout.write(`wrote ${file}\n`);
  }
}
