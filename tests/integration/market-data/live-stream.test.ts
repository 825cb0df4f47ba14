import { streaming } from '@alpacahq/alpaca-trade-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { MarketDataStatus } from '../../../src-shared/ipc/market-data-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const WAIT = { timeout: 20_000, interval: 50 };

/**
 * The market data service's one shared stream against the local exchange over real WebSocket and HTTP, the
 * market on a simulated clock running 60 times as fast as the wall clock (a minute bar a second).
 */
describe('the shared market data stream', () => {
  let ex: RunningExchange | undefined;
  let service: MarketDataService | undefined;
  afterEach(async () => {
    service?.stop();
    await ex?.close();
    service = undefined;
    ex = undefined;
  });

  async function start(options: { speed?: number; staleAfterMs?: number } = {}): Promise<{ ex: RunningExchange; service: MarketDataService; log: Logger }> {
    ex = await startExchange({ seed: 5, speed: options.speed ?? 60, startTime: START });
    const log = new Logger({ keep: 500 });
    service = new MarketDataService({
      log,
      config: () => demoDataConfig(ex!),
      staleAfterMs: options.staleAfterMs ?? 15_000,
      checkEveryMs: 100,
      stream: { initialReconnectMs: 1500, reconnectJitter: 0.2, pingIntervalMs: 0 },
    });
    await service.start();
    await expect.poll(() => service!.live.connection, WAIT).toBe('connected');
    return { ex, service, log };
  }

  it('holds the account\'s one connection: a second client gets error 406, and many consumers share the one socket', async () => {
    const { ex, service, log } = await start({ speed: 1 });
    const releases = [service.subscribe(['AAPL'], {}), service.subscribe(['AAPL', 'MSFT'], {}), service.subscribe(['SPY'], {})];
    const second = new streaming.StockDataStream({ credentials: { keyId: ex.keys.keyId, secret: ex.keys.secret }, url: ex.marketDataStreamUrl, reconnect: false, pingIntervalMs: 0 });
    const errors: string[] = [];
    second.onError((message) => errors.push(message));
    const auth = second.waitForAuthenticationResult(10_000);
    second.connect();
    const result = await auth;
    second.disconnect();
    expect(result.authenticated).toBe(false);
    expect(`${result.code} ${result.message} ${errors.join(' ')}`).toMatch(/406|connection limit exceeded/);
    expect(service.live.connection).toBe('connected');
    expect(JSON.stringify(log.recent(500))).not.toMatch(/connection limit exceeded/);
    for (const release of releases) release();
  });

  it('reference-counts symbols: the socket subscribes for the first consumer and unsubscribes after the last', async () => {
    const { service } = await start({ speed: 1 });
    const socketTrades = (): string[] => [...(service.live.socketSubscriptions().trades ?? [])].sort();
    const a = service.subscribe(['AAPL', 'MSFT'], {});
    const b = service.subscribe(['AAPL'], {});
    expect(socketTrades()).toEqual(['AAPL', 'MSFT']);
    a();
    expect(socketTrades()).toEqual(['AAPL']);
    a(); // releasing twice changes nothing
    expect(socketTrades()).toEqual(['AAPL']);
    b();
    expect(socketTrades()).toEqual([]);
    expect(service.live.refs.symbols()).toEqual([]);
  });

  it('after a forced disconnect, reconnects and backfills the gap exactly: the bars heard equal the exchange\'s', async () => {
    const { ex, service } = await start();
    const heard = new Map<number, Bar>();
    const revisions: string[] = [];
    const release = service.subscribe(['AAPL'], {
      onBar: (live) => {
        heard.set(live.bar.t, live.bar);
        revisions.push(live.revision);
      },
    });
    await expect.poll(() => heard.size, WAIT).toBeGreaterThanOrEqual(2);
    ex.faults.disconnectStreams('market_data');
    await expect.poll(() => service.live.connection, WAIT).not.toBe('connected');
    await expect.poll(() => service.live.backfillCount, WAIT).toBe(1);
    await expect.poll(() => service.live.flowing, WAIT).toBe(true);
    const afterBackfill = heard.size;
    await expect.poll(() => heard.size, WAIT).toBeGreaterThanOrEqual(afterBackfill + 2);
    release();
    const times = [...heard.keys()].sort((x, y) => x - y);
    const first = times[0]!;
    const last = times[times.length - 1]!;
    const expected = ex.market.bars('AAPL', { amount: 1, unit: 'Min' }, first, last + 1).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
    expect(times.map((t) => heard.get(t))).toEqual(expected);
    // The gap (about 1.5 s of wall time: 1.5 minutes of market) came over REST, each bar once.
    expect(service.live.backfilledBars).toBeGreaterThanOrEqual(1);
    expect(revisions.filter((r) => r === 'backfill')).toHaveLength(service.live.backfilledBars);
    expect(revisions.length).toBe(heard.size);
  });

  it('a failed backfill is tried again, the symbol stays stale meanwhile, and the gap is still closed exactly', async () => {
    const { ex, service, log } = await start();
    const heard = new Map<number, Bar>();
    const release = service.subscribe(['AAPL'], { onBar: (live) => heard.set(live.bar.t, live.bar) });
    await expect.poll(() => heard.size, WAIT).toBeGreaterThanOrEqual(2);
    ex.faults.disconnectStreams('market_data');
    await expect.poll(() => service.live.connection, WAIT).not.toBe('connected');
    // Every REST answer fails while the stream reconnects: the first backfill cannot close the gap.
    ex.faults.set({ errorBurst: { status: 500, remaining: 1_000 } });
    const failures = (): number => log.recent(500).filter((e) => /backfill after reconnect failed \(trying again/.test(e.message)).length;
    await expect.poll(failures, WAIT).toBeGreaterThanOrEqual(1);
    expect(service.live.connection).toBe('connected');
    expect(service.live.flowing).toBe(false);
    expect(service.status().symbols.find((s) => s.symbol === 'AAPL')?.stale).toBe(true);
    ex.faults.reset();
    await expect.poll(() => service.live.flowing, WAIT).toBe(true);
    expect(service.live.backfillCount).toBe(1);
    const afterBackfill = heard.size;
    await expect.poll(() => heard.size, WAIT).toBeGreaterThanOrEqual(afterBackfill + 2);
    release();
    const times = [...heard.keys()].sort((x, y) => x - y);
    const expected = ex.market.bars('AAPL', { amount: 1, unit: 'Min' }, times[0]!, times.at(-1)! + 1).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
    expect(times.map((t) => heard.get(t))).toEqual(expected);
    expect(service.live.backfilledBars).toBeGreaterThanOrEqual(1);
  });

  it('publishes the forming bar of a watched timeframe; a bucket seen whole equals the exchange\'s bar', async () => {
    const { ex, service } = await start();
    const forming = new Map<number, Bar>();
    const release = service.subscribe(['AAPL'], {
      onBar: (live) => {
        if (live.timeframe === '5Min' && live.forming) forming.set(live.bar.t, live.bar);
      },
    }, ['5Min']);
    // Watch until a bucket has been seen from its first trade to its end: two buckets after the first one.
    await expect.poll(() => forming.size, { timeout: 30_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    release();
    const starts = [...forming.keys()].sort((a, b) => a - b);
    const whole = starts[1]!;
    const expected = ex.market.bars('AAPL', { amount: 5, unit: 'Min' }, whole, whole + 5 * 60_000);
    expect(expected).toHaveLength(1);
    const bar = forming.get(whole)!;
    expect({ t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c }).toEqual({ t: expected[0]!.t, o: expected[0]!.o, h: expected[0]!.h, l: expected[0]!.l, c: expected[0]!.c });
    expect(bar.v).toBe(expected[0]!.v);
  }, 40_000);

  it('flags symbols stale when the stream goes silent during market hours, and fresh when data returns', async () => {
    const { ex, service } = await start({ speed: 1, staleAfterMs: 1500 });
    const statuses: MarketDataStatus[] = [];
    const release = service.subscribe(['AAPL', 'SPY'], { onStatus: (s) => statuses.push(s) });
    await expect.poll(() => service.live.lastMessageAt('AAPL'), WAIT).not.toBeNull();
    expect(service.live.isStale('AAPL')).toBe(false);
    ex.faults.set({ streamsSilent: true });
    await expect.poll(() => service.live.isStale('AAPL') && service.live.isStale('SPY'), WAIT).toBe(true);
    expect(statuses.some((s) => s.symbols.some((x) => x.symbol === 'AAPL' && x.stale) && s.marketOpen)).toBe(true);
    const snapshot = await service.snapshots(['AAPL']);
    expect(snapshot[0]?.stale).toBe(true);
    ex.faults.set({ streamsSilent: false });
    await expect.poll(() => service.live.isStale('AAPL'), WAIT).toBe(false);
    expect(statuses.at(-1)?.symbols.find((x) => x.symbol === 'AAPL')?.stale ?? false).toBe(false);
    release();
  });
});
