/*
 * Views: what of a record each consuming domain receives. Domains whose projections of an entity type are
 * identical share one view, published once; a view is named by its audience, the names of its domains
 * sorted and joined by '+' ('analytics', 'analytics+ecommerce+procurement'). A message's `view` attribute
 * is that name, and a domain's subscription accepts every view name that contains the domain, so a view
 * always reaches exactly the domains it was cut for.
 */
import * as fs from 'node:fs';
import { z } from 'zod';
import { ENTITY_TYPES, isEntityType, type EntityType } from '../domain/entity';
import { recordJsonSchema } from '../domain/schemas';
import { compileAllowlist, parseFieldPath, treeKey, type FieldTree } from '../domain/views/field-allowlist';
import { pathProblem } from '../domain/views/view-schema';
import { ConfigError } from './env';
import { DEFAULT_DOMAINS, type ConsumerDomain } from './domains';

export interface RecordView {
  /** The domains that receive it, sorted, joined by '+'. */
  name: string;
  domains: readonly string[];
  tree: FieldTree;
}

export interface DomainViews {
  domains: readonly ConsumerDomain[];
  /** The distinct views of one entity type (none when no domain receives the type). */
  viewsOf(entityType: EntityType): readonly RecordView[];
  /** The names of every view a domain receives, across its entity types. */
  viewNames(domain: string): string[];
}

export const VIEW_SEPARATOR = '+';

export function receivesType(domain: ConsumerDomain, entityType: EntityType): boolean {
  return domain.entityTypes === 'all' || domain.entityTypes.includes(entityType);
}

export function domainEntityTypes(domain: ConsumerDomain): readonly EntityType[] {
  return domain.entityTypes === 'all' ? ENTITY_TYPES : domain.entityTypes;
}

/** The domains named in a view name. */
export function viewDomains(view: string): string[] {
  return view.split(VIEW_SEPARATOR);
}

/** Every problem of a domain list, one line each: unknown types, missing or unmatched field paths. */
export function domainProblems(domains: readonly ConsumerDomain[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const schemas = new Map<EntityType, Record<string, unknown>>();
  const schemaOf = (type: EntityType) => {
    if (!schemas.has(type)) schemas.set(type, recordJsonSchema(type));
    return schemas.get(type)!;
  };
  for (const domain of domains) {
    const at = `domain ${domain.name}`;
    if (seen.has(domain.name)) problems.push(`${at}: listed twice`);
    seen.add(domain.name);
    if (domain.entityTypes !== 'all')
      for (const type of domain.entityTypes)
        if (!isEntityType(type))
          problems.push(`${at}: unknown entity type "${String(type)}" (known: ${ENTITY_TYPES.join(', ')})`);
    for (const [type, allowlist] of Object.entries(domain.fields)) {
      if (!isEntityType(type)) {
        problems.push(`${at}: fields for unknown entity type "${type}" (known: ${ENTITY_TYPES.join(', ')})`);
        continue;
      }
      if (!receivesType(domain, type))
        problems.push(`${at}: fields for ${type}, which the domain does not receive (entityTypes)`);
      if (allowlist === '*' || allowlist === undefined) continue;
      const root = schemaOf(type);
      const data = (root.properties as Record<string, Record<string, unknown>>).data!;
      for (const path of allowlist) {
        if (path === '*') continue;
        let problem: string | undefined;
        try {
          problem = pathProblem(parseFieldPath(path), data, root);
        } catch (error) {
          problem = error instanceof Error ? error.message : String(error);
        }
        if (problem)
          problems.push(`${at}: ${type} field "${path}" matches nothing in the schema: ${problem}`);
      }
      try {
        compileAllowlist(allowlist);
      } catch (error) {
        problems.push(`${at}: ${type}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const type of domainEntityTypes(domain))
      if (isEntityType(type) && domain.fields[type] === undefined)
        problems.push(`${at}: receives ${type} but lists no fields for it (use "*" for the whole record)`);
  }
  return problems;
}

/** Throws a ConfigError naming every problem. */
export function checkDomains(domains: readonly ConsumerDomain[], source: string): void {
  const problems = domainProblems(domains);
  if (problems.length > 0)
    throw new ConfigError(
      `invalid consuming domains (${source}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
}

export function planViews(domains: readonly ConsumerDomain[]): DomainViews {
  const byType = new Map<EntityType, RecordView[]>();
  for (const type of ENTITY_TYPES) {
    const groups = new Map<string, { domains: string[]; tree: FieldTree }>();
    for (const domain of domains) {
      if (!receivesType(domain, type)) continue;
      const tree = compileAllowlist(domain.fields[type] ?? []);
      const key = treeKey(tree);
      const group = groups.get(key) ?? { domains: [], tree };
      group.domains.push(domain.name);
      groups.set(key, group);
    }
    byType.set(
      type,
      [...groups.values()].map(({ domains: names, tree }) => {
        const sorted = [...names].sort();
        return { name: sorted.join(VIEW_SEPARATOR), domains: sorted, tree };
      }),
    );
  }
  return {
    domains,
    viewsOf: (type) => byType.get(type) ?? [],
    viewNames: (domain) =>
      [
        ...new Set(
          [...byType.values()].flatMap((views) =>
            views.filter((view) => view.domains.includes(domain)).map((view) => view.name),
          ),
        ),
      ].sort(),
  };
}

const domainNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

const domainsFileSchema = z.strictObject({
  domains: z
    .array(
      z.strictObject({
        name: z.string().regex(domainNamePattern, 'letters, digits, _ and - (it names the queue)'),
        entityTypes: z.union([z.literal('all'), z.array(z.string()).min(1)]),
        maxReceiveCount: z.number().int().min(1).max(1000).default(5),
        fields: z.record(z.string(), z.union([z.literal('*'), z.array(z.string().min(1))])),
      }),
    )
    .min(1),
});

/** The domains of a JSON file (`{"domains": [...]}`), checked; the defaults when no file is named. */
export function loadDomains(file: string | undefined): readonly ConsumerDomain[] {
  if (file === undefined) return DEFAULT_DOMAINS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `SYNCHUB_DOMAINS_FILE ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = domainsFileSchema.safeParse(parsed);
  if (!result.success)
    throw new ConfigError(
      `SYNCHUB_DOMAINS_FILE ${file}:\n${result.error.issues
        .map((issue) => `  ${issue.path.join('.') || '(file)'}: ${issue.message}`)
        .join('\n')}`,
    );
  const domains = result.data.domains as ConsumerDomain[];
  checkDomains(domains, `SYNCHUB_DOMAINS_FILE ${file}`);
  return domains;
}
