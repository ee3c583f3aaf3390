import type { AppConfig } from '../config/app-config';
import { sapSystemAliases, systemQualifier } from '../domain/sap-system';
import { UserError } from './errors';

/** The `--system` option of the commands that name one entity. */
export const SYSTEM_OPTION = [
  '--system <alias>',
  'the SAP system (an alias of SYNCHUB_SAP_SYSTEMS); default: the default system',
] as const;

/** The alias `--system` names (the default system when absent); one not configured is refused. */
export function systemOption(config: Pick<AppConfig, 'sync'>, given: string | undefined): string {
  const { systems } = config.sync;
  if (given === undefined) return systems.defaultSystem;
  const aliases = sapSystemAliases(systems);
  if (!aliases.includes(given))
    throw new UserError(
      `--system: no SAP system "${given}" is configured (SYNCHUB_SAP_SYSTEMS); known: ${aliases.join(', ')}`,
    );
  return given;
}

/** How IDs name the system `--system` names: undefined for the default system. */
export function systemIdQualifier(config: Pick<AppConfig, 'sync'>, alias: string): string | undefined {
  return systemQualifier(config.sync.systems, alias);
}
