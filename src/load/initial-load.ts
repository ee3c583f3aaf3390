import { SourceUnavailableError, type SapODataClient } from '../adapters/sap-odata-client';
import { loadEvent } from '../domain';
import { readCheckpoint, writeCheckpoint, type LoadCheckpoint } from './checkpoint';
import { START, advance, pagePath, parsePage, type EntitySetQuery } from './odata-paging';
import { createRateLimiter } from './rate-limiter';
import type { LoadTarget } from './targets';

/** One Kafka record of a load. */
export interface LoadMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

export interface LoadProgress {
  produced: number;
  pages: number;
  total?: number;
  /** Entities skipped because they could not be turned into a change (no key, no change time). */
  skipped: number;
  elapsedMs: number;
  /** Entities per second in this run. */
  rate: number;
  /** Estimated time left, when the total is known. */
  etaMs?: number;
  done: boolean;
}

export interface InitialLoadOptions {
  target: LoadTarget;
  /** Reads from the target's service root. */
  odata: SapODataClient;
  serviceUrl: string;
  /** The alias of the SAP system read (SYNCHUB_SAP_SYSTEMS): the events' source ends with it. */
  system: string;
  /** Sends one page's records and resolves once Kafka acknowledged them all; none: a dry run. */
  produce?: (messages: LoadMessage[]) => Promise<void>;
  /** Where the checkpoint is kept; none: no checkpoint (a dry run). */
  checkpointFile?: string;
  pageSize: number;
  /** Requests per second toward SAP. */
  rate: number;
  /** Start over even when a checkpoint exists. */
  restart?: boolean;
  /** Retries of a page after a transient SAP fault (with backoff). */
  retries?: number;
  onProgress?: (progress: LoadProgress) => void;
  /** An entity that cannot be loaded; the load goes on without it. */
  onSkipped?: (message: string) => void;
  /** Asked before every page: true ends the load after the page in hand (checkpoint saved). */
  stopRequested?: () => boolean;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface LoadResult {
  status: 'done' | 'alreadyDone' | 'interrupted';
  /** Resumed from a checkpoint (its position). */
  resumedFrom?: LoadCheckpoint['position'];
  checkpoint: LoadCheckpoint;
  skipped: number;
}

function fresh(options: InitialLoadOptions, now: Date): LoadCheckpoint {
  return {
    format: 1,
    entityType: options.target.entityType,
    serviceUrl: options.serviceUrl,
    entitySet: options.target.entitySet,
    pageSize: options.pageSize,
    position: START,
    produced: 0,
    pages: 0,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    done: false,
  };
}

/** The checkpoint to go on from: the saved one when it is this load's, else a fresh one. */
function startingPoint(options: InitialLoadOptions, now: Date): LoadCheckpoint {
  const file = options.checkpointFile;
  const saved = file === undefined || options.restart ? undefined : readCheckpoint(file);
  if (saved === undefined) return fresh(options, now);
  if (saved.entityType !== options.target.entityType || saved.entitySet !== options.target.entitySet) {
    throw new Error(
      `${file} holds a load of ${saved.entityType} (${saved.entitySet}), not ${options.target.entityType}; ` +
        'use another --state-file, or --restart to start over',
    );
  }
  return saved;
}

/**
 * Reads every entity of the target's entity set, page by page, and produces each as an initial-load event
 * (see domain/load). After every page Kafka acknowledged, the checkpoint is saved; a load started again goes
 * on from there (the page in hand at a crash is produced again: its records repeat the same versions and
 * are duplicates downstream). Requests to SAP go one at a time, each at least 1/rate seconds after the
 * previous one ended.
 */
export async function runInitialLoad(options: InitialLoadOptions): Promise<LoadResult> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const checkpoint = startingPoint(options, now());
  if (checkpoint.done) return { status: 'alreadyDone', checkpoint, skipped: 0 };
  const resumed = checkpoint.pages > 0 ? { resumedFrom: { ...checkpoint.position } } : {};
  const query: EntitySetQuery = {
    entitySet: options.target.entitySet,
    expand: options.target.expand,
    orderBy: options.target.keyProperty,
    // The saved positions count in the page size they were made with.
    pageSize: checkpoint.pageSize,
  };
  const limit = createRateLimiter(options.rate);
  const started = Date.now();
  const producedBefore = checkpoint.produced;
  let skipped = 0;
  const save = (): void => {
    checkpoint.updatedAt = now().toISOString();
    if (options.checkpointFile !== undefined) writeCheckpoint(options.checkpointFile, checkpoint);
  };
  const report = (): void => {
    const elapsedMs = Date.now() - started;
    const rate = elapsedMs > 0 ? ((checkpoint.produced - producedBefore) * 1000) / elapsedMs : 0;
    const left = checkpoint.total === undefined ? undefined : checkpoint.total - checkpoint.produced;
    options.onProgress?.({
      produced: checkpoint.produced,
      pages: checkpoint.pages,
      ...(checkpoint.total === undefined ? {} : { total: checkpoint.total }),
      skipped,
      elapsedMs,
      rate,
      ...(left !== undefined && rate > 0 ? { etaMs: Math.max(0, (left / rate) * 1000) } : {}),
      done: checkpoint.done,
    });
  };

  const read = async (path: string): Promise<string> => {
    const retries = options.retries ?? 5;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await limit(() => options.odata.get(path));
      } catch (error) {
        if (!(error instanceof SourceUnavailableError) || attempt >= retries) throw error;
        await sleep(Math.min(30_000, 1_000 * 2 ** attempt));
      }
    }
  };

  for (;;) {
    if (options.stopRequested?.()) {
      report();
      return { status: 'interrupted', ...resumed, checkpoint, skipped };
    }
    const withCount = checkpoint.total === undefined && checkpoint.position.next === undefined;
    const page = parsePage(await read(pagePath(query, checkpoint.position, withCount)));
    if (page.count !== undefined) checkpoint.total = page.count;
    const time = now().toISOString();
    const messages: LoadMessage[] = [];
    for (const entity of page.results) {
      try {
        const event = loadEvent(options.target.eventType, entity, {
          source: `/synchub/load/${options.target.service}/${options.system}`,
          time,
        });
        messages.push({
          key: event.entityKey,
          value: event.json,
          headers: { 'content-type': 'application/cloudevents+json' },
        });
      } catch (error) {
        skipped += 1;
        options.onSkipped?.(error instanceof Error ? error.message : String(error));
      }
    }
    if (options.produce !== undefined && messages.length > 0) await options.produce(messages);
    checkpoint.produced += messages.length;
    checkpoint.pages += 1;
    const next = advance(checkpoint.position, page, query.pageSize, options.serviceUrl);
    if (next === 'done') checkpoint.done = true;
    else checkpoint.position = next;
    save();
    report();
    if (checkpoint.done) return { status: 'done', ...resumed, checkpoint, skipped };
  }
}
