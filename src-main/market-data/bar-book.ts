import type { Bar } from '../../src-shared/domain/bar.js';

export type BarChange = 'new' | 'corrected' | 'duplicate';

/**
 * The recent minute bars of each symbol, keyed by start time: a bar seen twice (the stream and a backfill
 * overlapping) is a duplicate, a bar with the same start and different values replaces the earlier one (a
 * correction). Bounded per symbol.
 */
export class BarBook {
  private readonly bySymbol = new Map<string, Map<number, Bar>>();

  constructor(private readonly keepPerSymbol = 1440) {}

  put(symbol: string, bar: Bar): BarChange {
    let bars = this.bySymbol.get(symbol);
    if (!bars) {
      bars = new Map();
      this.bySymbol.set(symbol, bars);
    }
    const earlier = bars.get(bar.t);
    if (earlier && sameBar(earlier, bar)) return 'duplicate';
    bars.set(bar.t, bar);
    if (!earlier && bars.size > this.keepPerSymbol) {
      let oldest = Infinity;
      for (const t of bars.keys()) if (t < oldest) oldest = t;
      bars.delete(oldest);
    }
    return earlier ? 'corrected' : 'new';
  }

  /** Start time of the newest bar seen for a symbol. */
  lastTime(symbol: string): number | undefined {
    const bars = this.bySymbol.get(symbol);
    if (!bars || bars.size === 0) return undefined;
    let last = -Infinity;
    for (const t of bars.keys()) if (t > last) last = t;
    return last;
  }

  /** The bars of a symbol, oldest first. */
  bars(symbol: string): Bar[] {
    return [...(this.bySymbol.get(symbol)?.values() ?? [])].sort((a, b) => a.t - b.t);
  }

  forget(symbol: string): void {
    this.bySymbol.delete(symbol);
  }
}

function sameBar(a: Bar, b: Bar): boolean {
  return a.o === b.o && a.h === b.h && a.l === b.l && a.c === b.c && a.v === b.v;
}
