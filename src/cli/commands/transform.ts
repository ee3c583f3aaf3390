import * as fs from 'node:fs';
import type { Command } from 'commander';
import { isSapDocumentError, transformDocument, type CanonicalRecord } from '../../domain';

/** Exit code for a document SyncHub cannot accept (the transform contract). */
export const EXIT_REJECTED = 2;

function readInput(file: string): string {
  return file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
}

function line(record: CanonicalRecord): string {
  const { entityType, entityKey, deleted, version, changeType, source, data } = record;
  return JSON.stringify({ entityType, entityKey, deleted, version, changeType, source, data });
}

export function registerTransformCommand(program: Command): void {
  program
    .command('transform')
    .description(
      'print the canonical record of every business entity in an SAP document, one JSON object per line; ' +
        'exit 2 with "error: ..." on stderr for a document that cannot be accepted',
    )
    .argument('<file>', 'the document, or - for standard input')
    .action((file: string) => {
      let text: string;
      try {
        text = readInput(file);
      } catch (error) {
        process.stderr.write(
          `error: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
        );
        process.exitCode = EXIT_REJECTED;
        return;
      }
      try {
        const records = transformDocument(text);
        process.stdout.write(records.map((record) => `${line(record)}\n`).join(''));
      } catch (error) {
        if (!isSapDocumentError(error)) throw error;
        process.stderr.write(`error: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
        process.exitCode = EXIT_REJECTED;
      }
    });
}
