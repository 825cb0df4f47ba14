import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { QuoteColumns, TradeColumns } from '../../../src-main/backtest/market-data.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { openHistoryDatabase } from '../../../src-main/history/history-db.js';
import { TickStore } from '../../../src-main/history/ticks/tick-store.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { demoDataConfig, MarketDataService } from '../../../src-main/services/market-data-service.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York
const WAIT = { timeout: 30_000, interval: 50 };

/** Recording the local exchange's live quotes and trades (real WebSocket on loopback) into history.sqlite. */
describe('tick recording from the live stream', () => {
  let ex: RunningExchange | undefined;
  let service: MarketDataService | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    service?.stop();
    await ex?.close();
    service = undefined;
    ex = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const startService = async (historyFile: string): Promise<MarketDataService> => {
    const s = new MarketDataService({ log: new Logger({ keep: 200 }), config: () => demoDataConfig(ex!), historyFile, tickFlushMs: 250, checkEveryMs: 100, stream: { initialReconnectMs: 1500, reconnectJitter: 0.2, pingIntervalMs: 0 } });
    await s.start();
    await expect.poll(() => s.live.connection, WAIT).toBe('connected');
    return s;
  };

  it('stores the streamed ticks of a recorded symbol in batched writes, exactly as the exchange made them, and keeps the switch across a restart', async () => {
    ex = await startExchange({ seed: 5, speed: 60, startTime: START });
    const dir = mkdtempSync(join(tmpdir(), 'tick-rec-'));
    dirs.push(dir);
    const file = join(dir, 'history.sqlite');
    service = await startService(file);
    expect(service.recordTicks('spy', true)).toEqual(['SPY']);
    // No chart holds SPY: the recorder's own hold keeps it on the socket.
    expect([...(service.live.socketSubscriptions().quotes ?? [])]).toContain('SPY');
    await expect.poll(() => service!.tickRecorder?.written ?? 0, WAIT).toBeGreaterThan(300);
    const recorder = service.tickRecorder!;
    service.stop();
    // Batched: far fewer writes than ticks.
    expect(recorder.flushes).toBeLessThan(recorder.written / 10);
    service = undefined;

    const store = new TickStore(openHistoryDatabase(file));
    const quotes = store.read('SPY', 'quotes') as QuoteColumns;
    const trades = store.read('SPY', 'trades') as TradeColumns;
    expect(quotes.t.length + trades.t.length).toBe(recorder.written);
    expect(quotes.t.length).toBeGreaterThan(0);
    const first = quotes.t[0]!;
    const last = quotes.t[quotes.t.length - 1]!;
    const made = ex.market.quotes('SPY', first, last + 1);
    expect(Array.from(quotes.t)).toEqual(made.map((q) => q.t));
    expect(Array.from(quotes.bid)).toEqual(made.map((q) => q.bidPrice));
    expect(Array.from(quotes.askSize)).toEqual(made.map((q) => q.askSize));
    if (trades.t.length > 1) {
      const madeTrades = ex.market.trades('SPY', trades.t[0]!, trades.t[trades.t.length - 1]! + 1);
      expect(Array.from(trades.price)).toEqual(madeTrades.map((t) => t.price));
    }
    expect(store.recordingSymbols().map((r) => r.symbol)).toEqual(['SPY']);
    store.db.close();

    // Restarted: the switch is still on and the symbol is streamed again without anyone asking.
    service = await startService(file);
    expect(service.tickRecording()).toEqual(['SPY']);
    expect([...(service.live.socketSubscriptions().quotes ?? [])]).toContain('SPY');
    expect(service.recordTicks('SPY', false)).toEqual([]);
    expect([...(service.live.socketSubscriptions().quotes ?? [])]).not.toContain('SPY');
  });
});
