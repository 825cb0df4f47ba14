import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { BotLedger } from '../../../src-main/kernel/portfolio/bot-ledger.js';

const intent = (side: 'buy' | 'sell', extra: Partial<OrderIntent> = {}): OrderIntent =>
  ({ symbol: 'MSFT', side, qty: '10', type: 'market', timeInForce: 'day', extendedHours: false, orderClass: 'simple', ...extra }) as OrderIntent;

const order = (clientOrderId: string, source: string, i: OrderIntent, status: OrderRecord['status'] = 'filled', filledQty = '0'): OrderRecord => ({
  clientOrderId,
  brokerOrderId: `b-${clientOrderId}`,
  source,
  intent: i,
  status,
  filledQty,
  filledAvgPrice: null,
  brokerUpdatedAt: 1,
  createdAt: 1,
  updatedAt: 1,
  external: false,
  rejectCode: null,
  rejectMessage: null,
  replacesClientOrderId: null,
  parentClientOrderId: null,
});

let seq = 0;
const fill = (clientOrderId: string | null, side: 'buy' | 'sell', qty: string, price: string, at = ++seq): FillRecord => ({
  executionId: `x${++seq}`,
  brokerOrderId: `b-${clientOrderId}`,
  clientOrderId,
  symbol: 'MSFT',
  side,
  qty,
  price,
  cumQty: qty,
  at,
  via: 'stream',
});

const info = (referencePrice: string | undefined, requestKey?: string) => ({ referencePrice: referencePrice === undefined ? undefined : new Decimal(referencePrice), replacing: undefined, requestKey });

describe('BotLedger', () => {
  it('is built only from the fills of its own orders, in exact decimals', () => {
    const orders = [order('m1', 'ticket', intent('buy')), order('a1', 'bot:a', intent('buy')), order('a2', 'bot:a', intent('sell')), order('o1', 'bot:other', intent('buy'))];
    const fills = [fill('m1', 'buy', '100', '400.01'), fill('a1', 'buy', '0.1', '333.33'), fill('a1', 'buy', '0.2', '333.34'), fill('o1', 'buy', '5', '1'), fill(null, 'buy', '7', '2'), fill('a2', 'sell', '0.1', '340.07')];
    const ledger = new BotLedger('bot:a', '1000', () => []);
    ledger.rebuild(orders, fills);
    expect(ledger.qty('MSFT').toFixed()).toBe('0.2');
    expect(ledger.snapshot()).toMatchObject({ allocation: '1000', bought: '100.001', sold: '34.007', cash: '934.006' });
    expect(ledger.fills().map((f) => f.clientOrderId)).toEqual(['a1', 'a1', 'a2']);
    // A fill seen twice (stream, then backfill) counts once; another source's fill is not its.
    expect(ledger.onFill(fills[1]!, orders[1])).toBe(false);
    expect(ledger.onFill(fill('o1', 'buy', '1', '1'), orders[3])).toBe(false);
  });

  it('refuses sells beyond what it holds less its working sells, and buys beyond its allocation', () => {
    const open: OrderRecord[] = [];
    const ledger = new BotLedger('bot:a', '1000', () => open);
    ledger.rebuild([order('a1', 'bot:a', intent('buy'))], [fill('a1', 'buy', '2', '100')]);
    expect(ledger.check(intent('sell', { qty: '3' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    expect(ledger.check(intent('sell', { qty: '2' }), info('100', 'k1'))).toEqual({ ok: true });
    // Held until released: a second sell of 2 in the same tick is refused.
    expect(ledger.check(intent('sell', { qty: '2' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    ledger.release('k1');
    // Its own open sell (1 of 2 filled) counts the unfilled 1; another source's open sell does not.
    open.push(order('a2', 'bot:a', intent('sell', { qty: '2' }), 'partially_filled', '1'), order('m2', 'ticket', intent('sell', { qty: '50' }), 'new'));
    expect(ledger.check(intent('sell', { qty: '2' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED' });
    expect(ledger.check(intent('sell', { qty: '1' }), info('100'))).toEqual({ ok: true });
    open.length = 0;

    // 200 in use: 800 left. A limit buy is costed at its limit, a market one at the reference price, a notional one at its notional.
    expect(ledger.check(intent('buy', { qty: '8', type: 'limit', limitPrice: '100' }), info('90'))).toEqual({ ok: true });
    expect(ledger.check(intent('buy', { qty: '8', type: 'limit', limitPrice: '100.01' }), info('90'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
    expect(ledger.check(intent('buy', { qty: '9' }), info('90'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
    expect(ledger.check(intent('buy', { qty: undefined, notional: '800' }), info('90'))).toEqual({ ok: true });
    // Working buys count: an open buy of 5 at a 100 limit leaves 300.
    open.push(order('a3', 'bot:a', intent('buy', { qty: '5', type: 'limit', limitPrice: '100' }), 'new'));
    expect(ledger.check(intent('buy', { qty: '4' }), info('75'))).toEqual({ ok: true });
    expect(ledger.check(intent('buy', { qty: '4' }), info('75.01'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
  });
});
