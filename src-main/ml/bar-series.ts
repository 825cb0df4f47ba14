import type { Bar } from '../../src-shared/domain/bar.js';
import type { MarketData } from '../backtest/market-data.js';

/**
 * A run's bars as the ML dataset builder takes them: one series of bars per symbol, in the columns' order. The CLI
 * and the queue's search workers both build their datasets through this, so they see the same rows.
 */
export function barSeries(data: MarketData): Array<{ symbol: string; bars: Bar[] }> {
  return data.columns.map((c) => ({
    symbol: c.symbol,
    bars: Array.from({ length: c.t.length }, (_, i) => ({ t: c.t[i]!, o: c.o[i]!, h: c.h[i]!, l: c.l[i]!, c: c.c[i]!, v: c.v[i]! })),
  }));
}
