/**
 * Writes the JSON Schema of every entity type's canonical record into `schemas/` (one file per type and
 * schema version), for the consuming domains. `npm run schemas`; a unit test fails when the files are stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENTITY_TYPES, SCHEMA_VERSION, recordJsonSchema } from '../domain';

export function schemaFileName(entityType: string): string {
  return `${entityType}.v${SCHEMA_VERSION}.json`;
}

export function renderSchema(entityType: (typeof ENTITY_TYPES)[number]): string {
  return `${JSON.stringify(recordJsonSchema(entityType), null, 2)}\n`;
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? 'schemas');
  fs.mkdirSync(outDir, { recursive: true });
  for (const type of ENTITY_TYPES) {
    fs.writeFileSync(path.join(outDir, schemaFileName(type)), renderSchema(type));
    process.stdout.write(`wrote ${path.join(outDir, schemaFileName(type))}\n`);
  }
}
