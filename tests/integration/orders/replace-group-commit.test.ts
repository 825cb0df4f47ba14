import { afterEach, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { brokerGet, startHarness, type Harness } from './harness.js';

/**
 * A quoting bot replaces its bid and its ask in the same turn of the event loop: the two replacements are made
 * durable by one FULL commit (the journal's group commit), each before its request leaves, and both reach the
 * local exchange with the new prices.
 */
const resting = (side: 'buy' | 'sell', limitPrice: string): OrderIntentInput => ({ symbol: 'AAPL', side, type: 'limit', limitPrice, timeInForce: 'day', qty: '1' });

describe('replaces share the journal’s group commit (local exchange, real SQLite journal)', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('a bid and an ask replaced together: one commit for both, and the exchange holds the new prices', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    // Far from the market, so neither fills while it is replaced.
    const bid = await harness.manager.submit(resting('buy', '1.00'), 'ticket');
    const ask = await harness.manager.submit(resting('sell', '100000.00'), 'ticket');
    if (!bid.ok || !ask.ok) throw new Error('the resting orders were refused');
    await expect.poll(() => [bid, ask].every((r) => r.ok && harness.manager.order(r.order.clientOrderId)?.brokerOrderId), { timeout: 5_000 }).toBe(true);
    // Each single submit above committed alone.
    expect(harness.journal.getState('group-commit')).toBe('1');

    const replaced = await Promise.all([
      harness.manager.replace(bid.order.clientOrderId, { limitPrice: '1.01' }, 'ticket'),
      harness.manager.replace(ask.order.clientOrderId, { limitPrice: '99999.00' }, 'ticket'),
    ]);
    expect(replaced.map((r) => r.ok)).toEqual([true, true]);
    expect(harness.journal.getState('group-commit')).toBe('2');

    const ids = replaced.map((r) => (r.ok ? r.order.clientOrderId : ''));
    const atBroker = await brokerGet<Array<{ client_order_id: string; limit_price: string; status: string }>>(harness.exchange, '/v2/orders?status=open');
    const byId = new Map(atBroker.map((o) => [o.client_order_id, o]));
    expect(Number(byId.get(ids[0]!)?.limit_price)).toBe(1.01);
    expect(Number(byId.get(ids[1]!)?.limit_price)).toBe(99999);
    // The originals are no longer open at the broker, nor in the journal's open orders.
    expect(byId.has(bid.order.clientOrderId)).toBe(false);
    expect(byId.has(ask.order.clientOrderId)).toBe(false);
    await expect.poll(() => harness.manager.openOrders().map((o) => o.clientOrderId).sort(), { timeout: 5_000 }).toEqual([...ids].sort());
  });
});
