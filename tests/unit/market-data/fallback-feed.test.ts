import { afterEach, describe, expect, it } from 'vitest';
import type { DataSource } from '../../../src-shared/ipc/market-data-schemas.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FallbackFeed, type FallbackSink } from '../../../src-main/market-data/fallback-feed.js';
import { SyntheticProvider } from '../../../src-main/market-data/synthetic-provider.js';
import type { LiveBar, LiveQuote, LiveTrade } from '../../../src-main/market-data/types.js';
import { tempStores } from '../history/temp-store.js';

const stores = tempStores();
afterEach(() => stores.cleanup());

function recordingSink(): FallbackSink & { trades: Array<LiveTrade & { source: DataSource }>; quotes: LiveQuote[]; bars: LiveBar[]; changes: string[][] } {
  const out = {
    trades: [] as Array<LiveTrade & { source: DataSource }>,
    quotes: [] as LiveQuote[],
    bars: [] as LiveBar[],
    changes: [] as string[][],
    trade: (t: LiveTrade, source: DataSource) => out.trades.push({ ...t, source }),
    quote: (q: LiveQuote) => out.quotes.push(q),
    bar: (b: LiveBar) => out.bars.push(b),
    sourceChanged: (symbols: string[]) => out.changes.push(symbols),
  };
  return out;
}

describe('FallbackFeed', () => {
  it('labels each symbol with its fallback source: the generator for symbols it knows, the cache (a real SQLite file) for the rest', () => {
    const { store } = stores.open();
    store.writeBars('ZZCACHE', '1Day', [
      { t: Date.UTC(2024, 2, 4, 5), o: 10, h: 11, l: 9, c: 10.5, v: 100 },
      { t: Date.UTC(2024, 2, 5, 5), o: 10.5, h: 12, l: 10, c: 11.25, v: 120 },
    ]);
    const clock = new SimulatedClock(Date.parse('2024-03-06T15:00:00Z'), 0);
    const sink = recordingSink();
    let needed = true;
    const feed = new FallbackFeed({
      generator: new SyntheticProvider({ seed: 7, clock }),
      cache: () => store,
      symbols: () => ['AAPL', 'ZZCACHE', 'NOWHERE'],
      timeframes: (s) => (s === 'AAPL' ? ['1Min', '1Day'] : []),
      sink,
      stillNeeded: () => needed,
      pollMs: 60_000,
    });
    feed.start();
    expect(feed.sourceOf('AAPL')).toBe('synthetic');
    expect(feed.sourceOf('ZZCACHE')).toBe('history-store');
    expect(feed.sourceOf('NOWHERE')).toBeUndefined();
    expect(sink.changes).toEqual([['AAPL', 'ZZCACHE']]);
    expect(sink.trades.find((t) => t.symbol === 'ZZCACHE')).toMatchObject({ price: 11.25, source: 'history-store' });
    expect(sink.trades.find((t) => t.symbol === 'AAPL')?.source).toBe('synthetic');
    expect(sink.bars.map((b) => b.timeframe).sort()).toEqual(['1Day', '1Min']);
    expect(sink.bars.every((b) => b.forming && b.symbol === 'AAPL')).toBe(true);

    // The clock stands still: a second poll repeats nothing.
    const counts = [sink.trades.length, sink.quotes.length, sink.bars.length];
    (feed as unknown as { poll(): void }).poll();
    expect([sink.trades.length, sink.quotes.length, sink.bars.length]).toEqual(counts);
    // Time moves: the generator's values move with it.
    clock.advanceBy(10 * 60_000);
    (feed as unknown as { poll(): void }).poll();
    expect(sink.trades.filter((t) => t.symbol === 'AAPL').length).toBe(2);
    expect(sink.trades.filter((t) => t.symbol === 'ZZCACHE').length).toBe(1);

    // The live stream is back: the next poll ends the fallback and clears every label.
    needed = false;
    (feed as unknown as { poll(): void }).poll();
    expect(feed.active).toBe(false);
    expect(feed.sourceOf('AAPL')).toBeUndefined();
    expect(sink.changes.at(-1)).toEqual(['AAPL', 'ZZCACHE']);
  });

  it('starts the generator\'s movement from the last live price, else from the cache\'s last close', () => {
    const { store } = stores.open();
    store.writeBars('MSFT', '1Day', [{ t: Date.UTC(2024, 2, 5, 5), o: 40, h: 41, l: 39, c: 40.5, v: 100 }]);
    const clock = new SimulatedClock(Date.parse('2024-03-06T15:00:00Z'), 0);
    const sink = recordingSink();
    const feed = new FallbackFeed({
      generator: new SyntheticProvider({ seed: 7, clock }),
      cache: () => store,
      lastLivePrice: (s) => (s === 'AAPL' ? 123.45 : undefined),
      symbols: () => ['AAPL', 'MSFT'],
      timeframes: () => ['1Day'],
      sink,
      stillNeeded: () => true,
      pollMs: 60_000,
    });
    feed.start();
    expect(sink.trades.find((t) => t.symbol === 'AAPL')?.price).toBe(123.45);
    expect(sink.trades.find((t) => t.symbol === 'MSFT')?.price).toBe(40.5);
    const quote = sink.quotes.find((q) => q.symbol === 'AAPL')!;
    expect(Math.abs(quote.bid - 123.45) / 123.45).toBeLessThan(0.01);
    const daily = sink.bars.find((b) => b.symbol === 'AAPL')!.bar;
    expect(daily.l).toBeLessThanOrEqual(daily.c);
    expect(daily.h).toBeGreaterThanOrEqual(daily.c);
    // It moves from there, on the generator's path, labelled synthetic.
    clock.advanceBy(30 * 60_000);
    (feed as unknown as { poll(): void }).poll();
    const later = sink.trades.filter((t) => t.symbol === 'AAPL');
    expect(later).toHaveLength(2);
    expect(later[1]!.price).not.toBe(123.45);
    expect(Math.abs(later[1]!.price - 123.45) / 123.45).toBeLessThan(0.1);
    expect(later.every((t) => t.source === 'synthetic')).toBe(true);
    feed.stop();
  });
});
