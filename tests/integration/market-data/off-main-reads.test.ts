import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { startExchange } from '../../../src-main/exchange/exchange.js';
import { HistoryStore } from '../../../src-main/history/store.js';
import { computeIndicator } from '../../../src-main/kernel/indicators/registry.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { createIndicatorHandlers } from '../../../src-main/services/indicator-handlers.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';
import { buildReadWorker } from '../history/read-worker-build.js';

// Recent minutes, so a request without a range (the chart's) finds them in its default window.
const FIRST = Math.floor(Date.now() / 60_000) * 60_000 - 60_000 * 60_000;
const COUNT = 60_000;

/**
 * Main's loop stays free during big history reads and big indicator computations: with the live source down,
 * the market data service serves its offline cache (a real SQLite file); a read of 50,000 bars runs on the
 * history read worker, so a callback queued behind the request runs before the answer arrives (a read on main
 * would have answered first); small reads stay direct.
 */
describe('market data service: large reads and indicators off main', () => {
  let dir: string;
  let file: string;
  let service: MarketDataService;
  const bars: Bar[] = Array.from({ length: COUNT }, (_, i) => {
    const c = 100 + 10 * Math.sin(i / 50) + (i % 7) * 0.1;
    return { t: FIRST + i * 60_000, o: c - 0.05, h: c + 0.2, l: c - 0.2, c, v: 100 + (i % 13) };
  });

  beforeAll(async () => {
    const workerScript = await buildReadWorker();
    dir = mkdtempSync(join(tmpdir(), 'md-offmain-'));
    file = join(dir, 'history.sqlite');
    const store = HistoryStore.open(file);
    store.writeBars('OFFM', '1Min', bars, 'test');
    store.close();
    // The live source is a closed port: the service marks it failed at start and goes to the cache.
    const ex = await startExchange({ seed: 1, speed: 1 });
    const config = demoDataConfig(ex);
    await ex.close();
    service = new MarketDataService({
      log: new Logger({ keep: 100 }),
      config: () => config,
      historyFile: file,
      readWorkerScript: workerScript,
      providerRetryAfterMs: 600_000,
      stream: { pingIntervalMs: 0, initialReconnectMs: 60_000 },
    });
    await service.start();
    expect(service.providers.report()[0]).toMatchObject({ ok: false });
  });
  afterAll(() => {
    service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `call`, noting whether a macrotask queued right after it ran before its promise settled. */
  async function withLoopProbe<T>(call: () => Promise<T>): Promise<{ value: T; loopRanFirst: boolean }> {
    let settled = false;
    let loopRanFirst = false;
    const pending = call().finally(() => {
      settled = true;
    });
    setImmediate(() => {
      loopRanFirst = !settled;
    });
    const value = await pending;
    return { value, loopRanFirst };
  }

  it('serves a 50,000-bar read from the worker while the loop keeps turning, the same bars a direct read gives', async () => {
    const before = service.cacheReads;
    const { value, loopRanFirst } = await withLoopProbe(() =>
      service.bars({ symbol: 'OFFM', timeframe: '1Min', limit: 50_000, start: FIRST, end: FIRST + COUNT * 60_000 }),
    );
    expect(loopRanFirst).toBe(true);
    expect(value.source).toBe('history-store');
    expect(value.bars).toHaveLength(50_000);
    expect(value.bars[0]).toEqual(bars[COUNT - 50_000]);
    expect(value.bars.at(-1)).toEqual(bars[COUNT - 1]);
    expect(service.cacheReads).toEqual({ offMain: before.offMain + 1, direct: before.direct });
    expect(service.workerServed?.reads).toBeGreaterThanOrEqual(1);
  });

  it('keeps a small read direct (cheaper than the round trip)', async () => {
    const before = service.cacheReads;
    const small = await service.bars({ symbol: 'OFFM', timeframe: '1Min', limit: 100, start: FIRST, end: FIRST + COUNT * 60_000 });
    expect(small.bars).toEqual(bars.slice(COUNT - 100));
    expect(service.cacheReads).toEqual({ offMain: before.offMain, direct: before.direct + 1 });
  });

  it('computes an indicator over 50,000 bars on the worker, equal to the computation in place; a small one stays on main', async () => {
    const handlers = createIndicatorHandlers(() => service);
    const context = { signal: new AbortController().signal, peer: 'test' };
    const before = service.workerServed!.indicators;
    const { value, loopRanFirst } = await withLoopProbe(async () =>
      handlers.compute({ indicator: 'adx', params: { period: 14 }, symbol: 'OFFM', timeframe: '1Min', limit: 50_000 }, context),
    );
    expect(loopRanFirst).toBe(true);
    expect(service.workerServed!.indicators).toBe(before + 1);
    const tail = bars.slice(COUNT - 50_000);
    const expected = computeIndicator('adx', { period: 14 }, {
      high: Float64Array.from(tail, (b) => b.h),
      low: Float64Array.from(tail, (b) => b.l),
      close: Float64Array.from(tail, (b) => b.c),
      volume: Float64Array.from(tail, (b) => b.v),
    });
    expect(value.t).toEqual(tail.map((b) => b.t));
    for (const name of ['adx', 'plusDi', 'minusDi']) {
      expect(value.outputs[name]).toEqual(Array.from(expected[name]!, (x) => (Number.isFinite(x) ? x : null)));
    }
    expect(value.outputs.adx!.filter((x) => x !== null).length).toBeGreaterThan(49_000);

    await handlers.compute({ indicator: 'sma', params: { period: 5 }, bars: bars.slice(0, 200) }, context);
    expect(service.workerServed!.indicators).toBe(before + 1);
  });

  it('answers a bad indicator parameter from the worker as a request error', async () => {
    await expect(service.computeIndicator('sma', { period: 0 }, { high: new Float64Array(1), low: new Float64Array(1), close: new Float64Array(1), volume: new Float64Array(1) })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
