/*
 * Which fields of a canonical record's `data` a consuming domain receives. An allowlist is a list of paths
 * into `data`: `names` (the whole object), `address.country` (one member), `salesAreas[].salesOrganization`
 * (a member of every array element). `*` alone stands for the whole of `data`. Everything outside `data`
 * (entity type, key, version, change type, deleted, source, dedupKey) is the envelope: every domain gets it.
 */

/** `*`: the whole `data`; otherwise paths into `data`. */
export type FieldAllowlist = '*' | readonly string[];

/** The compiled allowlist: what of a value is kept. */
export type FieldTree =
  | { kind: 'all' }
  | { kind: 'object'; fields: Readonly<Record<string, FieldTree>> }
  | { kind: 'array'; items: FieldTree };

export const WHOLE: FieldTree = Object.freeze({ kind: 'all' });

/** One step of a path: a member name, or `[]` for every element of an array. */
export type PathStep = { member: string } | { each: true };

const MEMBER = /^[A-Za-z_$][\w$-]*$/;

/** `salesAreas[].blocks.orderBlock` → member salesAreas, each, member blocks, member orderBlock. */
export function parseFieldPath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\])*)$/.exec(part);
    if (!match || !MEMBER.test(match[1]!) || match[1] === '__proto__')
      throw new Error(
        `field path "${path}": "${part}" is not a member name (letters, digits, _ and -) followed by optional []`,
      );
    steps.push({ member: match[1]! });
    for (let i = 0; i < match[2]!.length / 2; i++) steps.push({ each: true });
  }
  return steps;
}

function merge(tree: FieldTree | undefined, steps: readonly PathStep[], path: string): FieldTree {
  if (steps.length === 0 || tree?.kind === 'all') return WHOLE;
  const [step, ...rest] = steps;
  if ('each' in step!) {
    if (tree !== undefined && tree.kind !== 'array')
      throw new Error(`field path "${path}": used as an array here and as an object in another path`);
    return { kind: 'array', items: merge(tree?.items, rest, path) };
  }
  if (tree !== undefined && tree.kind !== 'object')
    throw new Error(`field path "${path}": used as an object here and as an array in another path`);
  const fields = Object.assign(Object.create(null) as Record<string, FieldTree>, tree?.fields);
  fields[step!.member] = merge(own(fields, step!.member), rest, path);
  return { kind: 'object', fields };
}

function own(fields: Readonly<Record<string, FieldTree>>, name: string): FieldTree | undefined {
  return Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
}

/** The tree of an allowlist. A path inside one already allowed whole changes nothing. */
export function compileAllowlist(allowlist: FieldAllowlist): FieldTree {
  if (allowlist === '*') return WHOLE;
  let tree: FieldTree = { kind: 'object', fields: {} };
  for (const path of allowlist) {
    if (path === '*') return WHOLE;
    tree = merge(tree, parseFieldPath(path), path);
  }
  return tree;
}

/**
 * The kept part of a value. Members not allowed are left out (not nulled); null and absent values stay as
 * they are, so an envelope-only record (no data, or data null) passes unchanged.
 */
export function projectValue(value: unknown, tree: FieldTree): unknown {
  if (tree.kind === 'all' || value === null || value === undefined) return value;
  if (tree.kind === 'array') {
    return Array.isArray(value) ? value.map((item) => projectValue(item, tree.items)) : value;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const source = value as Record<string, unknown>;
  // In the record's own member order, as the schema lists them.
  const kept: Record<string, unknown> = {};
  for (const name of Object.keys(source)) {
    const child = own(tree.fields, name);
    if (child) kept[name] = projectValue(source[name], child);
  }
  return kept;
}

/** The record as one domain receives it: the whole envelope, `data` projected. */
export function projectRecord<R extends object>(record: R, tree: FieldTree): R {
  if (tree.kind === 'all' || !('data' in record)) return record;
  return { ...record, data: projectValue(record.data, tree) };
}

/** A stable text of a tree (members sorted): equal for equal projections, whatever the path order. */
export function treeKey(tree: FieldTree): string {
  if (tree.kind === 'all') return '*';
  if (tree.kind === 'array') return `[${treeKey(tree.items)}]`;
  return `{${Object.keys(tree.fields)
    .sort()
    .map((name) => `${name}:${treeKey(tree.fields[name]!)}`)
    .join(',')}}`;
}
