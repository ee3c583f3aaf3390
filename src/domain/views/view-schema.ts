/*
 * Allowlists checked against, and applied to, the JSON Schema of a canonical record: a path that names no
 * member of the schema is a configuration mistake (a typo would otherwise withhold a field silently), and a
 * domain's view has its own JSON Schema, the record schema cut down to the allowed members.
 */
import type { FieldTree, PathStep } from './field-allowlist';

type JsonSchema = Record<string, unknown>;

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
  const defs = root.$defs;
  const target = name !== undefined && isSchema(defs) ? defs[name] : undefined;
  if (!isSchema(target)) throw new Error(`schema reference ${ref} cannot be resolved`);
  return resolve(target, root);
}

/** The concrete alternatives of a schema (references resolved, anyOf / oneOf flattened). */
function alternatives(schema: JsonSchema, root: JsonSchema): JsonSchema[] {
  const resolved = resolve(schema, root);
  const options = [resolved.anyOf, resolved.oneOf].find(Array.isArray) as unknown[] | undefined;
  if (!options) return [resolved];
  return options.filter(isSchema).flatMap((option) => alternatives(option, root));
}

function memberSchema(schema: JsonSchema, member: string): JsonSchema | undefined {
  const properties = schema.properties;
  if (isSchema(properties) && isSchema(properties[member])) return properties[member];
  // A map (custom fields by name): any member name is one of its entries.
  if (isSchema(schema.additionalProperties)) return schema.additionalProperties;
  return undefined;
}

/**
 * Whether a path names something in the schema; undefined when it does, else what is wrong
 * ("bankDetails[] has no member ibn").
 */
export function pathProblem(
  steps: readonly PathStep[],
  schema: JsonSchema,
  root: JsonSchema,
): string | undefined {
  let current = [schema];
  let at = '';
  for (const step of steps) {
    const options = current.flatMap((option) => alternatives(option, root));
    if ('each' in step) {
      current = options.flatMap((option) => (isSchema(option.items) ? [option.items] : []));
      if (current.length === 0) return `${at || 'data'} is not an array`;
      at += '[]';
    } else {
      current = options.flatMap((option): JsonSchema[] => {
        const member = memberSchema(option, step.member);
        return member ? [member] : [];
      });
      if (current.length === 0)
        return options.some((option) => isSchema(option.properties) || isSchema(option.additionalProperties))
          ? `${at || 'data'} has no member ${step.member}`
          : `${at || 'data'} is not an object`;
      at += at ? `.${step.member}` : step.member;
    }
  }
  return undefined;
}

function pruneObject(schema: JsonSchema, fields: Readonly<Record<string, FieldTree>>, root: JsonSchema) {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const kept: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(fields)) {
    const member = isSchema(properties[name])
      ? properties[name]
      : isSchema(schema.additionalProperties)
        ? schema.additionalProperties
        : undefined;
    if (member) kept[name] = pruneSchema(member, child, root);
  }
  const pruned: JsonSchema = { ...schema, properties: kept };
  if (Array.isArray(schema.required))
    pruned.required = (schema.required as unknown[]).filter(
      (name) => typeof name === 'string' && name in kept && isSchema(properties[name]),
    );
  if (isSchema(schema.additionalProperties)) {
    // A map cut down to the named entries.
    pruned.additionalProperties = false;
    delete pruned.propertyNames;
  }
  return pruned;
}

/** The schema of what a tree keeps of a value of this schema. */
export function pruneSchema(schema: JsonSchema, tree: FieldTree, root: JsonSchema): JsonSchema {
  if (tree.kind === 'all') return schema;
  const resolved = resolve(schema, root);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = resolved[key];
    if (Array.isArray(options))
      return {
        ...resolved,
        [key]: (options as unknown[]).map((option) =>
          isSchema(option) ? pruneSchema(option, tree, root) : option,
        ),
      };
  }
  if (tree.kind === 'array')
    return isSchema(resolved.items)
      ? { ...resolved, items: pruneSchema(resolved.items, tree.items, root) }
      : resolved;
  if (isSchema(resolved.properties) || isSchema(resolved.additionalProperties))
    return pruneObject(resolved, tree.fields, root);
  return resolved;
}
