import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS } from '../../src/config/settings';
import {
  TABLE_END,
  TABLE_START,
  renderConfigTable,
  withConfigTable,
} from '../../src/tools/write-config-table';

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|js)$/.test(entry.name) ? [file] : [];
  });
}

describe('configuration table', () => {
  test('the README table is the one the settings declaration generates (npm run config-table)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(TABLE_START);
    expect(withConfigTable(readme, renderConfigTable())).toBe(readme);
  });

  test('every variable named in the code is declared', () => {
    const declared = new Set(Object.keys(SETTINGS));
    const files = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'bin'))].filter(
      // The declaration itself also names the SDK's own variables in descriptions.
      (file) => !file.endsWith(path.join('src', 'config', 'settings.ts')),
    );
    const undeclared = files.flatMap((file) =>
      [
        ...fs
          .readFileSync(file, 'utf8')
          .matchAll(/\b(?:SYNCHUB|TEMPORAL|KAFKA|AWS|LOG)_[A-Z0-9_]*[A-Z0-9]\b/g),
      ]
        .map(([name]) => name)
        .filter((name) => !declared.has(name))
        .map((name) => `${path.relative(ROOT, file)}: ${name}`),
    );
    expect(undeclared).toEqual([]);
  });

  test('a setting has a fixed default or a computed one, not both, and a description', () => {
    for (const [name, setting] of Object.entries(SETTINGS)) {
      const {
        default: fixed,
        computedDefault,
        description,
      } = setting as {
        default?: string;
        computedDefault?: string;
        description: string;
      };
      expect({ name, both: fixed !== undefined && computedDefault !== undefined }).toEqual({
        name,
        both: false,
      });
      expect(description.trim()).not.toBe('');
    }
  });

  test('a stale table is replaced between the markers, the rest of the README kept', () => {
    const readme = `intro\n\n${TABLE_START}\n\n| old |\n\n${TABLE_END}\n\nafter\n`;
    expect(withConfigTable(readme, '| new |')).toBe(
      `intro\n\n${TABLE_START}\n\n| new |\n\n${TABLE_END}\n\nafter\n`,
    );
  });
});
