import type { MonteCarloResult, Distribution } from './monte-carlo.js';
import type { ComboResult, Objective } from './optimize/evaluate.js';
import type { StabilityHeatmap } from './optimize/heatmap.js';
import { chart, esc, num, pct, REPORT_STYLE } from './report-html.js';
import type { WalkForwardResult } from './walk-forward.js';

/**
 * Self-contained HTML reports of optimize, walk-forward and Monte Carlo runs (the backtest's own is report-html.ts):
 * inline SVG and CSS, no script, no external URL.
 */

const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
/** The best rows of an optimisation: enough to compare, not a 10,000-row page. */
const TOP = 50;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
${REPORT_STYLE}
</style></head><body>
<h1>${esc(title)}</h1>
${body}
</body></html>
`;
}

const params = (p: Record<string, unknown>): string => esc(Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(', '));

export function renderOptimizeReport(input: { strategy: string; symbols: string[]; objective: Objective; combinations: number; results: readonly ComboResult[]; heatmap?: StabilityHeatmap }): string {
  const score = (r: ComboResult): number => {
    const v = r.metrics[input.objective];
    return typeof v === 'number' && Number.isFinite(v) ? v : -Infinity;
  };
  const top = [...input.results].sort((a, b) => score(b) - score(a)).slice(0, TOP);
  const rows = top
    .map((r, i) => `<tr><td>${i + 1}</td><td class="metrics">${params(r.params)}</td><td>${num(r.metrics.sharpe)}</td><td>${pct(r.metrics.totalReturn)}</td><td>${pct(r.metrics.maxDrawdown)}</td><td>${r.metrics.closedTrades}</td><td>${r.finalValue.toFixed(2)}</td></tr>`)
    .join('\n');
  const heat = input.heatmap
    ? `<h2>Stability: best ${esc(input.heatmap.metric)} by ${esc(input.heatmap.y.name)} (rows) and ${esc(input.heatmap.x.name)} (columns)</h2><table class="heat"><tr><th></th>${input.heatmap.x.values.map((x) => `<th>${esc(String(x))}</th>`).join('')}</tr>\n${input.heatmap.cells
        .map((row, yi) => `<tr><th>${esc(String(input.heatmap!.y.values[yi]))}</th>${row.map((c) => `<td>${num(c)}</td>`).join('')}</tr>`)
        .join('\n')}</table>`
    : '';
  return page(
    `Optimisation: ${input.strategy} on ${input.symbols.join(', ')}`,
    `<p>${input.results.length} of ${input.combinations} combinations evaluated; ranked by ${esc(input.objective)}; the best ${top.length} shown.</p>
<table><tr><th>#</th><th>Parameters</th><th>Sharpe</th><th>Return</th><th>Max drawdown</th><th>Trades</th><th>Final value</th></tr>
${rows}</table>
${heat}`,
  );
}

export function renderWalkForwardReport(input: { strategy: string; symbols: string[]; result: WalkForwardResult }): string {
  const { result } = input;
  const values = Float64Array.from(result.equity, (p) => p.value);
  const windows = result.windows
    .map((w, i) => `<tr><td>${i + 1}</td><td>${day(w.inSample.from)} to ${day(w.inSample.to)}</td><td>${day(w.outOfSample.from)} to ${day(w.outOfSample.to)}</td><td class="metrics">${params(w.best)}</td><td>${num(w.inSampleScore)}</td><td>${pct(w.oosReturn)}</td><td>${w.oosTrades}</td></tr>`)
    .join('\n');
  return page(
    `Walk-forward (${result.mode}): ${input.strategy} on ${input.symbols.join(', ')}`,
    `<p>${result.windows.length} windows, optimised for ${esc(result.objective)}; out-of-sample return ${pct(result.metrics.totalReturn)}, max drawdown ${pct(result.metrics.maxDrawdown)}, Sharpe ${num(result.metrics.sharpe)}.</p>
${values.length > 0 ? chart('Stitched out-of-sample equity', values, '#2563eb', (v) => v.toFixed(0)) : ''}
<h2>Windows</h2>
<table><tr><th>#</th><th>In sample</th><th>Out of sample</th><th>Chosen parameters</th><th>In-sample score</th><th>OOS return</th><th>OOS trades</th></tr>
${windows}</table>`,
  );
}

export function renderMonteCarloReport(input: { strategy: string; symbols: string[]; trades: number; result: MonteCarloResult }): string {
  const { result } = input;
  const row = (name: string, d: Distribution): string => `<tr><td>${name}</td>${[d.p5, d.p25, d.p50, d.p75, d.p95, d.mean].map((x) => `<td>${pct(x)}</td>`).join('')}</tr>`;
  return page(
    `Monte Carlo: ${input.strategy} on ${input.symbols.join(', ')}`,
    `<p>${result.runs} ${result.method} runs over ${input.trades} closed trades. Probability of losing ${pct(result.loss, 0)} or more: ${result.probabilityOfLoss.toFixed(4)}.</p>
<table class="metrics"><tr><th></th><th>5th</th><th>25th</th><th>median</th><th>75th</th><th>95th</th><th>mean</th></tr>
${row('Final return', result.finalReturn)}
${row('Max drawdown', result.maxDrawdown)}</table>`,
  );
}
