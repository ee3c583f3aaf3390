import * as fs from 'node:fs';
import { aliasValuePairs, isSapSystemAlias, sapSystemAliases, type SapSystems } from '../domain/sap-system';
import { ConfigError } from './env';

/**
 * The OData services of the SAP systems other than the default one (whose service stays
 * `SYNCHUB_SAP_ODATA_URL`, with `SYNCHUB_SAP_RATE_LIMIT` and `SYNCHUB_SAP_USERNAME`/`PASSWORD`/`API_KEY`):
 * `SYNCHUB_SAP_ODATA_URLS` (alias to API_BUSINESS_PARTNER URL), `SYNCHUB_SAP_RATE_LIMITS` (alias to reads per
 * second) and `SYNCHUB_SAP_CREDENTIALS_FILE` (a JSON file of alias to credentials, so that no secret sits in a
 * list of URLs).
 */

export interface SapCredentials {
  username?: string;
  password?: string;
  apiKey?: string;
}

/** One SAP system's OData services and its rate. */
export interface SapService extends SapCredentials {
  /** Base URL of its API_BUSINESS_PARTNER OData V2 service. */
  odataUrl: string;
  /** Base URL of its API_PRODUCT_SRV (the API_BUSINESS_PARTNER URL's sibling). */
  productODataUrl?: string;
  /** Reads per second toward it, all workers together; the default `--rate` of its `synchub load`. */
  rateLimit: number;
}

export interface SapServicesInput {
  urls?: string;
  rateLimits?: string;
  credentialsFile?: string;
  systems: SapSystems;
  /** SYNCHUB_SAP_RATE_LIMIT: the rate of a system without its own in SYNCHUB_SAP_RATE_LIMITS. */
  defaultRateLimit: number;
  /** Whether SYNCHUB_SAP_USERNAME, SYNCHUB_SAP_PASSWORD or SYNCHUB_SAP_API_KEY is set. */
  defaultCredentialsSet: boolean;
}

export interface SapServices {
  /** The other systems' services, by alias (a system not in it has no OData service). */
  services: Record<string, SapService>;
  /** The default system's credentials from the credentials file, when the single variables are unset. */
  defaultCredentials?: SapCredentials;
}

/** The URL of another OData service on the same system: the last path segment replaced by `service`. */
export function siblingService(serviceUrl: string | undefined, service: string): string | undefined {
  if (serviceUrl === undefined) return undefined;
  const trimmed = serviceUrl.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  return slash > trimmed.indexOf('//') + 1 ? `${trimmed.slice(0, slash)}/${service}` : undefined;
}

class SettingError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

/** `ERP2=VALUE,ERP3=VALUE` (split at the first `=`, so a URL may hold `=`) or a JSON object of alias to value. */
function aliasValues(variable: string, value: string): Array<[string, string]> {
  const text = value.trim();
  let pairs: Array<[string, string]>;
  if (text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (error) {
      throw new SettingError(
        variable,
        `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SettingError(variable, 'expected a JSON object of alias to value');
    pairs = Object.entries(parsed as Record<string, unknown>).map(([alias, entry]) => {
      if (typeof entry !== 'string' && typeof entry !== 'number')
        throw new SettingError(variable, `the value of '${alias}' must be a string or a number`);
      return [alias.trim(), String(entry).trim()];
    });
  } else {
    try {
      pairs = aliasValuePairs(text, 'ALIAS=VALUE', 'ERP2=...');
    } catch (error) {
      throw new SettingError(variable, error instanceof Error ? error.message : String(error));
    }
  }
  const seen = new Set<string>();
  for (const [alias] of pairs) {
    if (seen.has(alias)) throw new SettingError(variable, `'${alias}' is given twice`);
    seen.add(alias);
  }
  return pairs;
}

/** An alias a per-system setting may name: configured in SYNCHUB_SAP_SYSTEMS, and not the default. */
function checkAlias(variable: string, alias: string, systems: SapSystems, defaultVariable: string): void {
  if (!isSapSystemAlias(alias))
    throw new SettingError(
      variable,
      `'${alias}' is no system alias (an upper-case letter followed by upper-case letters, digits or _)`,
    );
  if (alias === systems.defaultSystem)
    throw new SettingError(
      variable,
      `'${alias}' is the default system: its setting is ${defaultVariable} (this variable is for the other systems)`,
    );
  const aliases = sapSystemAliases(systems);
  if (!aliases.includes(alias))
    throw new SettingError(
      variable,
      `'${alias}' is not a SAP system of SYNCHUB_SAP_SYSTEMS (configured: ${aliases.join(', ')})`,
    );
}

function serviceUrl(variable: string, alias: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new SettingError(variable, `the URL of '${alias}' is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new SettingError(variable, `the URL of '${alias}' must be http or https: ${value}`);
  return value;
}

function rate(variable: string, alias: string, value: string): number {
  const number = Number(value);
  if (value === '' || !Number.isFinite(number) || number <= 0 || number > 100_000)
    throw new SettingError(
      variable,
      `the rate of '${alias}' must be a positive number of reads per second (at most 100000): ${value}`,
    );
  return number;
}

const CREDENTIAL_FIELDS = ['username', 'password', 'apiKey'] as const;

function credentialsOf(file: string, alias: string, entry: unknown): SapCredentials {
  const variable = 'SYNCHUB_SAP_CREDENTIALS_FILE';
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
    throw new SettingError(variable, `${file}: '${alias}' must be an object of username, password, apiKey`);
  const credentials: SapCredentials = {};
  for (const [field, value] of Object.entries(entry as Record<string, unknown>)) {
    if (!(CREDENTIAL_FIELDS as readonly string[]).includes(field))
      throw new SettingError(
        variable,
        `${file}: '${alias}' has '${field}'; expected ${CREDENTIAL_FIELDS.join(', ')}`,
      );
    if (typeof value !== 'string')
      throw new SettingError(variable, `${file}: '${alias}'.${field} must be a string`);
    credentials[field as (typeof CREDENTIAL_FIELDS)[number]] = value;
  }
  return credentials;
}

function readCredentialsFile(file: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    const { message } = error as { message?: unknown };
    throw new SettingError('SYNCHUB_SAP_CREDENTIALS_FILE', `${file}: ${String(message ?? error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SettingError(
      'SYNCHUB_SAP_CREDENTIALS_FILE',
      `${file}: expected a JSON object of alias to {"username", "password", "apiKey"}`,
    );
  return parsed as Record<string, unknown>;
}

function parse(input: SapServicesInput): SapServices {
  const { systems } = input;
  const urls = new Map<string, string>();
  for (const [alias, value] of input.urls ? aliasValues('SYNCHUB_SAP_ODATA_URLS', input.urls) : []) {
    checkAlias('SYNCHUB_SAP_ODATA_URLS', alias, systems, 'SYNCHUB_SAP_ODATA_URL');
    urls.set(alias, serviceUrl('SYNCHUB_SAP_ODATA_URLS', alias, value));
  }
  const rates = new Map<string, number>();
  for (const [alias, value] of input.rateLimits
    ? aliasValues('SYNCHUB_SAP_RATE_LIMITS', input.rateLimits)
    : []) {
    checkAlias('SYNCHUB_SAP_RATE_LIMITS', alias, systems, 'SYNCHUB_SAP_RATE_LIMIT');
    if (!urls.has(alias))
      throw new SettingError(
        'SYNCHUB_SAP_RATE_LIMITS',
        `'${alias}' has no OData service in SYNCHUB_SAP_ODATA_URLS, so nothing to limit`,
      );
    rates.set(alias, rate('SYNCHUB_SAP_RATE_LIMITS', alias, value));
  }
  const credentials = new Map<string, SapCredentials>();
  let defaultCredentials: SapCredentials | undefined;
  const file = input.credentialsFile;
  if (file !== undefined) {
    for (const [alias, entry] of Object.entries(readCredentialsFile(file))) {
      if (alias === systems.defaultSystem) {
        if (input.defaultCredentialsSet)
          throw new SettingError(
            'SYNCHUB_SAP_CREDENTIALS_FILE',
            `${file}: '${alias}' is the default system, whose credentials SYNCHUB_SAP_USERNAME/PASSWORD/API_KEY already set: keep them in one place`,
          );
        defaultCredentials = credentialsOf(file, alias, entry);
        continue;
      }
      checkAlias('SYNCHUB_SAP_CREDENTIALS_FILE', alias, systems, 'SYNCHUB_SAP_USERNAME');
      if (!urls.has(alias))
        throw new SettingError(
          'SYNCHUB_SAP_CREDENTIALS_FILE',
          `${file}: '${alias}' has no OData service in SYNCHUB_SAP_ODATA_URLS`,
        );
      credentials.set(alias, credentialsOf(file, alias, entry));
    }
  }
  const services: Record<string, SapService> = {};
  for (const [alias, odataUrl] of urls) {
    const productODataUrl = siblingService(odataUrl, 'API_PRODUCT_SRV');
    services[alias] = {
      odataUrl,
      ...(productODataUrl !== undefined ? { productODataUrl } : {}),
      rateLimit: rates.get(alias) ?? input.defaultRateLimit,
      ...credentials.get(alias),
    };
  }
  return { services, ...(defaultCredentials ? { defaultCredentials } : {}) };
}

/**
 * Reads the per-system SAP settings. Every alias they name must be a system of SYNCHUB_SAP_SYSTEMS other than
 * the default one (the default system keeps the single-system variables). Throws ConfigError naming the
 * variable at fault.
 */
export function loadSapServices(input: SapServicesInput): SapServices {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof SettingError)
      throw new ConfigError(`invalid configuration:\n  ${error.variable}: ${error.message}`);
    throw error;
  }
}
