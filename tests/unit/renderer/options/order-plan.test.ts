import { describe, expect, it } from 'vitest';
import { orderIntent } from '../../../../src-shared/domain/order-intent.js';
import { stockLeg, type BuilderLeg } from '../../../../src-renderer/features/options/legs.js';
import { planIntent, planOrder, sharesShortfall, type OrderPlan } from '../../../../src-renderer/features/options/order-plan.js';
import { computePayoff } from '../../../../src-renderer/features/options/payoff.js';

const option = (symbol: string, side: 'buy' | 'sell', quantity: number, premium: number): BuilderLeg => {
  const strike = Number(symbol.slice(-8)) / 1000;
  return { symbol, type: symbol.includes('C0') ? 'call' : 'put', side, quantity, strike, expiration: '2024-03-28', premium, iv: 0.12 };
};

const plan = (legs: BuilderLeg[]): OrderPlan => {
  const result = planOrder(legs);
  if ('error' in result) throw new Error(result.error);
  return result;
};

describe('the builder position as an order', () => {
  it('sends an iron condor as one mleg order at its net credit (negative), opening each leg', () => {
    const condor = plan([
      option('SPY240328P00475000', 'buy', 1, 0.34),
      option('SPY240328P00485000', 'sell', 1, 1.38),
      option('SPY240328C00505000', 'sell', 1, 2.86),
      option('SPY240328C00515000', 'buy', 1, 0.87),
    ]);
    expect(condor.natural).toBe(-3.03);
    const intent = orderIntent.parse(planIntent(condor, 2, condor.natural, 'day', new Map()));
    expect(intent).toMatchObject({ orderClass: 'mleg', type: 'limit', limitPrice: '-3.03', qty: '2', timeInForce: 'day' });
    expect(intent.legs?.map((l) => `${l.side} ${l.ratioQty} ${l.positionIntent}`)).toEqual(['buy 1 buy_to_open', 'sell 1 sell_to_open', 'sell 1 sell_to_open', 'buy 1 buy_to_open']);
  });

  it('reduces quantities to ratios and spreads (a 2 x 4 x 2 butterfly is 2 spreads of 1:2:1), closing what is held', () => {
    const fly = plan([option('SPY240328C00490000', 'buy', 2, 7), option('SPY240328C00495000', 'sell', 4, 4), option('SPY240328C00500000', 'buy', 2, 2)]);
    expect(fly.spreads).toBe(2);
    expect(fly.legs.map((l) => l.ratio)).toEqual([1, 2, 1]);
    expect(fly.natural).toBe(1);
    const intent = planIntent(fly, 2, null, 'gtc', new Map([['SPY240328C00495000', 3]]));
    expect(intent).toMatchObject({ type: 'market', qty: '2' });
    expect(intent.legs?.[1]).toMatchObject({ side: 'sell', positionIntent: 'sell_to_close' });
  });

  it('leaves the stock leg out of the order and asks for the shares to be held', () => {
    const collar = plan([stockLeg('SPY', 'buy', 100, 496.5), option('SPY240328P00485000', 'buy', 1, 1.4), option('SPY240328C00505000', 'sell', 1, 2.86)]);
    expect(collar.legs).toHaveLength(2);
    expect(collar.sharesNeeded).toBe(100);
    expect(sharesShortfall(collar, 1, new Map())).toEqual({ needed: 100, held: 0 });
    expect(sharesShortfall(collar, 2, new Map([['SPY', 150]]))).toEqual({ needed: 200, held: 150 });
    expect(sharesShortfall(collar, 1, new Map([['SPY', 100]]))).toBeNull();
    // A covered call's one option is a plain option order at the call's own (positive) price.
    const covered = plan([stockLeg('SPY', 'buy', 100, 496.5), option('SPY240328C00505000', 'sell', 1, 2.86)]);
    expect(orderIntent.parse(planIntent(covered, 1, covered.natural, 'day', new Map([['SPY', 100]])))).toMatchObject({ symbol: 'SPY240328C00505000', side: 'sell', limitPrice: '2.86', positionIntent: 'sell_to_open', orderClass: 'simple' });
  });

  it('refuses what cannot be one order', () => {
    expect(planOrder([stockLeg('SPY', 'buy', 100, 496)])).toEqual({ error: expect.stringMatching(/no option legs/) });
    expect(planOrder([option('SPY240328C00505000', 'buy', 1, 2), option('SPY240328C00505000', 'sell', 1, 2)])).toEqual({ error: expect.stringMatching(/cancel out/) });
  });

  it('values a stock leg at delta 1 a share in the builder', () => {
    const view = computePayoff([stockLeg('SPY', 'buy', 100, 500)], { spot: 500, rate: 0.04, dividend: 0 }, Date.parse('2024-03-06T15:00:00Z'), 0);
    expect(view.greeks.delta).toBeCloseTo(100, 9);
    const covered = computePayoff([stockLeg('SPY', 'buy', 100, 500), option('SPY240328C00505000', 'sell', 1, 2.86)], { spot: 500, rate: 0.04, dividend: 0 }, Date.parse('2024-03-06T15:00:00Z'), 1);
    // At expiry: capped above the strike at (505 - 500 + 2.86) x 100.
    expect(covered.analysis.maxProfit).toBeCloseTo(786, 6);
    expect(covered.analysis.breakevens[0]).toBeCloseTo(497.14, 6);
  });
});
