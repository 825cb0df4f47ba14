import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { TIMEFRAMES } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { aggregateBars } from '../history/aggregate.js';
import type { BarTiming } from '../history/bar-timing.js';
import type { MarketData } from './market-data.js';

interface Higher {
  bars: Bar[];
  /** Bar j may be read once the symbol's cursor (its last delivered base bar) is at least readyAt[j]. */
  readyAt: Int32Array;
}

const NEVER = 0x7fffffff;

/**
 * ctx.bars in a backtest: the run's own bars up to the one being handled, and bars of a longer timeframe built
 * from them (history/aggregate.ts, the rules the history store and a live bot use). A longer bar is readable once
 * the base bar that ends its period has been delivered, or, where the data has a gap there, once the first base bar
 * after the period has: never while it is forming.
 */
export class BacktestBars {
  private readonly higher = new Map<string, Higher>();

  constructor(
    private readonly data: MarketData,
    private readonly cursor: Int32Array,
    private readonly base: Timeframe,
    private readonly timing: BarTiming,
  ) {}

  /** Drops the longer bars built so far (the data grew: they are built again over it on the next read). */
  forget(): void {
    this.higher.clear();
  }

  bars(symbol: string, timeframe: Timeframe, count: number): Bar[] {
    const s = this.data.symbolIndex(symbol);
    if (s < 0) throw new CodedError('BAD_REQUEST', `no data for symbol ${symbol} in this run`);
    const n = Math.max(0, Math.floor(count));
    const at = this.cursor[s]!;
    if (timeframe === this.base) {
      const col = this.data.columns[s]!;
      const out: Bar[] = [];
      for (let i = Math.max(0, at - n + 1); i <= at; i++) out.push({ t: col.t[i]!, o: col.o[i]!, h: col.h[i]!, l: col.l[i]!, c: col.c[i]!, v: col.v[i]! });
      return out;
    }
    if (TIMEFRAMES.indexOf(timeframe) < TIMEFRAMES.indexOf(this.base)) {
      throw new CodedError('BAD_REQUEST', `this run has ${this.base} bars: ${timeframe} bars cannot be built from them`);
    }
    const higher = this.build(s, timeframe);
    // The last readable bar: readyAt ascends, so search for the last entry at or below the cursor.
    let lo = 0;
    let hi = higher.readyAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (higher.readyAt[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    return higher.bars.slice(Math.max(0, lo - n), lo).map((b) => ({ ...b }));
  }

  private build(s: number, timeframe: Timeframe): Higher {
    const key = `${s}:${timeframe}`;
    const cached = this.higher.get(key);
    if (cached) return cached;
    const col = this.data.columns[s]!;
    const baseBars: Bar[] = Array.from(col.t, (t, i) => ({ t, o: col.o[i]!, h: col.h[i]!, l: col.l[i]!, c: col.c[i]!, v: col.v[i]! }));
    const bars = aggregateBars(baseBars, this.base, timeframe);
    const lastBase = new Int32Array(bars.length).fill(-1);
    let j = -1;
    for (let i = 0; i < col.t.length; i++) {
      while (j + 1 < bars.length && bars[j + 1]!.t <= col.t[i]!) j++;
      if (j >= 0) lastBase[j] = i;
    }
    const readyAt = new Int32Array(bars.length);
    for (let k = 0; k < bars.length; k++) {
      const last = lastBase[k]!;
      if (last < 0) {
        readyAt[k] = k > 0 ? readyAt[k - 1]! : NEVER;
        continue;
      }
      const endsPeriod = this.timing.end(col.t[last]!, this.base) >= this.timing.end(bars[k]!.t, timeframe);
      readyAt[k] = endsPeriod ? last : last + 1 < col.t.length ? last + 1 : NEVER;
    }
    const entry = { bars, readyAt };
    this.higher.set(key, entry);
    return entry;
  }
}
