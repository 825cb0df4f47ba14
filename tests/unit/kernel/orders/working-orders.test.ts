import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { WorkingOrders } from '../../../../src-main/kernel/orders/working-orders.js';

const record = (id: string, fields: Partial<OrderRecord> & { qty?: string; side?: 'buy' | 'sell' }): OrderRecord => ({
  clientOrderId: id,
  brokerOrderId: null,
  source: 'ticket',
  intent: { symbol: 'AAPL', side: fields.side ?? 'buy', type: 'limit', limitPrice: '1', timeInForce: 'gtc', qty: fields.qty ?? '8', extendedHours: false, orderClass: 'simple' },
  status: 'new',
  filledQty: '0',
  filledAvgPrice: null,
  brokerUpdatedAt: null,
  createdAt: 0,
  updatedAt: 0,
  external: false,
  rejectCode: null,
  rejectMessage: null,
  replacesClientOrderId: null,
  parentClientOrderId: null,
  ...fields,
});

describe('WorkingOrders', () => {
  it('counts unfilled quantity per side until the order is final; reservations until they are settled', () => {
    const w = new WorkingOrders();
    w.track(record('a', {}), false);
    w.track(record('b', { side: 'sell', qty: '3' }), false);
    w.track(record('leg', { side: 'sell', qty: '100' }), true);
    expect(w.of('AAPL')).toEqual({ buy: new Decimal(8), sell: new Decimal(3) });
    w.track(record('a', { status: 'partially_filled', filledQty: '5' }), false);
    expect(w.of('AAPL').buy.toString()).toBe('3');
    const token = w.reserve('AAPL', 'buy', new Decimal(2));
    expect(w.of('AAPL').buy.toString()).toBe('5');
    w.settle(token, 'c');
    expect(w.of('AAPL').buy.toString()).toBe('5');
    expect(w.all('c').get('AAPL')?.buy.toString()).toBe('3');
    w.track(record('a', { status: 'filled', filledQty: '8' }), false);
    w.track(record('c', { status: 'canceled', qty: '2' }), false);
    expect(w.of('AAPL').buy.toString()).toBe('0');
    const dropped = w.reserve('AAPL', 'buy', new Decimal(4));
    w.settle(dropped);
    expect(w.of('AAPL')).toEqual({ buy: new Decimal(0), sell: new Decimal(3) });
  });
});
