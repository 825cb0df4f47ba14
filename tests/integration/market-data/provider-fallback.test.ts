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
 * The provider chain with the exchange going away: bars fetched while it was up were written to the history
 * store (a real SQLite file) and come back from there, labelled so; what the store never saw comes from the
 * synthetic generator, labelled so; the health report names the failing provider.
 */
describe('provider fallback when the exchange is down', () => {
  let dir: string;
  let ex: RunningExchange;
  let store: HistoryStore;
  let service: MarketDataService;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'md-fallback-'));
    ex = await startExchange({ seed: 3, speed: 1, startTime: START });
    store = HistoryStore.open(join(dir, 'history.sqlite'));
    service = new MarketDataService({
      log: new Logger({ keep: 200 }),
      config: () => demoDataConfig(ex),
      cache: () => store,
      stream: { pingIntervalMs: 0, initialReconnectMs: 200 },
      providerRetryAfterMs: 60_000,
    });
    await service.start();
  });
  afterAll(async () => {
    service.stop();
    store.close();
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the cache, then the synthetic generator, each value naming its source', async () => {
    const live = await service.bars({ symbol: 'MSFT', timeframe: '1Hour', limit: 40, end: START });
    expect(live.source).toBe('demo-exchange');
    expect(live.bars).toHaveLength(40);
    expect(store.readBars('MSFT', '1Hour')).toEqual(live.bars);

    await ex.close();
    const cached = await service.bars({ symbol: 'MSFT', timeframe: '1Hour', limit: 40, end: START });
    expect(cached).toEqual({ ...live, source: 'history-store' });
    const health = service.providers.report();
    expect(health[0]).toMatchObject({ source: 'demo-exchange', ok: false });
    expect(service.health().detail).toMatch(/demo-exchange \(down\)/);

    const synthetic = await service.bars({ symbol: 'NVDA', timeframe: '1Day', limit: 20, end: START });
    expect(synthetic.source).toBe('synthetic');
    expect(synthetic.bars).toHaveLength(20);
    const snapshots = await service.snapshots(['NVDA']);
    expect(snapshots[0]).toMatchObject({ symbol: 'NVDA', source: 'synthetic' });
    expect(snapshots[0]?.latestTrade?.price).toBeGreaterThan(0);
  });
});
