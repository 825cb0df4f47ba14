import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from '../../../src-main/backtest/load-data.js';
import type { BarColumns } from '../../../src-main/backtest/market-data.js';
import { ScanClient } from '../../../src-main/discovery/scan-client.js';
import { scan } from '../../../src-main/discovery/scanner.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const NAMES = ['sma-cross', 'swing', 'breakout', 'mean-reversion'];

describe('scan worker', () => {
  let client: ScanClient;
  beforeAll(() => {
    ensureBuilt('scan-worker');
    client = new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs'));
  });
  afterAll(() => client.close());

  it('holds the universe, takes each closed bar, and scans as the pure core does', async () => {
    const { data } = loadData({ files: ['nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt'].map((f) => join(YAHOO_DAILY_DIR, f)) });
    const cut = (c: BarColumns, n: number): BarColumns => ({ symbol: c.symbol, t: c.t.slice(0, n), o: c.o.slice(0, n), h: c.h.slice(0, n), l: c.l.slice(0, n), c: c.c.slice(0, n), v: c.v.slice(0, n) });
    client.load(data.columns.map((c) => cut(c, 200)));
    // Bars 200..219 arrive one close at a time (a corrected copy of the last one too).
    for (let i = 200; i < 220; i++) {
      client.addBars(data.columns.map((c) => ({ symbol: c.symbol, bar: { t: c.t[i]!, o: c.o[i]!, h: c.h[i]!, l: c.l[i]!, c: c.c[i]! * 1.5, v: c.v[i]! } })));
      client.addBars(data.columns.map((c) => ({ symbol: c.symbol, bar: { t: c.t[i]!, o: c.o[i]!, h: c.h[i]!, l: c.l[i]!, c: c.c[i]!, v: c.v[i]! } })));
    }
    const fromWorker = await client.scan({ strategies: NAMES, window: 150 });
    const strategies = NAMES.map((n) => ({ definition: STRATEGIES.get(n)!, params: parseParams(STRATEGIES.get(n)!.params, {}) }));
    const direct = scan({ columns: data.columns.map((c) => cut(c, 220)), strategies, window: 150 });
    expect(fromWorker).toEqual(direct);
    expect(new Date(fromWorker.asOf).toISOString()).toBe(new Date(data.columns[0]!.t[219]!).toISOString());
  });

  it('without a window, answers from its warm runs what a full scan of every bar it holds gives, close after close', async () => {
    const { data } = loadData({ files: ['nvda-2014.txt', 'orcl-2014.txt', 'yhoo-2014.txt'].map((f) => join(YAHOO_DAILY_DIR, f)) });
    const cut = (c: BarColumns, n: number): BarColumns => ({ symbol: c.symbol, t: c.t.slice(0, n), o: c.o.slice(0, n), h: c.h.slice(0, n), l: c.l.slice(0, n), c: c.c.slice(0, n), v: c.v.slice(0, n) });
    const strategies = NAMES.map((n) => ({ definition: STRATEGIES.get(n)!, params: parseParams(STRATEGIES.get(n)!.params, {}) }));
    client.load(data.columns.map((c) => cut(c, 200)));
    const scored = new Set<string>();
    for (let i = 200; i < 212; i++) {
      client.addBars(data.columns.map((c) => ({ symbol: c.symbol, bar: { t: c.t[i]!, o: c.o[i]!, h: c.h[i]!, l: c.l[i]!, c: c.c[i]!, v: c.v[i]! } })));
      const warm = await client.scan({ strategies: NAMES, withReliability: true });
      const full = scan({ columns: data.columns.map((c) => cut(c, i + 1)), strategies });
      expect(warm.opportunities).toEqual(full.opportunities);
      expect(warm.calibration).toEqual(full.calibration);
      expect(warm.asOf).toBe(full.asOf);
      // Each outcome comes once, at the close that ends its horizon.
      for (const o of warm.outcomes) {
        const key = `${o.strategy}|${o.symbol}|${o.generatedAt}|${o.direction}`;
        expect(scored.has(key)).toBe(false);
        scored.add(key);
      }
      expect(scored.size).toBe(full.outcomes.length);
    }
  });

  it('answers an unknown strategy with an error a trader can read, and keeps serving', async () => {
    await expect(client.scan({ strategies: ['nope'] })).rejects.toThrow(/unknown strategy "nope"/);
    const again = await client.scan({ strategies: ['sma-cross'], window: 100 });
    expect(again.skipped).toEqual([]);
  });
});
