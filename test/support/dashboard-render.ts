/**
 * Renders the Grafana dashboard (monitoring/grafana-dashboard.json) from a real Prometheus: each panel's
 * queries over a time window through `query_range`, laid out on Grafana's 24-column grid and drawn with uPlot
 * in headless Chromium, then captured as a PNG. What the README shows is what Prometheus really held.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchChromium } from './browser';

interface DashboardPanel {
  title: string;
  type: string;
  gridPos: { h: number; w: number; x: number; y: number };
  targets?: { expr: string; legendFormat?: string }[];
  fieldConfig?: { defaults?: { unit?: string } };
}

export interface PanelSeries {
  label: string;
  /** One value per step of the window; null where Prometheus had no sample. */
  values: (number | null)[];
}

export interface RenderedPanel {
  title: string;
  unit: string;
  gridPos: DashboardPanel['gridPos'];
  series: PanelSeries[];
  error?: string;
}

export interface DashboardWindow {
  /** Unix seconds. */
  start: number;
  end: number;
  stepSeconds: number;
}

interface RangeAnswer {
  status: string;
  error?: string;
  data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
}

/** `{{label}}` placeholders of a legend format, or every label of the series. */
function legend(format: string | undefined, metric: Record<string, string>): string {
  if (format) return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => metric[name] ?? '');
  const labels = Object.entries(metric).filter(([name]) => name !== '__name__');
  return labels.length === 0 ? 'value' : labels.map(([name, value]) => `${name}=${value}`).join(', ');
}

/** Grafana's `$__rate_interval` for this window's scrape interval: four steps, at least 4 s. */
function expand(expr: string, window: DashboardWindow): string {
  return expr.replace(/\$__rate_interval/g, `${Math.max(4, window.stepSeconds * 4)}s`);
}

/** Runs every panel's queries against Prometheus (`base` is its URL) over the window. */
export async function queryDashboard(
  dashboardFile: string,
  prometheus: string,
  window: DashboardWindow,
): Promise<RenderedPanel[]> {
  const dashboard = JSON.parse(fs.readFileSync(dashboardFile, 'utf8')) as { panels: DashboardPanel[] };
  const steps = Math.floor((window.end - window.start) / window.stepSeconds) + 1;
  const panels: RenderedPanel[] = [];
  for (const panel of dashboard.panels.filter((p) => p.type === 'timeseries')) {
    const rendered: RenderedPanel = {
      title: panel.title,
      unit: panel.fieldConfig?.defaults?.unit ?? 'short',
      gridPos: panel.gridPos,
      series: [],
    };
    for (const target of panel.targets ?? []) {
      const url = new URL('/api/v1/query_range', prometheus);
      url.searchParams.set('query', expand(target.expr, window));
      url.searchParams.set('start', String(window.start));
      url.searchParams.set('end', String(window.end));
      url.searchParams.set('step', `${window.stepSeconds}s`);
      const answer = (await (await fetch(url)).json()) as RangeAnswer;
      if (answer.status !== 'success') {
        rendered.error = answer.error ?? answer.status;
        continue;
      }
      for (const result of answer.data?.result ?? []) {
        const values: (number | null)[] = Array.from({ length: steps }, () => null);
        for (const [at, value] of result.values) {
          const index = Math.round((at - window.start) / window.stepSeconds);
          const number = Number(value);
          if (index >= 0 && index < steps && Number.isFinite(number)) values[index] = number;
        }
        rendered.series.push({ label: legend(target.legendFormat, result.metric), values });
      }
    }
    panels.push(rendered);
  }
  return panels;
}

const PALETTE = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];

function page(title: string, panels: RenderedPanel[], window: DashboardWindow): string {
  const uplotDir = path.dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
  const script = fs.readFileSync(path.join(uplotDir, 'uPlot.iife.min.js'), 'utf8');
  const css = fs.readFileSync(path.join(uplotDir, 'uPlot.min.css'), 'utf8');
  const times = Array.from(
    {
      length:
        panels[0]?.series[0]?.values.length ??
        Math.floor((window.end - window.start) / window.stepSeconds) + 1,
    },
    (_, i) => window.start + i * window.stepSeconds,
  );
  const data = JSON.stringify({ panels, times, palette: PALETTE });
  const rowHeight = 30;
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
    body { margin: 0; background: #111217; color: #ccccdc; font: 12px Inter, Helvetica, Arial, sans-serif; }
    header { padding: 10px 16px; font-size: 16px; color: #d8d9da; border-bottom: 1px solid #22252b; }
    header small { color: #8e8e8e; margin-left: 12px; font-size: 12px; }
    #grid { position: relative; margin: 8px; }
    .panel { position: absolute; box-sizing: border-box; background: #181b1f; border: 1px solid #22252b; border-radius: 2px; padding: 6px 8px; overflow: hidden; }
    .panel h2 { margin: 0 0 4px; font-size: 12px; font-weight: 500; color: #d8d9da; }
    .empty { color: #6e6e6e; padding-top: 60px; text-align: center; }
    .u-legend { font-size: 11px; color: #ccccdc; } .u-legend th { font-weight: 400; }
  </style></head><body><header>${title}<small>${new Date(window.start * 1000).toISOString().slice(0, 19)}Z to ${new Date(window.end * 1000).toISOString().slice(11, 19)}Z, from Prometheus</small></header>
  <div id="grid"></div><script>${script}</script><script>
    const { panels, times, palette } = ${data};
    const grid = document.getElementById('grid');
    const width = 1400, unitW = width / 24, rowH = ${rowHeight};
    grid.style.width = width + 'px';
    grid.style.height = Math.max(...panels.map(p => (p.gridPos.y + p.gridPos.h) * rowH)) + 'px';
    const format = (unit, v) => v == null ? '' : unit === 's' ? (v < 1 ? (v * 1000).toFixed(0) + ' ms' : v.toFixed(2) + ' s')
      : unit === 'ops' ? v.toFixed(1) + '/s' : Math.abs(v) >= 1000 ? (v / 1000).toFixed(1) + 'k' : String(Math.round(v * 100) / 100);
    for (const p of panels) {
      const el = document.createElement('div');
      el.className = 'panel';
      Object.assign(el.style, { left: p.gridPos.x * unitW + 'px', top: p.gridPos.y * rowH + 'px',
        width: p.gridPos.w * unitW - 6 + 'px', height: p.gridPos.h * rowH - 6 + 'px' });
      el.innerHTML = '<h2></h2>';
      el.querySelector('h2').textContent = p.title;
      grid.appendChild(el);
      if (p.series.length === 0) {
        const empty = document.createElement('div');
        empty.className = 'empty';
        empty.textContent = p.error ? 'query failed: ' + p.error : 'No data (nothing counted in this window)';
        el.appendChild(empty);
        continue;
      }
      new uPlot({
        width: p.gridPos.w * unitW - 24, height: p.gridPos.h * rowH - 80,
        legend: { live: false },
        cursor: { show: false },
        axes: [
          { stroke: '#8e8e8e', grid: { stroke: '#2a2d33' }, ticks: { stroke: '#2a2d33' } },
          { stroke: '#8e8e8e', grid: { stroke: '#2a2d33' }, ticks: { stroke: '#2a2d33' }, size: 60,
            values: (u, vals) => vals.map(v => format(p.unit, v)) },
        ],
        series: [{}, ...p.series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 1.5,
          fill: palette[i % palette.length] + '22', spanGaps: false, points: { show: false } }))],
      }, [times, ...p.series.map(s => s.values)], el);
    }
    document.body.dataset.rendered = 'yes';
  </script></body></html>`;
}

/** Draws the panels in Chromium and writes the PNG; returns its size in bytes. */
export async function renderDashboardPng(
  title: string,
  panels: RenderedPanel[],
  window: DashboardWindow,
  file: string,
): Promise<number> {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 1416, height: 900 } });
    await tab.setContent(page(title, panels, window));
    await tab.waitForSelector('body[data-rendered="yes"]', { timeout: 10_000 });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await tab.screenshot({ path: file, fullPage: true });
    return fs.statSync(file).size;
  } finally {
    await browser.close();
  }
}
