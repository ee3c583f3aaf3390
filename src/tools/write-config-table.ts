/**
 * Writes the README's configuration table from the settings declaration (src/config/settings.ts), between
 * the markers below. `npm run config-table`; a unit test fails when the README's table is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS, type Setting } from '../config/settings';

export const TABLE_START =
  '<!-- config-table:start (generated from src/config/settings.ts by npm run config-table) -->';
export const TABLE_END = '<!-- config-table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function defaultCell(setting: Setting): string {
  if (setting.default !== undefined) return `\`${setting.default}\``;
  return setting.computedDefault ?? '–';
}

/** The Markdown table of every setting, padded the way Prettier formats it. */
export function renderConfigTable(): string {
  const rows = [
    ['variable', 'default', 'meaning'],
    ...Object.entries(SETTINGS).map(([name, setting]: [string, Setting]) =>
      [`\`${name}\``, defaultCell(setting), setting.description].map(cell),
    ),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(3, ...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header!), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n');
}

/** The README with the text between the markers replaced by `table`. */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README has no ${TABLE_START} ... ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (require.main === module) {
  const file = path.resolve(process.argv[2] ?? 'README.md');
  fs.writeFileSync(file, withConfigTable(fs.readFileSync(file, 'utf8'), renderConfigTable()));
  process.stdout.write(`wrote the configuration table into ${file}\n`);
}
