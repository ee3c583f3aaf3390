import { SapDocumentError } from './errors';

/**
 * Which SAP system a record comes from. Each sending system (a logical system such as `S4HCLNT100`, i.e. one
 * client of one SAP system) is mapped to an alias (`ERP`, `ERP2`); the entities of one alias are kept apart
 * from those of every other alias. The records of the default alias keep the unqualified IDs, so a
 * single-system installation (nothing configured) and one that synced before systems were configured keep
 * their IDs.
 */

/** The default system's alias when none is configured. */
export const DEFAULT_SAP_SYSTEM = 'SAP';

/**
 * An alias: an upper-case letter, then upper-case letters, digits or `_`, at most 30 characters. Entity types
 * start with a lower-case letter and no alias holds `:`, `#` or `@`, which keeps qualified IDs unambiguous.
 */
export const SAP_SYSTEM_ALIAS_PATTERN = /^[A-Z][A-Z0-9_]{0,29}$/;

export function isSapSystemAlias(value: string): boolean {
  return SAP_SYSTEM_ALIAS_PATTERN.test(value);
}

export interface SapSystems {
  /** The alias whose records keep the unqualified IDs (`material:4711`). */
  defaultSystem: string;
  /** Sender (upper case) to alias. Empty: every record belongs to the default system, whatever its sender. */
  senders: ReadonlyMap<string, string>;
}

/** Nothing configured: one system, the default, and today's IDs. */
export const SINGLE_SAP_SYSTEM: SapSystems = Object.freeze({
  defaultSystem: DEFAULT_SAP_SYSTEM,
  senders: new Map<string, string>(),
});

function normalSender(sender: string): string {
  return sender.trim().toUpperCase();
}

/**
 * `ALIAS=VALUE,ALIAS=VALUE`, comma-separated, each split at its first `=` (so a URL may hold `=`); alias and
 * value trimmed. An entry that is not such a pair is refused, naming `form` and `example` (`ALIAS=SENDER`,
 * `ERP=S4HCLNT100`).
 */
export function aliasValuePairs(text: string, form: string, example: string): Array<[string, string]> {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): [string, string] => {
      const at = entry.indexOf('=');
      if (at <= 0 || at === entry.length - 1)
        throw new Error(`entry '${entry}' is not ${form} (e.g. ${example})`);
      return [entry.slice(0, at).trim(), entry.slice(at + 1).trim()];
    });
}

/** `ERP=S4HCLNT100,ERP2=ECCCLNT200` (an alias may appear several times) or a JSON object of alias to sender(s). */
function senderPairs(value: string): Array<[string, string]> {
  const text = value.trim();
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (error) {
      throw new Error(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('expected a JSON object of alias to sender or list of senders');
    return Object.entries(parsed as Record<string, unknown>).flatMap(([alias, senders]) => {
      const list = Array.isArray(senders) ? (senders as unknown[]) : [senders];
      return list.map((sender): [string, string] => {
        if (typeof sender !== 'string')
          throw new Error(`the senders of '${alias}' must be strings (logical system names)`);
        return [alias.trim(), sender];
      });
    });
  }
  return aliasValuePairs(text, 'ALIAS=SENDER', 'ERP=S4HCLNT100');
}

/**
 * Reads `SYNCHUB_SAP_SYSTEMS` and `SYNCHUB_DEFAULT_SAP_SYSTEM`. The default is the one named; else the only
 * alias configured; else `SAP` when none is. Several aliases and no default named is refused (which records
 * keep the unqualified IDs must be a decision, not an accident of order). Throws Error with the reason.
 */
export function parseSapSystems(value: string | undefined, defaultSystem: string | undefined): SapSystems {
  const senders = new Map<string, string>();
  for (const [alias, sender] of value ? senderPairs(value) : []) {
    if (!isSapSystemAlias(alias))
      throw new Error(
        `alias '${alias}' must be an upper-case letter followed by upper-case letters, digits or _ (at most 30)`,
      );
    const name = normalSender(sender);
    if (name === '') throw new Error(`alias '${alias}' has an empty sender`);
    const earlier = senders.get(name);
    if (earlier !== undefined && earlier !== alias)
      throw new Error(`sender '${name}' is mapped to both '${earlier}' and '${alias}'`);
    senders.set(name, alias);
  }
  const aliases = [...new Set(senders.values())];
  const named = defaultSystem?.trim();
  if (named !== undefined && named !== '') {
    if (!isSapSystemAlias(named))
      throw new Error(
        `default system '${named}' must be an upper-case letter followed by upper-case letters, digits or _`,
      );
    if (aliases.length > 0 && !aliases.includes(named))
      throw new Error(`default system '${named}' is none of the configured aliases (${aliases.join(', ')})`);
    return { defaultSystem: named, senders };
  }
  if (aliases.length > 1)
    throw new Error(
      `several systems are configured (${aliases.join(', ')}): name the one whose records keep the unqualified IDs in SYNCHUB_DEFAULT_SAP_SYSTEM`,
    );
  return { defaultSystem: aliases[0] ?? DEFAULT_SAP_SYSTEM, senders };
}

/** Whether senders are mapped at all (then an unmapped sender is refused). */
export function hasConfiguredSenders(systems: SapSystems): boolean {
  return systems.senders.size > 0;
}

/** The aliases a caller may name (`--system`, `?system=`): the configured ones and the default. */
export function sapSystemAliases(systems: SapSystems): string[] {
  return [...new Set([systems.defaultSystem, ...systems.senders.values()])].sort();
}

/** The sender of a business event: the last segment of its `source` ('/default/sap.s4.beh/S4HCLNT100'). */
export function eventSender(source: string): string {
  const segments = source.split('/').filter((segment) => segment.trim() !== '');
  return segments[segments.length - 1] ?? source;
}

/**
 * The alias of a record's sender: the default system when no senders are configured; else the mapped alias,
 * and UNKNOWN_SAP_SYSTEM (bad input: the record is set aside, nothing is lost) for a sender not mapped.
 * `senders` are tried in order (a CloudEvent's full `source`, then its last segment).
 */
export function sapSystemOf(systems: SapSystems, ...senders: Array<string | undefined>): string {
  if (!hasConfiguredSenders(systems)) return systems.defaultSystem;
  for (const sender of senders) {
    if (sender === undefined) continue;
    const alias = systems.senders.get(normalSender(sender));
    if (alias !== undefined) return alias;
  }
  const sender = senders.find((name) => name !== undefined && name.trim() !== '');
  throw new SapDocumentError(
    'UNKNOWN_SAP_SYSTEM',
    sender === undefined
      ? 'the document names no sender, and SYNCHUB_SAP_SYSTEMS maps senders to systems: its SAP system is unknown'
      : `sender '${sender.trim()}' is not mapped to a SAP system in SYNCHUB_SAP_SYSTEMS (mapped: ${[
          ...systems.senders.keys(),
        ].join(', ')})`,
    { sender: sender?.trim() ?? null },
  );
}

/** How IDs name a system: undefined for the default system (unqualified IDs), else its alias. */
export function systemQualifier(
  systems: Pick<SapSystems, 'defaultSystem'>,
  alias?: string,
): string | undefined {
  return alias === undefined || alias === systems.defaultSystem ? undefined : alias;
}
