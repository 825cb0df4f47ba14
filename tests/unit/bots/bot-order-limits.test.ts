import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { BotOrderLimits, botLimitParams, RequestWindow } from '../../../src-main/bots/bot-order-limits.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';

const limit = (side: 'buy' | 'sell', qty: number, price = 100): OrderIntent => ({ symbol: 'X', side, type: 'limit', qty: String(qty), limitPrice: String(price), timeInForce: 'day' }) as OrderIntent;

function open(source: string, intent: OrderIntent, filled = '0', id = Math.random().toString(36)): OrderRecord {
  return { clientOrderId: id, source, intent, filledQty: filled, status: 'new' } as unknown as OrderRecord;
}

function setup(over: { rate?: number; global?: RequestWindow; max?: number; position?: number; orders?: OrderRecord[] } = {}) {
  let now = 1_000_000;
  const orders = over.orders ?? [];
  const limits = new BotOrderLimits({
    source: 'bot:mm',
    requestsPerMinute: over.rate ?? 10,
    global: over.global ?? new RequestWindow(180),
    maxInventory: over.max,
    position: () => new Decimal(over.position ?? 0),
    openOrders: () => orders,
    now: () => now,
  });
  return { limits, orders, advance: (ms: number) => (now += ms) };
}

describe('BotOrderLimits', () => {
  it('refuses orders past the bot\'s request rate in any 60 s, keeps two for cancels, and frees them as the window slides', () => {
    const { limits, advance } = setup({ rate: 10 });
    const verdicts = Array.from({ length: 10 }, () => limits.checkOrder(limit('buy', 1), undefined, undefined).ok);
    expect(verdicts).toEqual([true, true, true, true, true, true, true, true, false, false]);
    const refused = limits.checkOrder(limit('buy', 1), 'old', undefined);
    expect(refused).toMatchObject({ ok: false, code: 'BOT_RATE_LIMIT' });
    expect(limits.checkCancel().ok).toBe(true);
    expect(limits.checkCancel().ok).toBe(true);
    expect(limits.checkCancel()).toMatchObject({ ok: false, code: 'BOT_RATE_LIMIT' });
    expect(limits.requests()).toMatchObject({ used: 10, limit: 10 });
    advance(59_999);
    expect(limits.checkCancel().ok).toBe(false);
    advance(1);
    expect(limits.checkOrder(limit('buy', 1), undefined, undefined).ok).toBe(true);
  });

  it('refuses before the order path only within a second of a refusal the path made, while the window stays full', () => {
    const { limits, advance } = setup({ rate: 5 });
    for (let i = 0; i < 3; i++) limits.checkOrder(limit('buy', 1), undefined, undefined);
    // Full, but no refusal journaled yet: the order path must see (and store) the first one.
    expect(limits.quickRefusal(false)).toBeUndefined();
    expect(limits.checkOrder(limit('buy', 1), undefined, undefined)).toMatchObject({ ok: false, code: 'BOT_RATE_LIMIT' });
    expect(limits.quickRefusal(true)).toMatchObject({ ok: false, code: 'BOT_RATE_LIMIT' });
    advance(1_000);
    expect(limits.quickRefusal(false)).toBeUndefined();
    advance(59_000);
    limits.checkOrder(limit('buy', 1), undefined, undefined);
    expect(limits.quickRefusal(false)).toBeUndefined();
  });

  it('holds every bot under the shared global cap', () => {
    const global = new RequestWindow(5);
    const a = setup({ rate: 100, global });
    const b = setup({ rate: 100, global });
    for (let i = 0; i < 3; i++) expect(a.limits.checkOrder(limit('buy', 1), undefined, undefined).ok).toBe(true);
    const refused = b.limits.checkOrder(limit('buy', 1), undefined, undefined);
    expect(refused).toMatchObject({ ok: false, code: 'BOT_RATE_LIMIT' });
    expect(refused.ok ? '' : refused.message).toMatch(/bots together/);
  });

  it('refuses an order whose fill, with the working orders on its side, passes the inventory limit', () => {
    const orders = [open('bot:mm', limit('buy', 100)), open('bot:other', limit('buy', 1000)), open('bot:mm', limit('buy', 100), '60')];
    const { limits } = setup({ max: 300, position: 100, orders });
    // 100 held + 100 + 40 working = 240: another 100 would be 340.
    const refused = limits.checkOrder(limit('buy', 100), undefined, 'k1');
    expect(refused).toMatchObject({ ok: false, code: 'BOT_INVENTORY_LIMIT' });
    expect(limits.checkOrder(limit('buy', 60), undefined, 'k2').ok).toBe(true);
    // The passed order holds its size until its journal row exists: a second one cannot use the same room.
    expect(limits.checkOrder(limit('buy', 1), undefined, 'k3').ok).toBe(false);
    limits.release('k2');
    expect(limits.checkOrder(limit('buy', 1), undefined, 'k4').ok).toBe(true);
  });

  it('lets a replace take its old order\'s place, and a sell reduce an inventory above the limit', () => {
    const old = open('bot:mm', limit('sell', 200), '0', 'old');
    const { limits } = setup({ max: 300, position: -100, orders: [old] });
    expect(limits.checkOrder(limit('sell', 200), undefined, undefined)).toMatchObject({ ok: false, code: 'BOT_INVENTORY_LIMIT' });
    expect(limits.checkOrder(limit('sell', 200), 'old', undefined).ok).toBe(true);
    const over = setup({ max: 100, position: 500 });
    expect(over.limits.checkOrder(limit('sell', 100), undefined, undefined).ok).toBe(true);
    expect(over.limits.checkOrder(limit('buy', 1), undefined, undefined).ok).toBe(false);
  });

  it('refuses an order that could trade against an open order of the account on the other side, unless it replaces it', () => {
    const ask = open('bot:mm', limit('sell', 10, 100.02), '0', 'ask');
    const theirs = open('ticket', limit('buy', 5, 99.9), '0', 'bid');
    const { limits } = setup({ orders: [ask, theirs] });
    expect(limits.checkOrder(limit('buy', 10, 100.03), undefined, undefined)).toMatchObject({ ok: false, code: 'BOT_SELF_CROSS' });
    expect(limits.checkOrder(limit('buy', 10, 100.02), undefined, undefined)).toMatchObject({ ok: false, code: 'BOT_SELF_CROSS' });
    expect(limits.checkOrder(limit('buy', 10, 100.01), undefined, undefined).ok).toBe(true);
    const sell = limits.checkOrder(limit('sell', 5, 99.9), undefined, undefined);
    expect(sell).toMatchObject({ ok: false, code: 'BOT_SELF_CROSS' });
    expect(sell.ok ? '' : sell.message).toMatch(/ticket's working buy of X at 99.9/);
    // Moving the ask itself down to 99.95 meets only the trader's bid below it: passes.
    expect(limits.checkOrder(limit('sell', 10, 99.95), 'ask', undefined).ok).toBe(true);
    expect(limits.checkOrder({ symbol: 'X', side: 'buy', type: 'market', qty: '1', timeInForce: 'day' } as OrderIntent, undefined, undefined).ok).toBe(false);
  });

  it('reads the limits from the bot\'s parameters, capped below the broker\'s rate', () => {
    expect(botLimitParams({ maxRequestsPerMinute: 120, maxInventory: 500 })).toEqual({ requestsPerMinute: 120, maxInventory: 500 });
    expect(botLimitParams({ maxRequestsPerMinute: 1000 }).requestsPerMinute).toBe(180);
    expect(botLimitParams({})).toEqual({ requestsPerMinute: 180, maxInventory: undefined });
  });
});
