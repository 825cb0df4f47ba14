import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import { cancelStoppedBotOrders, protectiveExit, type StopOrdersManager } from '../../../src-main/bots/stop-orders.js';

function order(id: string, intent: Partial<OrderRecord['intent']>, extra: Partial<OrderRecord> = {}): OrderRecord {
  return {
    clientOrderId: id,
    source: 'bot:b1',
    status: 'new',
    filledQty: '0',
    parentClientOrderId: null,
    intent: { symbol: 'AAPL', side: 'sell', type: 'limit', qty: '10', timeInForce: 'day', orderClass: 'simple', extendedHours: false, ...intent },
    ...extra,
  } as unknown as OrderRecord;
}

describe('protectiveExit', () => {
  const long = new Decimal(10);
  it('keeps the legs of a bracket or OTO, an OCO, and a stop that only reduces the position', () => {
    expect(protectiveExit(order('leg', { type: 'limit' }, { parentClientOrderId: 'entry' }), long)).toBe(true);
    expect(protectiveExit(order('oco', { orderClass: 'oco' }), long)).toBe(true);
    expect(protectiveExit(order('stop', { type: 'stop', qty: '10' }), long)).toBe(true);
    expect(protectiveExit(order('part', { type: 'stop', qty: '15' }, { filledQty: '5' }), long)).toBe(true);
  });
  it('cancels quotes, entries, and stops that would open or grow a position', () => {
    expect(protectiveExit(order('quote', { type: 'limit' }), long)).toBe(false);
    expect(protectiveExit(order('bracket-entry', { side: 'buy', orderClass: 'bracket', type: 'limit' }), long)).toBe(false);
    expect(protectiveExit(order('too-big', { type: 'stop', qty: '11' }), long)).toBe(false);
    expect(protectiveExit(order('same-side', { type: 'stop', side: 'buy' }), long)).toBe(false);
    expect(protectiveExit(order('flat', { type: 'stop' }), new Decimal(0))).toBe(false);
    expect(protectiveExit(order('short-cover', { type: 'stop', side: 'buy' }), new Decimal(-10))).toBe(true);
  });
});

/** An order book of the manager's shape: a cancel is refused `refusals` times (a replacement not yet confirmed), then final. */
class Book implements StopOrdersManager {
  readonly asked: string[] = [];
  constructor(
    readonly orders: OrderRecord[],
    private refusals: number,
  ) {}
  openOrders(): OrderRecord[] {
    return this.orders.filter((o) => o.status === 'new');
  }
  cancel(id: string): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
    this.asked.push(id);
    if (this.refusals > 0) {
      this.refusals--;
      return Promise.resolve({ ok: false, code: 'ORDER_NOT_AT_BROKER', message: 'try again in a moment' });
    }
    (this.orders.find((o) => o.clientOrderId === id) as { status: string }).status = 'canceled';
    return Promise.resolve({ ok: true });
  }
  positionQty(): Decimal {
    return new Decimal(10);
  }
}

describe('cancelStoppedBotOrders', () => {
  it('asks again while a cancel is refused, keeps the protective exit, leaves other sources alone', async () => {
    const book = new Book([order('q1', {}), order('q2', { side: 'buy' }), order('stop', { type: 'stop' }), order('other', {}, { source: 'manual' } as Partial<OrderRecord>)], 2);
    const result = await cancelStoppedBotOrders(book, 'bot:b1', { settleMs: 0, pollMs: 1 });
    expect(result).toEqual({ canceled: 2, kept: 1, open: [] });
    expect(book.asked.filter((id) => id === 'q1').length + book.asked.filter((id) => id === 'q2').length).toBe(4);
    expect(book.orders.map((o) => `${o.clientOrderId} ${o.status}`)).toEqual(['q1 canceled', 'q2 canceled', 'stop new', 'other new']);
  });

  it('gives up after the timeout, naming what stayed open', async () => {
    const book = new Book([order('q1', {})], 1_000_000);
    const result = await cancelStoppedBotOrders(book, 'bot:b1', { timeoutMs: 30, settleMs: 0, pollMs: 5 });
    expect(result.canceled).toBe(0);
    expect(result.open).toEqual(['q1 (sell 10 AAPL: ORDER_NOT_AT_BROKER)']);
  });
});
