import type { EpochMs } from '../../../src-shared/time.js';
import { addDays, nyTime, weekday } from './ny-time.js';
import type { Bar, Timeframe } from './types.js';

/** Bars from finer bars: open of the first, close of the last, extremes, summed volume and trade count, VWAP. */
export function combine(symbol: string, t: EpochMs, parts: readonly Omit<Bar, 'symbol' | 't'>[]): Bar | undefined {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!first || !last) return undefined;
  let h = -Infinity;
  let l = Infinity;
  let v = 0;
  let n = 0;
  let notional = 0;
  for (const p of parts) {
    h = Math.max(h, p.h);
    l = Math.min(l, p.l);
    v += p.v;
    n += p.n;
    notional += p.vw * p.v;
  }
  return { symbol, t, o: first.o, h, l, c: last.c, v, n, vw: v > 0 ? Math.round((notional / v) * 1e6) / 1e6 : first.c };
}

/** Groups bars by a bucket key, keeping order; each group's time is its key. */
export function groupBars(symbol: string, bars: readonly Bar[], bucket: (bar: Bar) => EpochMs): Bar[] {
  const out: Bar[] = [];
  let key: EpochMs | undefined;
  let group: Bar[] = [];
  const flush = (): void => {
    if (key === undefined) return;
    const bar = combine(symbol, key, group);
    if (bar) out.push(bar);
  };
  for (const bar of bars) {
    const k = bucket(bar);
    if (k !== key) {
      flush();
      key = k;
      group = [];
    }
    group.push(bar);
  }
  flush();
  return out;
}

/** Intraday buckets align to UTC multiples of the bar length, as Alpaca's 15Min and 1Hour bars do. */
export function intradayBucketMs(timeframe: Timeframe): number {
  return timeframe.unit === 'Min' ? timeframe.amount * 60_000 : timeframe.amount * 3_600_000;
}

/** Start (New York midnight) of the week (Monday) or month group of a trading date. */
export function periodStart(date: string, timeframe: Timeframe): EpochMs {
  if (timeframe.unit === 'Week') return nyTime(addDays(date, -((weekday(date) + 6) % 7)), 0);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const first = Math.floor((month - 1) / timeframe.amount) * timeframe.amount + 1;
  return nyTime(`${year}-${String(first).padStart(2, '0')}-01`, 0);
}
