import type { Bar } from '../../../src-shared/domain/bar.js';
import { columnsFromBars, type BarColumns } from '../../../src-shared/domain/bar-columns.js';

/** One indicator as the chart draws it: its output series aligned with the bars (null until warm). */
export interface ChartIndicator {
  key: string;
  label: string;
  pane: 'overlay' | 'sub';
  levels?: number[];
  outputs: { name: string; values: ArrayLike<number | null> }[];
}

/** A fill of the account's, drawn as a marker at its time and price (fed by the orders work). */
export interface FillMarker {
  t: number;
  price: number;
  side: 'buy' | 'sell';
  qty: string;
}

export type { BarColumns } from './bar-buckets.js';

/** Bars as typed columns: the chart keeps the full series here and hands ECharts only what the view shows. */
export function toColumns(bars: readonly Bar[]): BarColumns {
  return columnsFromBars(bars);
}

/** Index of the bar that contains time t (the last bar starting at or before t), or -1. */
export function barIndexAt(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** UTC label for an axis tick or the readout: date only for daily and longer bars. */
export function formatBarTime(t: number, intraday: boolean): string {
  const d = new Date(t);
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return intraday ? `${day} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : day;
}
