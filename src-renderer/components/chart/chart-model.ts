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

/** A headline about the symbol, drawn on the bar that contains its time: above it when good news, below when bad. */
export interface NewsMarker {
  t: number;
  /** Sentiment, -1..1. */
  score: number;
  headline: string;
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

const nyParts = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A bar's time for an axis tick or the readout, on the exchange's clock (New York; the readout says ET): date only
 * for daily and longer bars, whose stamps are New York midnights.
 */
export function formatBarTime(t: number, intraday: boolean): string {
  const parts = Object.fromEntries(nyParts.formatToParts(t).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  return intraday ? `${day} ${parts.hour}:${parts.minute}` : day;
}
