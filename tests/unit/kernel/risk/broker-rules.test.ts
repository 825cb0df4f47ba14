import { Decimal } from 'decimal.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrderIntent } from '../../../../src-shared/domain/order-intent.js';
import { parseOrderRequest, type Instrument } from '../../../../src-main/exchange/broker/order-request.js';
import { AlpacaHttpError } from '../../../../src-main/exchange/server/route-types.js';
import { brokerRuleViolation } from '../../../../src-main/kernel/risk/broker-rules.js';
import { RiskEngine } from '../../../../src-main/kernel/risk/risk-engine.js';
import type { RiskContext } from '../../../../src-main/kernel/risk/risk-types.js';
import { CONTRACT_DIR } from '../../../support/contract.js';

const recorded = (file: string): string => (JSON.parse(readFileSync(join(CONTRACT_DIR, 'errors', file), 'utf8')) as { message: string }).message;

const AAPL: Instrument = { symbol: 'AAPL', assetId: 'a', assetClass: 'us_equity', exchange: 'NASDAQ', multiplier: 1, tradable: true, fractionable: true, shortable: true };

/** An intent as the order path holds it; built directly so rules the intent schema also checks can be tested alone. */
function order(over: Partial<OrderIntent>): OrderIntent {
  return { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '10', extendedHours: false, orderClass: 'simple', ...over } as OrderIntent;
}

/** The same order as a POST /v2/orders body. */
function body(o: OrderIntent): Record<string, unknown> {
  return {
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    time_in_force: o.timeInForce,
    qty: o.qty,
    notional: o.notional,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    trail_price: o.trailPrice,
    extended_hours: o.extendedHours,
    order_class: o.orderClass,
    take_profit: o.takeProfit ? { limit_price: o.takeProfit.limitPrice } : undefined,
    stop_loss: o.stopLoss ? { stop_price: o.stopLoss.stopPrice, limit_price: o.stopLoss.limitPrice } : undefined,
  };
}

/** What the local exchange (built to Alpaca's answers) says to the same order. */
function exchangeSays(o: OrderIntent): string | undefined {
  try {
    parseOrderRequest(body(o), (s) => (s === 'AAPL' ? AAPL : undefined));
    return undefined;
  } catch (error) {
    if (error instanceof AlpacaHttpError) return error.body.message;
    throw error;
  }
}

const cases: Array<{ name: string; order: OrderIntent; code: string; recorded?: string }> = [
  { name: 'neither qty nor notional', order: order({ qty: undefined }), code: 'QTY_OR_NOTIONAL', recorded: '422-qty-or-notional-required.json' },
  { name: 'qty and notional', order: order({ notional: '100' }), code: 'QTY_OR_NOTIONAL', recorded: '422-only-one-of-qty-or-notional.json' },
  { name: 'sub-penny limit', order: order({ type: 'limit', limitPrice: '290.123' }), code: 'SUB_PENNY_PRICE', recorded: '422-sub-penny-limit-price.from-docs.json' },
  { name: 'sub-penny below $1 (5 decimals)', order: order({ type: 'limit', limitPrice: '0.12345' }), code: 'SUB_PENNY_PRICE' },
  { name: 'sub-penny stop', order: order({ type: 'stop', stopPrice: '180.005' }), code: 'SUB_PENNY_PRICE' },
  { name: 'sub-penny take-profit', order: order({ type: 'limit', limitPrice: '180', orderClass: 'bracket', takeProfit: { limitPrice: '190.001' }, stopLoss: { stopPrice: '170' } }), code: 'SUB_PENNY_PRICE' },
  { name: 'notional limit order', order: order({ qty: undefined, notional: '100', type: 'limit', limitPrice: '180' }), code: 'NOTIONAL_RULES' },
  { name: 'notional gtc', order: order({ qty: undefined, notional: '100', timeInForce: 'gtc' }), code: 'NOTIONAL_RULES' },
  { name: 'fractional gtc', order: order({ qty: '0.5', timeInForce: 'gtc' }), code: 'FRACTIONAL_RULES' },
  { name: 'fractional bracket', order: order({ qty: '1.5', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '150' } }), code: 'FRACTIONAL_RULES' },
  { name: 'extended hours market', order: order({ extendedHours: true }), code: 'EXTENDED_HOURS_RULES' },
  { name: 'extended hours gtc limit', order: order({ extendedHours: true, type: 'limit', limitPrice: '180', timeInForce: 'gtc' }), code: 'EXTENDED_HOURS_RULES' },
  { name: 'stop-order bracket', order: order({ type: 'stop', stopPrice: '190', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '170' } }), code: 'ORDER_CLASS_RULES' },
  { name: 'ioc bracket', order: order({ timeInForce: 'ioc', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '170' } }), code: 'ORDER_CLASS_RULES' },
  { name: 'buy bracket take-profit below stop (the issue: 150 < 185)', order: order({ orderClass: 'bracket', takeProfit: { limitPrice: '150' }, stopLoss: { stopPrice: '185' } }), code: 'EXIT_PRICE_ORDER' },
  { name: 'sell bracket take-profit above stop', order: order({ side: 'sell', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '190' } }), code: 'EXIT_PRICE_ORDER' },
  { name: 'sell OCO take-profit below stop', order: order({ side: 'sell', type: 'limit', limitPrice: '150', orderClass: 'oco', takeProfit: { limitPrice: '150' }, stopLoss: { stopPrice: '185' } }), code: 'EXIT_PRICE_ORDER' },
  { name: 'buy limit bracket whose stop is above the entry', order: order({ type: 'limit', limitPrice: '180', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '181' } }), code: 'EXIT_PRICE_ORDER' },
  { name: 'sell limit bracket whose take-profit is above the entry', order: order({ side: 'sell', type: 'limit', limitPrice: '180', orderClass: 'bracket', takeProfit: { limitPrice: '185' }, stopLoss: { stopPrice: '190' } }), code: 'EXIT_PRICE_ORDER' },
];

describe('broker rules', () => {
  for (const c of cases) {
    it(`${c.code}: ${c.name}, with the broker's own message`, () => {
      const found = brokerRuleViolation(c.order);
      expect(found?.code).toBe(c.code);
      // The local exchange answers Alpaca's messages; the recorded payload where one was captured.
      expect(found?.brokerMessage).toBe(exchangeSays(c.order));
      if (c.recorded) expect(found?.brokerMessage).toBe(recorded(c.recorded));
      expect(found?.message).toContain(found?.brokerMessage ?? '-');
    });
  }

  const accepted: Array<[string, OrderIntent]> = [
    ['a plain market order', order({})],
    ['a fractional market day order', order({ qty: '0.123456789' })],
    ['a $1+ limit in cents', order({ type: 'limit', limitPrice: '187.25' })],
    ['a sub-$1 limit in hundredths of a cent', order({ type: 'limit', limitPrice: '0.1234' })],
    ['a notional market day order', order({ qty: undefined, notional: '250.5' })],
    ['an extended-hours day limit', order({ extendedHours: true, type: 'limit', limitPrice: '180' })],
    ['a buy bracket around its entry', order({ type: 'limit', limitPrice: '180', orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '170' } })],
    ['a sell bracket around its entry', order({ side: 'sell', type: 'limit', limitPrice: '180', orderClass: 'bracket', takeProfit: { limitPrice: '170' }, stopLoss: { stopPrice: '190' } })],
    ['a sell OCO exit', order({ side: 'sell', type: 'limit', limitPrice: '200', orderClass: 'oco', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '170' } })],
  ];
  for (const [name, o] of accepted) {
    it(`passes ${name}, as the exchange does`, () => {
      expect(brokerRuleViolation(o)).toBeUndefined();
      expect(exchangeSays(o)).toBeUndefined();
    });
  }

  it('the risk engine refuses the issue\'s bracket before any other check (preview and submit share it)', () => {
    const d = (v: number | string): Decimal => new Decimal(v);
    const ctx: RiskContext = {
      buyingPower: d(100_000), equity: d(100_000), lastEquity: d(100_000), peakEquity: d(100_000), accountBlocked: false, shortingEnabled: true,
      positions: new Map(), marks: new Map(), quote: { bid: d('179.90'), ask: d('180.10') }, asset: { tradable: true, shortable: true, fractionable: true }, session: 'regular',
    };
    const verdict = new RiskEngine().evaluate(order({ orderClass: 'bracket', takeProfit: { limitPrice: '150' }, stopLoss: { stopPrice: '185' } }), ctx);
    expect(verdict).toMatchObject({ ok: false, code: 'EXIT_PRICE_ORDER' });
    if (!verdict.ok) expect(verdict.message).toContain('take_profit.limit_price must be > stop_loss.stop_price');
    expect(new RiskEngine().evaluate(order({ orderClass: 'bracket', takeProfit: { limitPrice: '200' }, stopLoss: { stopPrice: '170' } }), ctx).ok).toBe(true);
  });
});
