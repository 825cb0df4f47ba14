import type { MetricsDto } from '../../../src-shared/ipc/backtest-schemas.js';

export const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
export const pct = (x: number | null, digits = 2): string => (x === null ? '–' : `${(x * 100).toFixed(digits)} %`);
export const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));

/** The report's figures in display order: label, and how to show the metric. */
export const METRIC_ROWS: Array<{ key: keyof MetricsDto; label: string; show: (m: MetricsDto) => string }> = [
  { key: 'totalReturn', label: 'Total return', show: (m) => pct(m.totalReturn) },
  { key: 'cagr', label: 'CAGR', show: (m) => pct(m.cagr) },
  { key: 'volatility', label: 'Volatility', show: (m) => pct(m.volatility) },
  { key: 'sharpe', label: 'Sharpe', show: (m) => num(m.sharpe) },
  { key: 'sortino', label: 'Sortino', show: (m) => num(m.sortino) },
  { key: 'calmar', label: 'Calmar', show: (m) => num(m.calmar) },
  { key: 'maxDrawdown', label: 'Max drawdown', show: (m) => pct(m.maxDrawdown) },
  { key: 'maxDrawdownBars', label: 'Max drawdown (bars)', show: (m) => String(m.maxDrawdownBars) },
  { key: 'closedTrades', label: 'Closed trades', show: (m) => String(m.closedTrades) },
  { key: 'winRate', label: 'Win rate', show: (m) => pct(m.winRate, 1) },
  { key: 'profitFactor', label: 'Profit factor', show: (m) => num(m.profitFactor) },
  { key: 'expectancy', label: 'Expectancy', show: (m) => num(m.expectancy) },
  { key: 'exposure', label: 'Exposure', show: (m) => pct(m.exposure, 1) },
  { key: 'turnover', label: 'Turnover', show: (m) => num(m.turnover) },
  { key: 'commissions', label: 'Commissions', show: (m) => m.commissions.toFixed(2) },
];

/** "5:20:5" (from:to:step) or "5,10,15" into numbers; undefined when it is neither. */
export function parseAxis(text: string): number[] | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const range = /^(-?[\d.]+)\s*:\s*(-?[\d.]+)\s*:\s*([\d.]+)$/.exec(t);
  if (range) {
    const [a, b, step] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (!(step > 0) || b < a) return undefined;
    const out: number[] = [];
    for (let i = 0; a + i * step <= b + 1e-9 && out.length <= 1000; i++) out.push(Math.round((a + i * step) * 1e9) / 1e9);
    return out;
  }
  const list = t.split(',').map((s) => Number(s.trim()));
  return list.every((x) => Number.isFinite(x)) ? list : undefined;
}
