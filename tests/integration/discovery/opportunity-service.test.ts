import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { opportunitiesReliabilityResponse, opportunityListSchema, type OpportunityList } from '../../../src-shared/ipc/opportunities-schemas.js';
import { ScanClient } from '../../../src-main/discovery/scan-client.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { Logger } from '../../../src-main/logging/logger.js';
import type { MarketDataApi, MarketDataListener } from '../../../src-main/market-data/types.js';
import { OpportunityService } from '../../../src-main/services/opportunity-service.js';
import { ensureBuilt } from '../../support/build.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const SYMBOLS = ['NVDA', 'ORCL', 'YHOO'];
const history = new Map<string, Bar[]>(SYMBOLS.map((s) => [s, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, `${s.toLowerCase()}-2014.txt`), 'utf8'), s).map((r) => ({ t: r.t, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v }))]));

/** The market data service as the scanner uses it: stored daily bars, and a stream the test drives. */
function fakeMarket(): { api: MarketDataApi; listeners: MarketDataListener[] } {
  const listeners: MarketDataListener[] = [];
  const api = {
    bars: async ({ symbol, limit }: { symbol: string; limit?: number }) => ({ symbol, timeframe: '1Day' as const, source: 'history-store' as const, bars: history.get(symbol)!.slice(-(limit ?? 300)) }),
    subscribe: (_symbols: string[], listener: MarketDataListener) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  } as unknown as MarketDataApi;
  return { api, listeners };
}

describe('opportunity service (live scanner)', () => {
  const services: OpportunityService[] = [];
  beforeAll(() => ensureBuilt('scan-worker'));
  afterEach(async () => {
    for (const s of services.splice(0)) await s.stop();
  });

  it('scans the universe at start and again when a daily bar closes, publishing each ranked list', async () => {
    const published: OpportunityList[] = [];
    const { api, listeners } = fakeMarket();
    const service = new OpportunityService({
      log: new Logger({ console: false }),
      marketData: () => api,
      universe: async () => SYMBOLS,
      publish: (list) => published.push(list),
      scanClient: () => new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs')),
      strategies: ['sma-cross', 'swing', 'breakout'],
    });
    services.push(service);
    await service.start();
    const first = await service.rescan();
    expect(new Date(first.asOf).toISOString()).toBe('2014-12-31T00:00:00.000Z');
    expect(first.symbols).toBe(3);
    expect(first.problem).toBeUndefined();
    expect(() => opportunityListSchema.parse(first)).not.toThrow();
    const before = published.length;
    // 2 January 2015: the session's first minute, then its last (20:59 UTC): the daily bar completes at the close.
    const minute = (t: number, c: number): Bar => ({ t, o: c, h: c * 1.01, l: c * 0.99, c, v: 1000 });
    for (const symbol of SYMBOLS) {
      const c = history.get(symbol)!.at(-1)!.c;
      for (const l of listeners) l.onBar?.({ symbol, timeframe: '1Min', bar: minute(Date.UTC(2015, 0, 2, 14, 30), c), forming: false, revision: 'live' }, 'alpaca');
      for (const l of listeners) l.onBar?.({ symbol, timeframe: '1Min', bar: minute(Date.UTC(2015, 0, 2, 20, 59), c * 1.02), forming: false, revision: 'live' }, 'alpaca');
    }
    const next = await service.rescan();
    expect(new Date(next.asOf).toISOString()).toBe('2015-01-02T00:00:00.000Z');
    expect(published.length).toBeGreaterThan(before);
    expect(published.at(-1)).toEqual(next);
    // A forming bar or an intraday minute that closes nothing starts no scan of its own.
    const count = published.length;
    for (const l of listeners) l.onBar?.({ symbol: 'NVDA', timeframe: '1Day', bar: minute(Date.UTC(2015, 0, 5), 20), forming: true, revision: 'live' }, 'alpaca');
    for (const l of listeners) l.onBar?.({ symbol: 'NVDA', timeframe: '1Min', bar: minute(Date.UTC(2015, 0, 5, 15, 0), 20), forming: false, revision: 'live' }, 'alpaca');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(published.length).toBe(count);
    expect(service.health().state).toBe('ok');
  });

  it('on demand: starts no worker and reads no history until a window asks, then counts what it found today and draws its reliability', async () => {
    const { api } = fakeMarket();
    let reads = 0;
    let workers = 0;
    const counted = { ...api, bars: (request: Parameters<MarketDataApi['bars']>[0]) => (reads++, api.bars(request)) } as MarketDataApi;
    const published: OpportunityList[] = [];
    const service = new OpportunityService({
      log: new Logger({ console: false }),
      marketData: () => counted,
      universe: async () => SYMBOLS,
      publish: (list) => published.push(list),
      scanClient: () => (workers++, new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs'))),
      strategies: ['sma-cross', 'swing', 'breakout'],
      startOn: 'demand',
    });
    services.push(service);
    await service.start();
    expect({ reads, workers }).toEqual({ reads: 0, workers: 0 });
    expect(service.health()).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^idle/) });

    // Asking starts it without waiting for the history to load; the list follows.
    const asked = service.current();
    expect(asked).toMatchObject({ running: true, discoveredToday: 0, list: { asOf: 0, opportunities: [] } });
    const list = await service.rescan();
    expect({ reads, workers }).toEqual({ reads: 3, workers: 1 });
    expect(list.opportunities.length).toBeGreaterThan(0);
    // Every row of every list so far counted once: the list of the start and the rescan's are the same rows.
    const distinct = new Set(published.flatMap((l) => l.opportunities.map((o) => `${o.strategy}|${o.symbol}|${o.direction}|${o.generatedAt}`)));
    expect(service.current().discoveredToday).toBe(distinct.size);
    expect(workers).toBe(1);

    const diagram = await service.reliability();
    expect(diagram.asOf).toBe(list.asOf);
    expect(diagram.calibration.map((c) => c.strategy).sort()).toEqual(['breakout', 'sma-cross', 'swing']);
    const scored = diagram.calibration.find((c) => c.samples > 0)!;
    expect(scored.reliability.reduce((n, b) => n + b.count, 0)).toBe(scored.samples);
    expect(opportunitiesReliabilityResponse.parse(diagram)).toEqual(diagram);
  });

  it("a day the stream completes is the provider's full bar of that day when it has one, else the stream's aggregate", async () => {
    const { api, listeners } = fakeMarket();
    const sent: Array<{ symbol: string; bar: Bar }> = [];
    class Recording extends ScanClient {
      override addBars(bars: Array<{ symbol: string; bar: Bar }>): void {
        sent.push(...bars);
        super.addBars(bars);
      }
    }
    // The provider has the whole session's bar for NVDA (opened at 9:30, before the scanner subscribed); none for ORCL.
    const full = (t: number): Bar => ({ t, o: 20.5, h: 21.9, l: 20.1, c: 21.4, v: 123_456 });
    const market = {
      ...api,
      bars: async (request: Parameters<MarketDataApi['bars']>[0]) => {
        if (request.start === undefined) return api.bars(request);
        if (request.symbol === 'ORCL') throw new Error('no daily bar yet');
        return { symbol: request.symbol, timeframe: '1Day' as const, source: 'alpaca' as const, bars: [full(request.start)] };
      },
    } as MarketDataApi;
    const service = new OpportunityService({
      log: new Logger({ console: false }),
      marketData: () => market,
      universe: async () => ['NVDA', 'ORCL'],
      publish: () => undefined,
      scanClient: () => new Recording(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs')),
      strategies: ['sma-cross'],
    });
    services.push(service);
    await service.start();
    // The scanner joined at 15:00: it sees the session's last hour only.
    const minute = (t: number, c: number): Bar => ({ t, o: c, h: c, l: c, c, v: 1000 });
    for (const symbol of ['NVDA', 'ORCL']) {
      for (const l of listeners) l.onBar?.({ symbol, timeframe: '1Min', bar: minute(Date.UTC(2015, 0, 2, 20, 0), 21), forming: false, revision: 'live' }, 'alpaca');
      for (const l of listeners) l.onBar?.({ symbol, timeframe: '1Min', bar: minute(Date.UTC(2015, 0, 2, 20, 59), 21.4), forming: false, revision: 'live' }, 'alpaca');
    }
    const list = await service.rescan();
    expect(sent.map((s) => s.symbol).sort()).toEqual(['NVDA', 'ORCL']);
    const nvda = sent.find((s) => s.symbol === 'NVDA')!.bar;
    const orcl = sent.find((s) => s.symbol === 'ORCL')!.bar;
    expect(nvda).toEqual(full(orcl.t));
    expect(orcl).toMatchObject({ o: 21, c: 21.4, v: 2000 });
    expect(list.asOf).toBe(orcl.t);
  });

  it('stops at once while the history is still loading (a mode switch does not wait for it), and starts again when asked', async () => {
    const { api } = fakeMarket();
    const asked: AbortSignal[] = [];
    // History that never comes until the request is aborted.
    const hanging = {
      ...api,
      bars: (_request: Parameters<MarketDataApi['bars']>[0], signal?: AbortSignal) =>
        new Promise<never>((_resolve, reject) => {
          asked.push(signal!);
          signal!.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    } as MarketDataApi;
    let market: MarketDataApi = hanging;
    const service = new OpportunityService({
      log: new Logger({ console: false }),
      marketData: () => market,
      universe: async () => SYMBOLS,
      publish: () => undefined,
      scanClient: () => new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs')),
      strategies: ['sma-cross'],
      startOn: 'demand',
    });
    services.push(service);
    await service.start();
    service.current();
    await expect.poll(() => asked.length).toBe(3);
    await service.stop();
    expect(asked.every((signal) => signal.aborted)).toBe(true);
    expect(service.latest().problem).toBe('the scanner was stopped while it read the history');

    market = api;
    await service.start();
    expect(service.current().running).toBe(true);
    expect((await service.rescan()).symbols).toBe(3);
  });

  it('says why there is no list when the universe is empty', async () => {
    const { api } = fakeMarket();
    const service = new OpportunityService({ log: new Logger({ console: false }), marketData: () => api, universe: async () => [], publish: () => undefined, scanClient: () => new ScanClient(join(__dirname, '..', '..', '..', 'dist', 'main', 'scan-worker.mjs')) });
    services.push(service);
    await service.start();
    expect(service.latest().problem).toMatch(/no universe: add symbols to a watchlist/);
  });
});
