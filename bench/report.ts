import type { RequestCounts } from './aws-requests';
import type { TemporalCost } from './temporal-cost';

export const PIPELINES = ['temporal-ceiling', 'sink-ceiling', 'direct', 'synchub'] as const;
export type PipelineId = (typeof PIPELINES)[number];

export const PIPELINE_TITLES: Record<PipelineId, string> = {
  'temporal-ceiling': 'Temporal ceiling',
  'sink-ceiling': 'sink ceiling',
  direct: 'direct pipeline',
  synchub: 'SyncHub',
};

export interface Percentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface CellResult {
  pipeline: PipelineId;
  scenario: string;
  /** Short name for the table. */
  title: string;
  description: string;
  /** Changes measured (warm-up excluded). */
  changes: number;
  warmupChanges: number;
  entities: number;
  /** Every entity's latest version reached the end of the pipeline before the timeout. */
  complete: boolean;
  /** Entities whose latest version did not arrive. */
  missing: number;
  seconds: number | null;
  changesPerSecond: number | null;
  latencyMs: {
    /** Produce to stored (DynamoDB `storedAt` of each entity's latest version). */
    stored?: Percentiles;
    /** Produce to delivered (SQS SentTimestamp on the watched domain queue), every delivered change. */
    delivered?: Percentiles;
    /** Temporal ceiling: signalWithStart call to the local activity running. */
    signalToActivity?: Percentiles;
  };
  perChange: {
    historyEvents: number | null;
    temporalActions: number | null;
    awsRequests: number | null;
  };
  temporal?: TemporalCost & { counting: 'whole' | 'window' };
  aws?: { requests: number; byOperation: RequestCounts };
  delivery?: { messages: number; distinctChanges: number };
  verification?: { checked: number; matching: number; examples: string[] };
  notes: string[];
}

/** A result with no measurement: the scenario failed or never got a figure. */
export function resultWithoutFigures(
  cell: Pick<CellResult, 'pipeline' | 'scenario' | 'title' | 'description' | 'warmupChanges' | 'notes'>,
): CellResult {
  return {
    ...cell,
    changes: 0,
    entities: 0,
    complete: false,
    missing: 0,
    seconds: null,
    changesPerSecond: null,
    latencyMs: {},
    perChange: { historyEvents: null, temporalActions: null, awsRequests: null },
  };
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? null };
}

export function perChange(total: number, changes: number): number | null {
  return changes > 0 ? Number((total / changes).toFixed(2)) : null;
}

function fixed(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? '-' : value.toFixed(digits);
}

function latency(p: Percentiles | undefined): string {
  if (!p || p.count === 0) return '-';
  return [p.p50, p.p95, p.p99].map((v) => (v === null ? '-' : String(Math.round(v)))).join(' / ');
}

function status(result: CellResult): string {
  const failure = result.notes.find((note) => note.startsWith('failed'));
  if (failure) return 'failed';
  const problems: string[] = [];
  if (result.missing > 0) problems.push(`${result.missing} not delivered`);
  const v = result.verification;
  if (v && v.matching < v.checked) problems.push(`${v.checked - v.matching} not stored`);
  return problems.length === 0 ? 'ok' : problems.join(', ');
}

/** The side-by-side table: a Markdown table, aligned for reading on a terminal. */
export function formatTable(results: CellResult[]): string {
  const header = [
    'pipeline',
    'scenario',
    'changes',
    'seconds',
    'changes/s',
    'events/change',
    'actions/change',
    'AWS req/change',
    'stored p50 / p95 / p99 ms',
    'delivered p50 / p95 / p99 ms',
    'check',
  ];
  const rows = results.map((r) => [
    PIPELINE_TITLES[r.pipeline],
    r.title,
    String(r.changes),
    fixed(r.seconds, 1),
    fixed(r.changesPerSecond, 1),
    fixed(r.perChange.historyEvents, 1),
    fixed(r.perChange.temporalActions, 1),
    fixed(r.perChange.awsRequests, 2),
    latency(r.latencyMs.stored),
    latency(r.latencyMs.delivered),
    status(r),
  ]);
  const numeric = new Set([2, 3, 4, 5, 6, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
