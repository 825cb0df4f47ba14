import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { orderIntent, type OrderIntentInput } from '../../../../src-shared/domain/order-intent.js';
import { RiskEngine } from '../../../../src-main/kernel/risk/risk-engine.js';
import type { RiskContext } from '../../../../src-main/kernel/risk/risk-types.js';

const d = (v: string | number): Decimal => new Decimal(v);

function context(over: Partial<RiskContext> = {}): RiskContext {
  return {
    buyingPower: d(100_000),
    equity: d(100_000),
    lastEquity: d(100_000),
    peakEquity: d(100_000),
    accountBlocked: false,
    shortingEnabled: true,
    positions: new Map(),
    marks: new Map(),
    quote: { bid: d('99.90'), ask: d('100.10') },
    asset: { tradable: true, shortable: true, fractionable: true },
    session: 'regular',
    ...over,
  };
}

const intent = (over: Partial<OrderIntentInput> = {}) => orderIntent.parse({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '10', ...over });

describe('RiskEngine', () => {
  const engine = (): RiskEngine => new RiskEngine({ maxOrderQty: '500', maxOrderNotional: '20000', maxPositionQty: '600', maxGrossExposure: '50000', dailyLossLimit: '1000', maxDrawdown: '0.1', priceBand: '0.05' });

  it('MAX_POSITION counts working orders on the order’s side, not the other side', () => {
    const working = (buy: number, sell: number) => new Map([['AAPL', { buy: d(buy), sell: d(sell) }]]);
    const held = new Map([['AAPL', d(100)]]);
    expect(engine().evaluate(intent({ qty: '50' }), context({ positions: held, working: working(0, 0) }))).toMatchObject({ ok: true });
    expect(engine().evaluate(intent({ qty: '50' }), context({ positions: held, working: working(460, 0) }))).toMatchObject({ ok: false, code: 'MAX_POSITION' });
    // Working sells do not make a buy riskier.
    expect(engine().evaluate(intent({ qty: '50' }), context({ positions: held, working: working(0, 400) }))).toMatchObject({ ok: true });
    // A short side: working sells count for a sell that is not reducing.
    expect(engine().evaluate(intent({ side: 'sell', qty: '50' }), context({ positions: new Map([['AAPL', d(-100)]]), working: working(0, 460) }))).toMatchObject({ ok: false, code: 'MAX_POSITION' });
  });

  it('a single option contract: selling one to open is not a short sale, and it is valued at 100 shares a contract', () => {
    const call = 'AAPL240419C00190000';
    const noShorts = context({ quote: { bid: d('2.00'), ask: d('2.10') }, asset: { tradable: true, shortable: false, fractionable: false }, shortingEnabled: false });
    const sold = engine().evaluate(intent({ symbol: call, side: 'sell', qty: '3', positionIntent: 'sell_to_open' }), noShorts);
    expect(sold).toMatchObject({ ok: true });
    if (sold.ok) expect(sold.estimatedNotional?.toString()).toBe('600');
    // 20 contracts at 10.10 are $20,200 of premium: over the order notional limit, as shares of that value would be.
    expect(engine().evaluate(intent({ symbol: call, qty: '20' }), context({ quote: { bid: d('10.00'), ask: d('10.10') } }))).toMatchObject({ ok: false, code: 'MAX_ORDER_NOTIONAL' });
    // A stock sold short on the same account still is one.
    expect(engine().evaluate(intent({ side: 'sell' }), noShorts)).toMatchObject({ ok: false, code: 'NOT_SHORTABLE' });
  });

  it('passes an ordinary order and values it at the far side of the quote', () => {
    const verdict = engine().evaluate(intent(), context());
    expect(verdict).toMatchObject({ ok: true, reducing: false });
    if (verdict.ok) expect(verdict.estimatedNotional?.toString()).toBe('1001');
  });

  const denials: Array<[string, Partial<OrderIntentInput>, Partial<RiskContext>]> = [
    ['MAX_ORDER_QTY', { qty: '501', type: 'limit', limitPrice: '10' }, {}],
    ['MAX_ORDER_NOTIONAL', { qty: '201' }, {}],
    ['MAX_POSITION', { qty: '150' }, { positions: new Map([['AAPL', d(500)]]) }],
    ['MAX_GROSS_EXPOSURE', { qty: '100' }, { positions: new Map([['SPY', d(100)]]), marks: new Map([['SPY', d(450)]]) }],
    ['DAILY_LOSS_LIMIT', {}, { equity: d(98_999), lastEquity: d(100_000) }],
    ['MAX_DRAWDOWN', {}, { equity: d(89_000), lastEquity: d(89_000), peakEquity: d(100_000) }],
    ['BUYING_POWER', { qty: '100' }, { buyingPower: d(5000) }],
    ['MARKET_CLOSED', { timeInForce: 'ioc' }, { session: 'closed' }],
    ['EXTENDED_HOURS_RULES', { type: 'limit', limitPrice: '100', extendedHours: true }, { session: 'closed' }],
    ['NOT_TRADABLE', {}, { asset: { tradable: false, shortable: true, fractionable: true } }],
    ['NOT_SHORTABLE', { side: 'sell' }, { asset: { tradable: true, shortable: false, fractionable: true } }],
    ['NOT_SHORTABLE', { side: 'sell' }, { shortingEnabled: false }],
    ['NOT_FRACTIONABLE', { qty: '0.5' }, { asset: { tradable: true, shortable: true, fractionable: false } }],
    ['PRICE_BAND', { type: 'limit', limitPrice: '105.20' }, {}],
    ['PRICE_BAND', { side: 'sell', type: 'limit', limitPrice: '94.80' }, { positions: new Map([['AAPL', d(10)]]) }],
    ['NO_QUOTE', {}, { quote: undefined }],
    ['ACCOUNT_BLOCKED', {}, { accountBlocked: true }],
  ];
  for (const [code, order, ctx] of denials) {
    it(`denies with ${code} (${JSON.stringify(order)})`, () => {
      const verdict = engine().evaluate(intent(order), context(ctx));
      expect(verdict.ok === false && verdict.code).toBe(code);
      if (!verdict.ok) expect(verdict.message.length).toBeGreaterThan(10);
    });
  }

  it('a limit inside the band passes; extended hours pass in the pre-market', () => {
    expect(engine().evaluate(intent({ type: 'limit', limitPrice: '105.10' }), context()).ok).toBe(true);
    expect(engine().evaluate(intent({ type: 'limit', limitPrice: '100', extendedHours: true }), context({ session: 'pre' })).ok).toBe(true);
    expect(engine().evaluate(intent({ timeInForce: 'day' }), context({ session: 'closed' })).ok).toBe(true);
  });

  it('reducing orders pass the exposure and loss limits, and REDUCING admits only them', () => {
    const e = engine();
    const held = context({ positions: new Map([['AAPL', d(590)]]), equity: d(80_000), peakEquity: d(100_000) });
    expect(e.evaluate(intent({ side: 'sell', qty: '100' }), held)).toMatchObject({ ok: true, reducing: true });
    e.setState('REDUCING', 'test');
    expect(e.evaluate(intent({ side: 'buy', qty: '1' }), context()).ok === false).toBe(true);
    expect(e.evaluate(intent({ side: 'sell', qty: '591' }), held)).toMatchObject({ ok: false, code: 'RISK_REDUCING_ONLY' });
    expect(e.evaluate(intent({ side: 'sell', qty: '150' }), held).ok).toBe(true);
    e.setState('HALTED', 'kill switch');
    expect(e.evaluate(intent({ side: 'sell', qty: '1' }), held)).toMatchObject({ ok: false, code: 'RISK_HALTED' });
  });

  it('notional orders are judged by their dollars first', () => {
    expect(engine().evaluate(intent({ qty: undefined, notional: '20001' }), context())).toMatchObject({ ok: false, code: 'MAX_ORDER_NOTIONAL' });
  });
});
