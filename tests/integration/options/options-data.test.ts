import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlpacaDataConfig } from '../../../src-main/adapters/alpaca/market-data/config.js';
import { OptionStream } from '../../../src-main/adapters/alpaca/market-data/option-stream.js';
import { AlpacaOptionsRest } from '../../../src-main/adapters/alpaca/market-data/options-rest.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { OptionsService } from '../../../src-main/options/options-service.js';
import { chainResponse, ivHistoryResponse } from '../../../src-shared/ipc/options-schemas.js';

const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York

function configOf(ex: RunningExchange): AlpacaDataConfig {
  return { tradingUrl: ex.tradingUrl, dataUrl: ex.dataUrl, stockStreamUrl: ex.marketDataStreamUrl, keyId: ex.keys.keyId, secret: ex.keys.secret, feed: 'iex', source: 'demo-exchange' };
}

/** Option data through the official SDK against the local exchange over loopback HTTP and WebSocket. */
describe('option data against the local exchange', () => {
  let ex: RunningExchange;
  let dir: string;
  beforeAll(async () => {
    ex = await startExchange({ seed: 7, speed: 1, startTime: START });
    dir = mkdtempSync(join(tmpdir(), 'options-data-'));
  });
  afterAll(async () => {
    await ex.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('contracts and the chain: every listed contract, pages followed, greeks and IV as the exchange computed them', async () => {
    const rest = new AlpacaOptionsRest(configOf(ex));
    const listed = ex.market.optionContracts('SPY');
    expect(listed.length).toBeGreaterThan(100);
    const contracts = await rest.contracts({ underlyings: ['SPY'] });
    expect(contracts.map((c) => c.symbol).sort()).toEqual(listed.map((c) => c.symbol).sort());
    const chain = await rest.chain('SPY');
    expect(chain.map((s) => s.symbol).sort()).toEqual(listed.map((c) => c.symbol).sort());
    const calls = await rest.chain('SPY', { type: 'call' });
    expect(calls.length).toBe(listed.filter((c) => c.type === 'call').length);
    const one = chain[0]!;
    const truth = ex.market.optionSnapshot(one.symbol)!;
    // The exchange runs at wall speed: time passes between the two reads (a second or more on a loaded machine).
    expect(Math.abs(one.greeks!.delta - truth.greeks.delta)).toBeLessThan(0.02);
    expect(Math.abs(one.impliedVolatility! - truth.impliedVolatility)).toBeLessThan(0.005);
    expect(Math.abs(one.quote!.bid - truth.quote.bidPrice)).toBeLessThan(0.05 * truth.quote.bidPrice + 0.02);
    const byName = await rest.snapshots([one.symbol, 'SPY240101C00001000']);
    expect(byName.map((s) => s.symbol)).toEqual([one.symbol]);
    const quotes = await rest.latestQuotes([one.symbol]);
    expect(Math.abs(quotes.get(one.symbol)!.ask - truth.quote.askPrice)).toBeLessThan(0.05 * truth.quote.askPrice + 0.02);
    const trades = await rest.latestTrades([one.symbol]);
    expect(trades.get(one.symbol)?.price).toBeGreaterThan(0);
  });

  it('option bars and trades over a range', async () => {
    const rest = new AlpacaOptionsRest(configOf(ex));
    const symbol = ex.market.optionContracts('AAPL')[0]!.symbol;
    const bars = (await rest.bars([symbol], '1Hour', { start: START - 2 * 86_400_000, end: START })).get(symbol) ?? [];
    const trades = (await rest.trades([symbol], { start: START - 3_600_000, end: START })).get(symbol) ?? [];
    expect(bars.every((b, i) => i === 0 || b.t > bars[i - 1]!.t)).toBe(true);
    expect(trades.every((t) => t.t >= START - 3_600_000 && t.t <= START)).toBe(true);
    expect(bars.length + trades.length).toBeGreaterThan(0);
  });

  it('the option stream (msgpack) delivers quotes of a subscribed contract', async () => {
    const symbol = ex.market.optionContracts('SPY')[3]!.symbol;
    const quotes: number[] = [];
    const stream = new OptionStream(ex.optionStreamUrl, ex.keys, {
      trade: () => undefined,
      quote: (s, q) => {
        if (s === symbol) quotes.push(q.ask);
      },
      state: () => undefined,
      error: () => undefined,
    });
    stream.connect();
    stream.subscribe([symbol]);
    const deadline = Date.now() + 30_000;
    while (quotes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    stream.disconnect();
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes[0]).toBeGreaterThan(0);
  }, 40_000);

  it('the options service: chain rows with their source, an expiry filter, IV recorded into the history store', async () => {
    const service = new OptionsService({ log: new Logger({ level: 'error' }), config: () => configOf(ex), historyFile: join(dir, 'history.sqlite') });
    const chain = chainResponse.parse(await service.chain('SPY', undefined));
    expect(chain.source).toBe('demo-exchange');
    expect(chain.spot).toBeGreaterThan(0);
    expect(chain.computed).toBe(0);
    expect(chain.rows.every((r) => r.greeksSource === 'alpaca')).toBe(true);
    expect(chain.expirations.length).toBeGreaterThanOrEqual(4);
    const first = chain.expirations[0]!;
    const narrowed = await service.chain('SPY', first);
    expect(narrowed.rows.length).toBeGreaterThan(0);
    expect(narrowed.rows.every((r) => r.expiration === first)).toBe(true);
    expect(narrowed.expirations).toEqual(chain.expirations);
    // In the money: calls below the spot, puts above.
    for (const r of narrowed.rows) expect(r.inTheMoney).toBe(r.type === 'call' ? chain.spot! > r.strike : chain.spot! < r.strike);
    const recorded = await service.recordIv('SPY');
    expect(recorded.points).toBe(chain.expirations.length);
    const history = ivHistoryResponse.parse(service.ivHistory('SPY'));
    expect(history.daily).toHaveLength(1);
    expect(history.latest.map((p) => p.expiry)).toEqual(chain.expirations);
    expect(history.daily[0]!.iv30).toBeGreaterThan(0.02);
    expect(history.ivRank).toBeNull(); // one day is no history
    service.stop();
  });
});
