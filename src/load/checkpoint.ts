import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoadPosition } from './odata-paging';

/** What a load has done so far; written after every page whose entities Kafka acknowledged. */
export interface LoadCheckpoint {
  format: 1;
  entityType: string;
  serviceUrl: string;
  entitySet: string;
  pageSize: number;
  /** Where the next read starts. */
  position: LoadPosition;
  /** Entities produced, pages read (server answers). */
  produced: number;
  pages: number;
  /** Entities in the set, when the server said ($inlinecount). */
  total?: number;
  startedAt: string;
  updatedAt: string;
  /** The whole set was produced. */
  done: boolean;
}

export function readCheckpoint(file: string): LoadCheckpoint | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as LoadCheckpoint;
  if (value.format !== 1 || typeof value.position?.skip !== 'number') {
    throw new Error(`${file} is not a load checkpoint (run with --restart to start over)`);
  }
  return value;
}

/** Written to a temporary file and renamed over the old one, so a crash never leaves half a checkpoint. */
export function writeCheckpoint(file: string, checkpoint: LoadCheckpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
  fs.renameSync(temporary, file);
}
