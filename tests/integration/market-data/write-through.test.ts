import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';

const START = Date.parse('2024-03-06T15:00:00Z');

/**
 * Bars fetched from the live source are written through to the history store (a real SQLite file); a big answer
 * is written in slices of 2,000 bars with main's loop let through between them, so the call returns after the
 * first slice and the rest follow, every bar stored in the end.
 */
describe('market data write-through to the history store', () => {
  let dir: string;
  let ex: RunningExchange;
  let store: HistoryStore;
  let service: MarketDataService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'md-write-through-'));
    ex = await startExchange({ seed: 9, speed: 1, startTime: START });
    store = HistoryStore.open(join(dir, 'history.sqlite'));
    service = new MarketDataService({ log: new Logger({ keep: 100 }), config: () => demoDataConfig(ex), cache: () => store, stream: { pingIntervalMs: 0 } });
    await service.start();
  });
  afterAll(async () => {
    service.stop();
    store.close();
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a 10,000-bar answer in slices, all of it in the end', async () => {
    const result = await service.bars({ symbol: 'AAPL', timeframe: '1Min', limit: 10_000, end: START });
    expect(result.source).toBe('demo-exchange');
    expect(result.bars).toHaveLength(10_000);
    const storedNow = store.readBars('AAPL', '1Min').length;
    expect(storedNow).toBeGreaterThanOrEqual(2000);
    expect(storedNow).toBeLessThan(10_000);
    await expect.poll(() => store.readBars('AAPL', '1Min').length, { timeout: 10_000, interval: 5 }).toBe(10_000);
    expect(store.readBars('AAPL', '1Min')).toEqual(result.bars);
  });

  it('writes a small answer at once', async () => {
    const result = await service.bars({ symbol: 'MSFT', timeframe: '1Hour', limit: 50, end: START });
    expect(store.readBars('MSFT', '1Hour')).toEqual(result.bars);
  });
});
