import { decisionsSection } from './report-decisions.js';
import type { BacktestResult, EquityCurve } from './backtest.js';

/**
 * The HTML report: one self-contained file (inline SVG and CSS, no script, no external URL) with the equity
 * curve, the drawdown, a monthly-returns heatmap, the metrics and the trade table. It opens offline.
 */

export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const pct = (x: number | null, digits = 2): string => (x === null ? '–' : `${(x * 100).toFixed(digits)} %`);
export const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));

function linePath(values: ArrayLike<number>, width: number, height: number, lo: number, hi: number): string {
  const span = hi - lo || 1;
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  let d = '';
  // Thin long series to at most ~2 points per pixel: the file stays small, the shape the same.
  const stride = Math.max(1, Math.floor(values.length / (width * 2)));
  for (let i = 0; i < values.length; i += stride) {
    const x = (i * step).toFixed(1);
    const y = (height - ((values[i]! - lo) / span) * height).toFixed(1);
    d += `${d ? 'L' : 'M'}${x},${y}`;
  }
  return d;
}

export function chart(title: string, values: ArrayLike<number> & Iterable<number>, color: string, format: (v: number) => string, fill = false): string {
  const w = 900;
  const h = 220;
  // A loop, not Math.min(...values): a million-bar curve is more arguments than a call can take.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (values.length === 0) lo = hi = 0;
  const path = linePath(values, w, h, lo, hi);
  const area = fill ? `<path d="${path}L${w},0L0,0Z" fill="${color}" opacity="0.25"/>` : '';
  return `<h2>${esc(title)}</h2><svg class="chart" viewBox="-70 -10 ${w + 80} ${h + 20}" role="img" aria-label="${esc(title)}">
<rect x="0" y="0" width="${w}" height="${h}" fill="#fafafa" stroke="#ddd"/>${area}
<path d="${path}" fill="none" stroke="${color}" stroke-width="1.5"/>
<text x="-6" y="10" text-anchor="end">${esc(format(hi))}</text><text x="-6" y="${h}" text-anchor="end">${esc(format(lo))}</text></svg>`;
}

export function monthlyReturns(equity: EquityCurve, start: number): Map<string, number> {
  const months = new Map<string, number>();
  let prevEnd = start;
  let current = '';
  let last = start;
  // The month's bounds are kept so its key (a Date and a string) is made once a month, not once a bar.
  let monthStart = Infinity;
  let monthEnd = -Infinity;
  for (let i = 0; i < equity.t.length; i++) {
    const t = equity.t[i]!;
    if (t < monthStart || t >= monthEnd) {
      const d = new Date(t);
      monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      const key = day(t).slice(0, 7);
      if (current) {
        months.set(current, last / prevEnd - 1);
        prevEnd = last;
      }
      current = key;
    }
    last = equity.value[i]!;
  }
  if (current) months.set(current, last / prevEnd - 1);
  return months;
}

function heatmap(result: BacktestResult): string {
  const months = monthlyReturns(result.equity, result.metrics.startValue);
  const years = [...new Set([...months.keys()].map((k) => k.slice(0, 4)))];
  const color = (r: number): string => {
    const a = Math.min(1, Math.abs(r) / 0.1);
    return r >= 0 ? `rgba(22,163,74,${a.toFixed(2)})` : `rgba(220,38,38,${a.toFixed(2)})`;
  };
  const head = ['Year', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m) => `<th>${m}</th>`).join('');
  const rows = years
    .map((y) => {
      const cells = Array.from({ length: 12 }, (_, m) => {
        const r = months.get(`${y}-${String(m + 1).padStart(2, '0')}`);
        return r === undefined ? '<td></td>' : `<td style="background:${color(r)}">${(r * 100).toFixed(1)}</td>`;
      }).join('');
      return `<tr><th>${y}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<h2>Monthly returns (%)</h2><table class="heat"><tr>${head}</tr>\n${rows}</table>`;
}

/** The reports' one stylesheet (inline: the file opens offline, and its CSP allows nothing else). */
export const REPORT_STYLE = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.chart{width:100%;max-width:980px;height:auto}.chart text{font-size:12px;fill:#555}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
.heat td{min-width:42px}.up{color:#15803d}.down{color:#b91c1c}.metrics td:first-child{text-align:left}`;

export function renderReport(result: BacktestResult): string {
  const m = result.metrics;
  const values = result.equity.value;
  let peak = m.startValue;
  const drawdown = values.map((v) => {
    peak = Math.max(peak, v);
    return v / peak - 1;
  });
  const metricRows: Array<[string, string]> = [
    ['Final value', result.finalValue.toFixed(2)],
    ['Total return', pct(m.totalReturn)],
    ['CAGR', pct(m.cagr)],
    ['Volatility', pct(m.volatility)],
    ['Sharpe', num(m.sharpe)],
    ['Sortino', num(m.sortino)],
    ['Calmar', num(m.calmar)],
    ['Max drawdown', pct(m.maxDrawdown)],
    ['Max drawdown duration', `${m.maxDrawdownBars} bars`],
    ['Closed trades', String(m.closedTrades)],
    ['Win rate', pct(m.winRate, 1)],
    ['Profit factor', num(m.profitFactor)],
    ['Expectancy', num(m.expectancy)],
    ['Exposure', pct(m.exposure, 1)],
    ['Turnover', num(m.turnover)],
    ['Commissions', m.commissions.toFixed(2)],
  ];
  const trades = result.trades
    .map(
      (t, i) =>
        `<tr><td>${i + 1}</td><td>${esc(t.symbol)}</td><td>${t.direction}</td><td>${day(t.entryTime)}</td><td>${t.entryPrice.toFixed(4)}</td><td>${day(t.exitTime)}</td><td>${t.exitPrice.toFixed(4)}</td><td>${t.qty}</td><td class="${t.pnl >= 0 ? 'up' : 'down'}">${t.pnl.toFixed(2)}</td><td>${(t.returnPct * 100).toFixed(2)}</td><td>${t.bars}</td></tr>`,
    )
    .join('\n');
  const params = Object.entries(result.params).map(([k, v]) => `${esc(k)}=${esc(String(v))}`).join(', ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backtest: ${esc(result.strategy)} on ${esc(result.symbols.join(', '))}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
${REPORT_STYLE}
</style></head><body>
<h1>${esc(result.strategy)} · ${esc(result.symbols.join(', '))} · ${day(result.from)} to ${day(result.to)}</h1>
<p>Parameters: ${params} · ${result.bars} bars · market orders fill at ${result.fillModel.marketFill === 'close' ? 'the close of the signal bar' : "the next bar's open"} · slippage ${esc(result.fillModel.slippage.kind)} · commission ${esc(result.fillModel.commission.kind)}${result.fillModel.regulatoryFees ? ' + SEC/FINRA fees' : ''}${result.fillModel.queue ? ` · quote-level fills (queue model, latency ${result.fillModel.queue.latencyMs} ms) for symbols with quotes` : ''}</p>
<table class="metrics">${metricRows.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table>
${chart('Equity', values, '#2563eb', (v) => v.toFixed(0))}
${chart('Drawdown', drawdown, '#dc2626', (v) => `${(v * 100).toFixed(1)} %`, true)}
${heatmap(result)}
<h2>Trades (${result.trades.length})</h2>
<table><tr><th>#</th><th>Symbol</th><th>Side</th><th>Entry</th><th>Entry price</th><th>Exit</th><th>Exit price</th><th>Qty</th><th>P&amp;L</th><th>Return %</th><th>Bars</th></tr>
${trades}</table>
${decisionsSection(result)}
</body></html>
`;
}
