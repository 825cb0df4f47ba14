import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { nyDate, nyTime } from '../exchange/market/ny-time.js';
import { RefCounts } from './ref-counts.js';

const MINUTE = 60_000;
const INTRADAY_MS: Partial<Record<Timeframe, number>> = {
  '1Min': MINUTE,
  '5Min': 5 * MINUTE,
  '15Min': 15 * MINUTE,
  '30Min': 30 * MINUTE,
  '1Hour': 60 * MINUTE,
  '4Hour': 240 * MINUTE,
};

/**
 * The bar still forming in each watched (symbol, timeframe), built from trades so a chart's last candle moves
 * with the market. Intraday buckets start at multiples of their length (as Alpaca and the local exchange label
 * them); a daily bar is the New York session date's. A series is seeded with the provider's latest bar so the
 * open, high, low and volume include what happened before the subscription.
 */
export class FormingBars {
  private readonly refs = new RefCounts();
  private readonly bars = new Map<string, Bar>();

  /** Adds interest; returns the (symbol, timeframe) pairs nobody watched before (to seed). */
  watch(symbol: string, timeframes: readonly Timeframe[]): Timeframe[] {
    return this.refs.acquire(timeframes.map((tf) => key(symbol, tf))).map((k) => k.split('|')[1] as Timeframe);
  }

  release(symbol: string, timeframes: readonly Timeframe[]): void {
    for (const k of this.refs.release(timeframes.map((tf) => key(symbol, tf)))) this.bars.delete(k);
  }

  /** The timeframes someone watches for a symbol. */
  watched(symbol: string): Timeframe[] {
    return this.refs.symbols().filter((k) => k.startsWith(`${symbol}|`)).map((k) => k.split('|')[1] as Timeframe);
  }

  /** The latest bar of the series from history, used as the start of the forming bar when it is current. */
  seed(symbol: string, timeframe: Timeframe, bar: Bar): void {
    const k = key(symbol, timeframe);
    if (this.refs.count(k) === 0) return;
    const current = this.bars.get(k);
    if (!current || bar.t >= current.t) this.bars.set(k, { ...bar });
  }

  /** Folds a trade into every watched timeframe of its symbol; returns the bars that changed. */
  trade(symbol: string, t: number, price: number, size: number): Array<{ timeframe: Timeframe; bar: Bar }> {
    const out: Array<{ timeframe: Timeframe; bar: Bar }> = [];
    for (const k of this.refs.symbols()) {
      const [s, tf] = k.split('|') as [string, Timeframe];
      if (s !== symbol) continue;
      const current = this.bars.get(k);
      const start = bucketStart(tf, t, current);
      if (start === undefined) continue;
      let bar: Bar;
      if (current && current.t === start) bar = { t: start, o: current.o, h: Math.max(current.h, price), l: Math.min(current.l, price), c: price, v: current.v + size };
      else if (!current || start > current.t) bar = { t: start, o: price, h: price, l: price, c: price, v: size };
      else continue; // a late trade for a bucket already closed
      this.bars.set(k, bar);
      out.push({ timeframe: tf, bar });
    }
    return out;
  }

  /** A completed minute bar is final for its minute: the forming 1Min bar of that minute takes its values. */
  completed(symbol: string, bar: Bar): void {
    const k = key(symbol, '1Min');
    const current = this.bars.get(k);
    if (current && current.t === bar.t) this.bars.set(k, { ...bar });
  }
}

function key(symbol: string, timeframe: Timeframe): string {
  return `${symbol}|${timeframe}`;
}

function bucketStart(timeframe: Timeframe, t: number, current: Bar | undefined): number | undefined {
  const size = INTRADAY_MS[timeframe];
  if (size !== undefined) return Math.floor(t / size) * size;
  if (timeframe === '1Day') {
    const date = nyDate(t);
    if (current && nyDate(current.t) === date) return current.t;
    return nyTime(date, 0);
  }
  // Weeks and months: only the seeded period moves (its end is the calendar's business, not this class's).
  if (current && timeframe === '1Week' && t < current.t + 7 * 1440 * MINUTE) return current.t;
  if (current && timeframe === '1Month' && nyDate(t).slice(0, 7) === nyDate(current.t).slice(0, 7)) return current.t;
  return undefined;
}
