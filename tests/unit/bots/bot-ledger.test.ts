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

  it('takes short sales when shorting is on: the short uses allocation at its market value, covers are limited to the short, no flip in one order', () => {
    const open: OrderRecord[] = [];
    const off = new BotLedger('bot:a', '1000', () => open);
    expect(off.check(intent('sell', { qty: '1' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED', message: expect.stringMatching(/does not sell short/) });

    const ledger = new BotLedger('bot:a', '1000', () => open, { shorting: true });
    expect(ledger.check(intent('sell', { qty: '10' }), info('100.01'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: expect.stringMatching(/short sale is worth about 1000.1/) });
    expect(ledger.check(intent('sell', { qty: '6' }), info('100', 'k1'))).toEqual({ ok: true });
    // The pending short holds 600: another short of 5 does not fit, one of 4 does.
    expect(ledger.check(intent('sell', { qty: '5' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });
    ledger.release('k1');
    ledger.rebuild([order('s1', 'bot:a', intent('sell'))], [fill('s1', 'sell', '6', '100')]);
    expect(ledger.qty('MSFT').toFixed()).toBe('-6');
    expect(ledger.snapshot()).toMatchObject({ cash: '1600', invested: '600', sold: '600' });
    // The price rises: the short's market value (not its entry value) is what it uses.
    ledger.mark('MSFT', 125);
    expect(ledger.invested().toFixed()).toBe('750');
    expect(ledger.equity().toFixed()).toBe('850');
    expect(ledger.check(intent('buy', { qty: '7' }), info('125'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED', message: expect.stringMatching(/is short 6.*flip to long must close first/) });
    // A buy-back needs no allocation (it frees it).
    expect(ledger.check(intent('buy', { qty: '6' }), info('125'))).toEqual({ ok: true });
    expect(ledger.check(intent('sell', { qty: '2' }), info('125'))).toEqual({ ok: true });
    expect(ledger.check(intent('sell', { qty: '3' }), info('125'))).toMatchObject({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED' });

    // Bought back at 90: realised P&L 6 x (100 - 90) = 60, to the cent in the snapshot.
    ledger.rebuild([order('s1', 'bot:a', intent('sell')), order('b1', 'bot:a', intent('buy'))], [fill('s1', 'sell', '6', '100'), fill('b1', 'buy', '6', '90')]);
    expect(ledger.snapshot()).toMatchObject({ cash: '1060', invested: '0', realizedPl: '60', positions: [] });

    // Long: a sell beyond what it holds is a flip, refused even with shorting on.
    ledger.rebuild([order('b2', 'bot:a', intent('buy'))], [fill('b2', 'buy', '2', '100')]);
    expect(ledger.check(intent('sell', { qty: '3' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_POSITION_EXCEEDED', message: expect.stringMatching(/flip to short must close first/) });
  });

  it('opens no position against what the rest of the account holds in the symbol (BOT_OPPOSITE_POSITION)', () => {
    const ledger = new BotLedger('bot:a', '10000', () => [], { shorting: true });
    let account = new Decimal(100);
    ledger.useAccountPositions(() => account);
    // The trader (or another bot) is long 100: this bot may not go short.
    expect(ledger.check(intent('sell', { qty: '5' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_OPPOSITE_POSITION', message: expect.stringMatching(/long 100/) });
    expect(ledger.check(intent('buy', { qty: '5' }), info('100'))).toEqual({ ok: true });
    // Another bot is short 40: this bot may not go long, but may short more.
    account = new Decimal(-40);
    expect(ledger.check(intent('buy', { qty: '5' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_OPPOSITE_POSITION', message: expect.stringMatching(/short 40/) });
    expect(ledger.check(intent('sell', { qty: '5' }), info('100'))).toEqual({ ok: true });
    // Its own short is not "the rest of the account": account -46 with this bot short 6 leaves others short 40.
    ledger.rebuild([order('s1', 'bot:a', intent('sell'))], [fill('s1', 'sell', '6', '100')]);
    account = new Decimal(-46);
    expect(ledger.check(intent('buy', { qty: '6' }), info('100'))).toEqual({ ok: true });
    account = new Decimal(94);
    // Others long 100 while it is short 6: buying back its own short is allowed, growing the short is not.
    expect(ledger.check(intent('buy', { qty: '6' }), info('100'))).toEqual({ ok: true });
    expect(ledger.check(intent('sell', { qty: '1' }), info('100'))).toMatchObject({ ok: false, code: 'BOT_OPPOSITE_POSITION' });
  });
});
