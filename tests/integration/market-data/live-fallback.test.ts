import { afterEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { DataSource, MarketDataStatus } from '../../../src-shared/ipc/market-data-schemas.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { EventHub } from '../../../src-main/ipc/event-hub.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const WAIT = { timeout: 30_000, interval: 50 };

interface Heard {
  symbol: string;
  source: DataSource;
}

/**
 * The live stream's fallback against the real local exchange over HTTP and WebSocket on loopback, the market on a
 * simulated clock 60 times as fast as the wall clock: the exchange stops (stream and REST gone), the GUIs' events
 * keep moving from the synthetic generator with every symbol flagged synthetic and stale, while bots and alerts
 * (a `subscribe` consumer) hear nothing; the exchange comes back on the same port and clock, the gap is backfilled
 * and the source flips back to the exchange, and the minute bars the consumer heard have no hole.
 */
describe('live stream fallback', () => {
  let exchanges: RunningExchange[] = [];
  let service: MarketDataService | undefined;
  afterEach(async () => {
    service?.stop();
    await Promise.all(exchanges.map((e) => e.close().catch(() => undefined)));
    exchanges = [];
    service = undefined;
  });

  it('falls back to synthetic values for the GUIs while the exchange is down, then backfills and flips back', async () => {
    const clock = new SimulatedClock(START, 60);
    const first = await startExchange({ seed: 5, clock });
    exchanges.push(first);
    const log = new Logger({ keep: 1000 });
    const hub = new EventHub(log);
    const guiTrades: Heard[] = [];
    const guiBars: Heard[] = [];
    const guiStatus: MarketDataStatus[] = [];
    hub.subscribe('marketData.trade', (batch) => guiTrades.push(...(batch.items as Heard[])));
    hub.subscribe('marketData.bar', (batch) => guiBars.push(...(batch.items as Heard[])));
    hub.subscribe('marketData.status', (batch) => guiStatus.push(...(batch.items as MarketDataStatus[])));
    const config = demoDataConfig(first);
    service = new MarketDataService({
      log,
      hub,
      config: () => config,
      checkEveryMs: 100,
      clockPollMs: 500,
      providerRetryAfterMs: 500,
      fallbackAfterMs: 300,
      fallbackPollMs: 100,
      stream: { initialReconnectMs: 300, maxReconnectMs: 600, reconnectJitter: 0.1, pingIntervalMs: 0 },
    });
    await service.start();
    await expect.poll(() => service!.live.connection, WAIT).toBe('connected');

    // A bot or an alert: what it hears, and the stale flag it would check before acting.
    const consumer: Array<{ kind: 'trade' | 'bar'; source: DataSource }> = [];
    const minuteBars = new Map<number, Bar>();
    const release = service.subscribe(['AAPL', 'MSFT'], {
      onTrade: (_t, source) => consumer.push({ kind: 'trade', source }),
      onBar: (live, source) => {
        consumer.push({ kind: 'bar', source });
        if (live.symbol === 'AAPL' && live.timeframe === '1Min' && !live.forming) minuteBars.set(live.bar.t, live.bar);
      },
    }, ['1Min']);
    await expect.poll(() => minuteBars.size, WAIT).toBeGreaterThanOrEqual(2);
    expect(service.status().symbols.find((s) => s.symbol === 'AAPL')).toMatchObject({ source: 'demo-exchange', stale: false });

    // The exchange goes away: stream and REST.
    await first.close();
    await expect.poll(() => service!.liveFallback?.active, WAIT).toBe(true);
    const heardAtOutage = consumer.length;
    const syntheticTrades = (): number => guiTrades.filter((t) => t.symbol === 'AAPL' && t.source === 'synthetic').length;
    await expect.poll(syntheticTrades, WAIT).toBeGreaterThanOrEqual(3);
    await expect.poll(() => guiBars.filter((b) => b.symbol === 'AAPL' && b.source === 'synthetic').length, WAIT).toBeGreaterThanOrEqual(1);
    const during = service.status();
    for (const symbol of ['AAPL', 'MSFT']) expect(during.symbols.find((s) => s.symbol === symbol)).toMatchObject({ source: 'synthetic', stale: true });
    expect(guiStatus.some((s) => s.symbols.some((x) => x.symbol === 'AAPL' && x.source === 'synthetic' && x.stale))).toBe(true);
    expect(service.health().detail).toMatch(/fallback values/);
    // Nothing reached the consumer while the stream was down: no fallback value, no value at all.
    expect(consumer.length).toBe(heardAtOutage);

    // Long enough down that at least one whole minute bar was missed (at 60x a market minute is a wall second; a
    // loaded machine must not shorten the gap the backfill is checked on).
    const lastHeard = Math.max(...minuteBars.keys());
    await expect.poll(() => clock.now() >= lastHeard + 3 * 60_000, WAIT).toBe(true);

    // Back on the same port, keys and clock: reconnect, backfill, flip back.
    const second = await startExchange({ seed: 5, clock, port: first.port, keys: first.keys });
    exchanges.push(second);
    await expect.poll(() => service!.live.backfillCount, WAIT).toBeGreaterThanOrEqual(1);
    await expect.poll(() => service!.live.flowing && !service!.liveFallback?.active, WAIT).toBe(true);
    await expect
      .poll(() => service!.status().symbols.filter((s) => s.source === 'demo-exchange' && !s.stale).map((s) => s.symbol).sort(), WAIT)
      .toEqual(['AAPL', 'MSFT']);
    await expect.poll(() => guiStatus.at(-1)?.symbols.find((s) => s.symbol === 'AAPL')?.source, WAIT).toBe('demo-exchange');
    const tradesAfter = guiTrades.length;
    await expect.poll(() => guiTrades.slice(tradesAfter).some((t) => t.symbol === 'AAPL' && t.source === 'demo-exchange'), WAIT).toBe(true);
    const barsAtReturn = minuteBars.size;
    await expect.poll(() => minuteBars.size, WAIT).toBeGreaterThanOrEqual(barsAtReturn + 2);
    release();

    // Everything the consumer heard was the exchange's, and its minute bars are the exchange's with no hole.
    expect(new Set(consumer.map((c) => c.source))).toEqual(new Set(['demo-exchange']));
    expect(service.live.backfilledBars).toBeGreaterThanOrEqual(1);
    const times = [...minuteBars.keys()].sort((a, b) => a - b);
    const expected = second.market.bars('AAPL', { amount: 1, unit: 'Min' }, times[0]!, times.at(-1)! + 1).map(({ t, o, h, l, c, v }) => ({ t, o, h, l, c, v }));
    expect(times.map((t) => minuteBars.get(t))).toEqual(expected);
  }, 90_000);
});
