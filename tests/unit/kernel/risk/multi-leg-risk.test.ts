import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { orderIntent, type OrderIntentInput } from '../../../../src-shared/domain/order-intent.js';
import { RiskEngine } from '../../../../src-main/kernel/risk/risk-engine.js';
import type { RiskContext, RiskQuote } from '../../../../src-main/kernel/risk/risk-types.js';

const d = (v: string | number): Decimal => new Decimal(v);
const q = (bid: string, ask: string): RiskQuote => ({ bid: d(bid), ask: d(ask) });

// The recorded iron condor (tests/fixtures/alpaca-contract/trading/order-mleg-request-iron-condor.from-docs.json):
// long 190 put, short 195 put, short 205 call, long 210 call.
const CONDOR = [
  { symbol: 'AAPL250117P00190000', side: 'buy', ratioQty: '1', positionIntent: 'buy_to_open' },
  { symbol: 'AAPL250117P00195000', side: 'sell', ratioQty: '1', positionIntent: 'sell_to_open' },
  { symbol: 'AAPL250117C00205000', side: 'sell', ratioQty: '1', positionIntent: 'sell_to_open' },
  { symbol: 'AAPL250117C00210000', side: 'buy', ratioQty: '1', positionIntent: 'buy_to_open' },
] as const;
const QUOTES = new Map([
  ['AAPL250117P00190000', q('0.90', '1.00')],
  ['AAPL250117P00195000', q('1.90', '2.00')],
  ['AAPL250117C00205000', q('2.10', '2.20')],
  ['AAPL250117C00210000', q('1.00', '1.10')],
]);

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
    quote: undefined,
    asset: undefined,
    session: 'regular',
    legQuotes: QUOTES,
    ...over,
  };
}

const condor = (over: Partial<OrderIntentInput> = {}) =>
  orderIntent.parse({ orderClass: 'mleg', type: 'limit', timeInForce: 'day', qty: '2', limitPrice: '-1.80', legs: CONDOR.map((l) => ({ ...l })), ...over });
const engine = () => new RiskEngine({ maxOrderQty: '500', maxOrderNotional: '20000', maxPositionQty: '600', maxGrossExposure: '50000', dailyLossLimit: '1000', maxDrawdown: '0.1', priceBand: '0.05' });

describe('multi-leg (mleg) orders in the risk engine', () => {
  it('judges an iron condor at its net credit and takes its worst loss at expiry from buying power', () => {
    const verdict = engine().evaluate(condor(), context());
    expect(verdict).toMatchObject({ ok: true, reducing: false });
    // 5-wide wings, 1.80 credit: worst loss (5 - 1.80) x 100 x 2 spreads.
    if (verdict.ok) {
      expect(verdict.referencePrice?.toString()).toBe('-1.8');
      expect(verdict.estimatedNotional?.toString()).toBe('640');
    }
    expect(engine().evaluate(condor(), context({ buyingPower: d(600) }))).toMatchObject({ ok: false, code: 'BUYING_POWER' });
  });

  it('refuses a debit limit far above the legs’ own prices (a credit typed without its minus sign)', () => {
    // Natural: buy 1.00 + 1.10, sell 2.00... credit of (1.90 + 2.10) - (1.00 + 1.10) = 1.90: -1.90.
    expect(engine().evaluate(condor({ limitPrice: '1.80' }), context())).toMatchObject({ ok: false, code: 'PRICE_BAND' });
    expect(engine().evaluate(condor({ limitPrice: '-1.70' }), context())).toMatchObject({ ok: true });
  });

  it('needs a quote for every leg', () => {
    const quotes = new Map(QUOTES);
    quotes.delete('AAPL250117C00210000');
    const verdict = engine().evaluate(condor(), context({ legQuotes: quotes }));
    expect(verdict).toMatchObject({ ok: false, code: 'NO_QUOTE' });
    if (!verdict.ok) expect(verdict.message).toContain('AAPL250117C00210000');
  });

  it('refuses a package that sells more calls than it buys (unbounded loss)', () => {
    const legs = [{ ...CONDOR[2] }, { symbol: 'AAPL250117P00190000', side: 'buy' as const, ratioQty: '1' }];
    expect(engine().evaluate(condor({ legs, limitPrice: '-1.00' }), context())).toMatchObject({ ok: false, code: 'UNCOVERED_OPTION' });
  });

  it('counts contracts (spreads x legs) against the order size limit', () => {
    const wide = new RiskEngine({ maxOrderQty: '500', maxOrderNotional: '1000000' });
    expect(wide.evaluate(condor({ qty: '125' }), context())).toMatchObject({ ok: true });
    expect(wide.evaluate(condor({ qty: '126' }), context())).toMatchObject({ ok: false, code: 'MAX_ORDER_QTY' });
    // The premium counts too: 112 spreads at a 1.80 credit is $20,160 of premium, over $20,000.
    expect(engine().evaluate(condor({ qty: '112' }), context())).toMatchObject({ ok: false, code: 'MAX_ORDER_NOTIONAL' });
  });

  it('in REDUCING passes only a package whose every leg closes part of a position', () => {
    const risk = engine();
    risk.setState('REDUCING', 'daily loss');
    const closing = CONDOR.map((l) => ({ symbol: l.symbol, side: l.side === 'buy' ? ('sell' as const) : ('buy' as const), ratioQty: '1' }));
    const held = new Map(CONDOR.map((l) => [l.symbol, d(l.side === 'buy' ? 2 : -2)]));
    expect(risk.evaluate(condor({ legs: closing, limitPrice: '1.95' }), context({ positions: held }))).toMatchObject({ ok: true, reducing: true });
    expect(risk.evaluate(condor(), context({ positions: held }))).toMatchObject({ ok: false, code: 'RISK_REDUCING_ONLY' });
  });
});

describe('the mleg order shape', () => {
  const issues = (over: Partial<OrderIntentInput>) => {
    const parsed = orderIntent.safeParse({ orderClass: 'mleg', type: 'limit', timeInForce: 'day', qty: '1', limitPrice: '-1.80', legs: CONDOR.map((l) => ({ ...l })), ...over });
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };

  it('takes a negative net limit (a credit) for mleg only', () => {
    expect(issues({})).toEqual([]);
    expect(orderIntent.safeParse({ symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: '1', limitPrice: '-1' }).success).toBe(false);
  });

  it('refuses stock legs, repeated contracts, fractional ratios, mixed underlyings, stop orders and ioc', () => {
    expect(issues({ legs: [{ symbol: 'AAPL', side: 'buy', ratioQty: '100' }, { ...CONDOR[2] }] }).join()).toMatch(/option legs only/);
    expect(issues({ legs: [{ ...CONDOR[0] }, { ...CONDOR[0] }] }).join()).toMatch(/appears twice/);
    expect(issues({ legs: [{ ...CONDOR[0], ratioQty: '1.5' }, { ...CONDOR[1] }] }).join()).toMatch(/whole number/);
    expect(issues({ legs: [{ ...CONDOR[0] }, { symbol: 'SPY250117C00500000', side: 'sell', ratioQty: '1' }] }).join()).toMatch(/one underlying/);
    expect(issues({ type: 'stop', limitPrice: undefined, stopPrice: '1' }).join()).toMatch(/market or limit/);
    expect(issues({ timeInForce: 'ioc' }).join()).toMatch(/day or gtc/);
    expect(issues({ qty: '1.5' }).join()).toMatch(/whole number of spreads/);
  });
});
