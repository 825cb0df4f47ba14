import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlpacaHttpError } from '../../../../src-main/exchange/server/route-types.js';
import { KEY, setup } from './harness.js';

const recorded = JSON.parse(readFileSync(new URL('../../../fixtures/alpaca-contract/errors/422-potential-wash-trade.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function refusal(fn: () => unknown): AlpacaHttpError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AlpacaHttpError) return error;
    throw error;
  }
  return undefined;
}

describe('wash-trade protection (rejectWashTrades)', () => {
  it("refuses an order that could trade against the account's own opposite open order, with Alpaca's recorded body", () => {
    const t = setup({ rejectWashTrades: true });
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    // A resting sell limit above the market.
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '5', side: 'sell', type: 'limit', limit_price: '105', time_in_force: 'gtc' });
    const before = t.broker.ordersOf(KEY).length;
    const market = refusal(() => t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }));
    expect(market?.status).toBe(422);
    expect(market?.body).toEqual(recorded);
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '105', time_in_force: 'day' }))?.body).toEqual(recorded);
    expect(t.broker.ordersOf(KEY)).toHaveLength(before);
    // A buy limit below the resting sell cannot meet it; another symbol and same-side orders are not wash trades.
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limit_price: '104.99', time_in_force: 'day' }))).toBeUndefined();
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'sell', type: 'limit', limit_price: '106', time_in_force: 'gtc' }))).toBeUndefined();
    t.market.setQuote('SPY', 300, 300.1, t.now());
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }))).toBeUndefined();
    // An untriggered stop on the other side does not count.
    t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '1', side: 'sell', type: 'stop', stop_price: '250', time_in_force: 'gtc' });
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'SPY', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }))).toBeUndefined();
  });

  it('is off by default (the exchange then takes both sides, as before)', () => {
    const t = setup();
    t.market.setQuote('AAPL', 100, 100.1, t.now());
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', time_in_force: 'day' });
    t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '5', side: 'sell', type: 'limit', limit_price: '105', time_in_force: 'gtc' });
    expect(refusal(() => t.broker.submitOrder(KEY, { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' }))).toBeUndefined();
  });
});
