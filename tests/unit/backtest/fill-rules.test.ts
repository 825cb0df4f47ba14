import { describe, expect, it } from 'vitest';
import { ceilCents, commissionFor, regulatoryFeeFor } from '../../../src-main/backtest/fill-model.js';
import { run } from './helpers.js';

// Every expected price below is worked out by hand from the rule in README.md ("Backtest fill rules").
const flat: Array<[number, number, number, number]> = [
  [100, 101, 99, 100],
  [102, 105, 98, 103],
  [103, 104, 95, 96],
  [96, 97, 90, 91],
];

describe('market orders', () => {
  it("fill at the next bar's open by default", () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 10) });
    expect(result.fills.map((f) => [f.timeIndex, f.price, f.qty])).toEqual([[1, 102, 10]]);
    expect(result.cash).toBe(100_000 - 1020);
  });
  it('fill at the close of the signal bar with marketFill close', () => {
    const { result } = run(flat, { 1: (c) => c.orders.market('TEST', 'buy', 10) }, { fill: { marketFill: 'close' } });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([[1, 103]]);
  });
  it('an order sent on the last bar never fills', () => {
    const { result } = run(flat, { 3: (c) => c.orders.market('TEST', 'buy', 10) });
    expect(result.fills).toEqual([]);
    expect(result.finalValue).toBe(100_000);
  });
});

describe('limit orders', () => {
  it('buy limit inside the range fills at the limit', () => {
    const { result } = run(flat, { 0: (c) => c.orders.limit('TEST', 'buy', 1, 99, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([[1, 99]]);
  });
  it('buy limit gapped through fills at the (better) open', () => {
    const { result } = run(flat, { 2: (c) => c.orders.limit('TEST', 'buy', 1, 97, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([[3, 96]]);
  });
  it('sell limit above the range rests; a day order expires after its session', () => {
    const { result, updates } = run(flat, { 0: (c) => c.orders.limit('TEST', 'sell', 1, 110, 'day') }, { account: { allowShort: true } });
    expect(result.fills).toEqual([]);
    expect(updates.map((u) => u.state)).toEqual(['accepted', 'expired']);
  });
  it('sell limit reached inside the bar fills at the limit', () => {
    const { result } = run(flat, { 0: (c) => c.orders.limit('TEST', 'sell', 1, 104, 'gtc') }, { account: { allowShort: true } });
    expect(result.fills.map((f) => [f.timeIndex, f.price, f.side])).toEqual([[1, 104, 'sell']]);
  });
});

describe('stop orders', () => {
  it('sell stop inside the range fills at the stop', () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 1), 1: (c) => c.orders.stop('TEST', 'sell', 1, 97, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([
      [1, 102],
      [2, 97],
    ]);
  });
  it('sell stop gapped through fills at the (worse) open', () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 1), 2: (c) => c.orders.stop('TEST', 'sell', 1, 98, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([
      [1, 102],
      [3, 96],
    ]);
  });
  it('buy stop above the open fills at the stop when the high reaches it', () => {
    const { result } = run(flat, { 0: (c) => c.orders.stop('TEST', 'buy', 1, 104, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([[1, 104]]);
  });
  it('stop-limit triggered inside the bar with an unreachable limit rests, then fills as a limit', () => {
    // Buy stop 104 triggers on bar 1 (high 105); limit 100 < 104 so it rests; bar 2 low 95 reaches 100 -> 100.
    const { result } = run(flat, { 0: (c) => c.orders.stopLimit('TEST', 'buy', 1, 104, 100, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([[2, 100]]);
  });
  it('trailing stop: the watermark follows the highs, the stop trails it', () => {
    const rows: Array<[number, number, number, number]> = [
      [100, 100, 100, 100],
      [100, 110, 100, 109],
      [109, 112, 106, 111],
      [111, 111, 100, 101],
    ];
    // Watermark starts at 100 (close when sent, bar 0); bar 1 stop 95, no hit, watermark 110; bar 2 stop 105,
    // low 106: no hit, watermark 112; bar 3 stop 107, low 100 -> fills at 107.
    const { result } = run(rows, { 0: (c) => c.orders.market('TEST', 'buy', 1), 1: (c) => c.orders.trailingStop('TEST', 'sell', 1, { trailPrice: 5 }, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.price])).toEqual([
      [1, 100],
      [3, 107],
    ]);
  });
});

describe('brackets and OCO', () => {
  it('a bracket places both exits after the entry fills; the first to fill cancels the other', () => {
    const rows: Array<[number, number, number, number]> = [
      [100, 100, 100, 100],
      [100, 101, 99, 100],
      [100, 112, 99, 111],
      [111, 111, 80, 85],
    ];
    const { result, updates } = run(rows, { 0: (c) => c.orders.bracket('TEST', 'buy', 5, { takeProfit: 110, stopLoss: 90 }, undefined, 'gtc') });
    expect(result.fills.map((f) => [f.timeIndex, f.side, f.price])).toEqual([
      [1, 'buy', 100],
      [2, 'sell', 110],
    ]);
    expect(updates.filter((u) => u.state === 'canceled').map((u) => u.intent.type)).toEqual(['stop']);
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0]!.pnl).toBe(50);
  });
});

describe('slippage', () => {
  it('fixed bps moves market fills against the trader', () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 10) }, { fill: { slippage: { kind: 'fixed-bps', bps: 50 } } });
    expect(result.fills[0]!.price).toBeCloseTo(102 * 1.005, 10);
  });
  it('never takes a limit order past its limit', () => {
    const { result } = run(flat, { 0: (c) => c.orders.limit('TEST', 'buy', 1, 99, 'gtc') }, { fill: { slippage: { kind: 'fixed-bps', bps: 50 } } });
    expect(result.fills[0]!.price).toBe(99);
  });
  it('volume share: impact = k x share^2, fills capped at maxShare of the volume, the rest fills on later bars', () => {
    // volume 1000, maxShare 0.1 -> 100 shares a bar; 250 ordered -> 100, 100, 50. Impact 0.5 x 0.1^2 = 0.5 %.
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 250, 'gtc') }, { fill: { slippage: { kind: 'volume-share', impact: 0.5, maxShare: 0.1 } } }, 1000);
    expect(result.fills.map((f) => f.qty)).toEqual([100, 100, 50]);
    expect(result.fills[0]!.price).toBeCloseTo(102 * 1.005, 10);
    expect(result.fills[2]!.price).toBeCloseTo(96 * (1 + 0.5 * 0.05 * 0.05), 10);
  });
});

describe('commissions and fees', () => {
  it('per share with a per-order minimum', () => {
    expect(commissionFor({ kind: 'per-share', perShare: 0.005, minPerOrder: 1 }, 100, 50, 0)).toBe(1);
    expect(commissionFor({ kind: 'per-share', perShare: 0.005, minPerOrder: 1 }, 1000, 50, 0)).toBe(5);
  });
  it('per order is charged once per order, percent on notional', () => {
    expect(commissionFor({ kind: 'per-order', perOrder: 4.95 }, 10, 50, 0)).toBe(4.95);
    expect(commissionFor({ kind: 'per-order', perOrder: 4.95 }, 10, 50, 4.95)).toBe(0);
    expect(commissionFor({ kind: 'percent', percent: 0.1 }, 10, 50, 0)).toBeCloseTo(0.5, 12);
  });
  it('regulatory fees: SEC on sell notional and FINRA TAF per share, each rounded up to the cent; none on buys', () => {
    const fees = { secPerMillion: 27.8, tafPerShare: 0.000166, tafMax: 8.3 };
    // 100 x 50 = 5000 -> SEC 0.139 -> 0.14; TAF 0.0166 -> 0.02.
    expect(regulatoryFeeFor(fees, 'sell', 100, 50)).toBe(0.16);
    expect(regulatoryFeeFor(fees, 'buy', 100, 50)).toBe(0);
    // 100000 shares: TAF 16.6 capped at 8.30; SEC on 1,000,000 = 27.80.
    expect(regulatoryFeeFor(fees, 'sell', 100_000, 10)).toBe(36.1);
    expect(ceilCents(0.1 + 0.2)).toBe(0.3);
  });
  it('the ledger pays commissions and the trade P&L is net of them', () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 10), 1: (c) => c.orders.market('TEST', 'sell', 10) }, { fill: { commission: { kind: 'per-order', perOrder: 1 } } });
    // Buy 10 @ 102, sell 10 @ 103: +10 gross, -2 commissions.
    expect(result.cash).toBe(100_008);
    expect(result.trades[0]!.pnl).toBeCloseTo(8, 10);
  });
});

describe('cash, margin and shorts', () => {
  it('refuses a buy the cash cannot pay for in a cash account', () => {
    const { result, updates } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 1000) }, { account: { cash: 50_000 } });
    expect(result.fills).toEqual([]);
    expect(updates.find((u) => u.state === 'rejected')?.reason).toMatch(/buying power/);
  });
  it('allows it with 2x margin, and the cash goes negative (a loan)', () => {
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'buy', 600) }, { account: { cash: 50_000, leverage: 2 } });
    expect(result.fills).toHaveLength(1);
    expect(result.cash).toBe(50_000 - 61_200);
  });
  it('refuses a short unless shorts are allowed; a short profits when the price falls', () => {
    expect(run(flat, { 0: (c) => c.orders.market('TEST', 'sell', 10) }).result.fills).toEqual([]);
    const { result } = run(flat, { 0: (c) => c.orders.market('TEST', 'sell', 10), 2: (c) => c.orders.market('TEST', 'buy', 10) }, { account: { allowShort: true } });
    // Short 10 @ 102, cover 10 @ 96.
    expect(result.trades[0]).toMatchObject({ direction: 'short', pnl: 60 });
    expect(result.finalValue).toBe(100_060);
  });
});
