import { marketData } from '@alpacahq/alpaca-trade-api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotFromRest } from '../../../src-main/adapters/alpaca/market-data/options-rest.js';
import { buildChain, markOf, parseOccSymbol, yearsTo } from '../../../src-main/options/chain.js';
import { chainRowSchema } from '../../../src-shared/ipc/options-schemas.js';
import { bsmPrice } from '../../../src-shared/options/black-scholes.js';

const FIXTURES = join(__dirname, '../../fixtures/alpaca-contract/market-data');
function recorded(file: string) {
  const body = marketData.OptionSnapshotsRespFromJSON(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
  return Object.entries(body.snapshots).map(([symbol, s]) => snapshotFromRest(symbol, s!));
}

describe('the chain from recorded Alpaca snapshots', () => {
  it('keeps the greeks and IV a snapshot carries, marked alpaca', () => {
    const snapshots = recorded('options-chain-AAPL-page2-greeks.json');
    expect(snapshots.length).toBeGreaterThan(0);
    const now = Date.parse('2024-04-24T20:00:00Z');
    const { rows, computed } = buildChain({ snapshots, spot: 169.02, now });
    expect(computed).toBe(0);
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'options-chain-AAPL-page2-greeks.json'), 'utf8')).snapshots;
    for (const row of rows) {
      chainRowSchema.parse(row);
      expect(row.greeksSource).toBe('alpaca');
      expect(row.greeks!.delta).toBe(raw[row.symbol].greeks.delta);
      expect(row.iv).toBe(raw[row.symbol].impliedVolatility);
      expect(row.bid).toBe(raw[row.symbol].latestQuote.bp);
    }
  });

  it('computes IV and greeks where the snapshot has none, marked computed, from the mid', () => {
    const snapshots = recorded('options-chain-AAPL-page1.json');
    expect(snapshots.every((s) => s.greeks === null && s.impliedVolatility === null)).toBe(true);
    const now = Date.parse('2024-04-24T20:00:00Z');
    const spot = 169.02;
    const { rows, computed } = buildChain({ snapshots, spot, now, rate: 0.05 });
    expect(computed).toBe(rows.length);
    for (const row of rows) {
      chainRowSchema.parse(row);
      expect(row.greeksSource).toBe('computed');
      const mid = markOf(snapshots.find((s) => s.symbol === row.symbol)!)!;
      // The solved IV reprices the mid (Black-Scholes-Merton, as Alpaca's snapshot greeks are).
      expect(bsmPrice(row.type === 'call', spot, row.strike, yearsTo(row.expiration, now), 0.05, 0, row.iv!)).toBeCloseTo(mid, 6);
      expect(row.greeks!.delta).toBeGreaterThan(0.5); // deep in the money calls
    }
  });

  it('a contract with no price to solve from has no greeks and says so; without a spot nothing is computed', () => {
    const [s] = recorded('options-chain-AAPL-page1.json');
    const bare = { ...s!, quote: null, trade: null };
    expect(buildChain({ snapshots: [bare], spot: 169, now: Date.parse('2024-04-24T20:00:00Z') }).rows[0]!.greeksSource).toBe('none');
    expect(buildChain({ snapshots: [s!], spot: null, now: Date.parse('2024-04-24T20:00:00Z') }).rows[0]!.greeksSource).toBe('none');
  });

  it('reads OCC symbols and sorts rows by expiry, strike, call before put', () => {
    expect(parseOccSymbol('SPXW240327P04925000')).toEqual({ root: 'SPXW', expiration: '2024-03-27', type: 'put', strike: 4925 });
    expect(parseOccSymbol('AAPL')).toBeUndefined();
    const mk = (symbol: string) => ({ symbol, quote: { t: 0, bid: 1, ask: 1.1, bidSize: 1, askSize: 1 }, trade: null, dailyBar: null, greeks: null, impliedVolatility: null });
    const { rows } = buildChain({ snapshots: ['X240510P00010000', 'X240503C00011000', 'X240503P00010000', 'X240503C00010000'].map(mk), spot: null, now: 0 });
    expect(rows.map((r) => r.symbol)).toEqual(['X240503C00010000', 'X240503P00010000', 'X240503C00011000', 'X240510P00010000']);
  });
});
