import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../src-main/adapters/alpaca/market-data/rate-limiter.js';
import { BarBook } from '../../../src-main/market-data/bar-book.js';
import { ProviderChain, type MarketDataProvider } from '../../../src-main/market-data/providers.js';
import { RefCounts } from '../../../src-main/market-data/ref-counts.js';
import { StaleTracker } from '../../../src-main/market-data/stale-tracker.js';

/** A clock that only moves when someone sleeps on it: waits are measured, not spent. */
function virtualTime(start = 1_000_000) {
  let now = start;
  return { now: () => now, sleep: (ms: number) => ((now += ms), Promise.resolve()) };
}

describe('TokenBucket', () => {
  it('lets a full bucket through at once, then paces callers at the refill rate', async () => {
    const time = virtualTime();
    const bucket = TokenBucket.perMinute(200, time);
    const start = time.now();
    for (let i = 0; i < 200; i++) await bucket.acquire();
    expect(time.now() - start).toBe(0);
    await bucket.acquire();
    await bucket.acquire();
    // 200 a minute: one token every 300 ms.
    expect(time.now() - start).toBe(600);
    expect(bucket.totalWaitMs).toBe(600);
  });

  it('after a 429, nobody passes before the reset, and the bucket restarts empty', async () => {
    const time = virtualTime();
    const bucket = TokenBucket.perMinute(60, time);
    bucket.pauseUntil(time.now() + 5_000);
    await bucket.acquire();
    expect(time.now()).toBeGreaterThanOrEqual(1_000_000 + 5_000);
    expect(bucket.available).toBeLessThan(1);
  });

  it('a cancelled waiter rejects and does not block the callers behind it', async () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerMs: 1 / 50 });
    await bucket.acquire();
    const controller = new AbortController();
    const cancelled = bucket.acquire(controller.signal);
    controller.abort(new Error('gone'));
    await expect(cancelled).rejects.toThrow('gone');
    await expect(bucket.acquire()).resolves.toBeUndefined();
  });
});

describe('RefCounts', () => {
  it('reports a symbol as first only for its first consumer and as last only for its last', () => {
    const refs = new RefCounts();
    expect(refs.acquire(['AAPL', 'MSFT'])).toEqual(['AAPL', 'MSFT']);
    expect(refs.acquire(['AAPL', 'SPY'])).toEqual(['SPY']);
    expect(refs.release(['AAPL'])).toEqual([]);
    expect(refs.count('AAPL')).toBe(1);
    expect(refs.release(['AAPL', 'MSFT'])).toEqual(['AAPL', 'MSFT']);
    expect(refs.release(['AAPL'])).toEqual([]);
    expect(refs.symbols()).toEqual(['SPY']);
  });
});

describe('BarBook', () => {
  const bar = (t: number, c: number) => ({ t, o: 1, h: 2, l: 0.5, c, v: 10 });
  it('tells new bars, duplicates and corrections apart, and the correction replaces the earlier bar', () => {
    const book = new BarBook();
    expect(book.put('AAPL', bar(60_000, 1.5))).toBe('new');
    expect(book.put('AAPL', bar(60_000, 1.5))).toBe('duplicate');
    expect(book.put('AAPL', bar(120_000, 1.6))).toBe('new');
    expect(book.put('AAPL', bar(60_000, 1.4))).toBe('corrected');
    expect(book.bars('AAPL').map((b) => b.c)).toEqual([1.4, 1.6]);
    expect(book.lastTime('AAPL')).toBe(120_000);
  });

  it('keeps a bounded number of bars per symbol, dropping the oldest', () => {
    const book = new BarBook(3);
    for (let i = 1; i <= 5; i++) book.put('SPY', bar(i * 60_000, i));
    expect(book.bars('SPY').map((b) => b.t / 60_000)).toEqual([3, 4, 5]);
  });
});

describe('StaleTracker', () => {
  it('flags a quiet symbol only during market hours, and any symbol while the stream is down', () => {
    const stale = new StaleTracker(1000);
    stale.watch('AAPL', 0);
    expect(stale.evaluate(5000, false, true)).toEqual([]);
    expect(stale.evaluate(5000, true, true)).toEqual(['AAPL']);
    expect(stale.seen('AAPL', 5100)).toBe(true);
    expect(stale.evaluate(5200, true, true)).toEqual([]);
    expect(stale.evaluate(5300, true, false)).toEqual(['AAPL']);
    // While a gap is being filled a message does not make the symbol fresh.
    expect(stale.seen('AAPL', 5400, false)).toBe(false);
    expect(stale.isStale('AAPL')).toBe(true);
  });
});

describe('ProviderChain', () => {
  const provider = (source: MarketDataProvider['source'], answer: () => Promise<number[] | undefined>): MarketDataProvider => ({
    source,
    bars: async () => (await answer())?.map((c) => ({ t: 0, o: c, h: c, l: c, c, v: 0 })),
    snapshots: () => Promise.resolve(undefined),
  });
  const request = { symbol: 'AAPL', timeframe: '1Day' as const, start: 0, end: 1, limit: 10 };

  it('falls through a failing provider and one with nothing, then skips the failing one until its retry time', async () => {
    let now = 0;
    let calls = 0;
    const chain = new ProviderChain(
      [
        provider('demo-exchange', () => {
          calls++;
          return Promise.reject(new Error('connect ECONNREFUSED'));
        }),
        provider('history-store', () => Promise.resolve(undefined)),
        provider('synthetic', () => Promise.resolve([7])),
      ],
      { retryAfterMs: 1000, now: () => now },
    );
    expect((await chain.bars(request))?.source).toBe('synthetic');
    expect(chain.report()[0]).toMatchObject({ source: 'demo-exchange', ok: false, lastError: 'connect ECONNREFUSED' });
    await chain.bars(request);
    expect(calls).toBe(1);
    now = 1500;
    await chain.bars(request);
    expect(calls).toBe(2);
    expect(chain.primary).toBe('history-store');
  });
});
