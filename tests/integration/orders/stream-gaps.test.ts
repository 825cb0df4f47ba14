import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brokerGet, expectLocalEqualsBroker, startHarness, type Harness } from './harness.js';

/**
 * trade_updates as the exchange's faults deliver them (duplicated, reordered, silent, cut), and races between a
 * fill and a cancel or a replace: after each, the journal's orders and positions equal the exchange's.
 */
async function rawOrder(h: Harness, body: Record<string, unknown>): Promise<{ id: string; client_order_id: string }> {
  const response = await fetch(`${h.exchange.tradingUrl}/v2/orders`, {
    method: 'POST',
    headers: { 'APCA-API-KEY-ID': h.exchange.keys.keyId, 'APCA-API-SECRET-KEY': h.exchange.keys.secret, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id: string; client_order_id: string };
}

describe('trade_updates faults and races', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
  });
  afterEach(() => h.exchange.faults.reset());
  afterAll(() => h.close());

  const fillsOf = (brokerOrderId: string | null) => h.manager.fills().filter((f) => f.brokerOrderId === brokerOrderId);

  it('duplicated trade_updates: each execution counted once', async () => {
    h.exchange.faults.set({ duplicateTradeUpdates: true });
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '4' }, 'ticket');
    if (!result.ok) throw new Error(result.message);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fillsOf(result.order.brokerOrderId).map((f) => f.qty)).toEqual(['4']);
    await expectLocalEqualsBroker(h);
  });

  it('reordered trade_updates: the late "new" never undoes the fill', async () => {
    h.exchange.faults.set({ reorderTradeUpdates: true });
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' }, 'ticket');
    if (!result.ok) throw new Error(result.message);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.manager.order(result.order.clientOrderId)?.status).toBe('filled');
    const refused = h.journal.db.prepare("SELECT kind FROM order_events WHERE client_order_id = ? AND kind IN ('stale-ignored', 'illegal-transition')").all(result.order.clientOrderId);
    expect(refused.length).toBeGreaterThan(0);
    await expectLocalEqualsBroker(h);
  });

  it('a fill racing a cancel: the final state is the exchange’s', async () => {
    const result = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '3' }, 'ticket');
    if (!result.ok) throw new Error(result.message);
    const canceled = await h.manager.cancel(result.order.clientOrderId);
    expect(canceled.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectLocalEqualsBroker(h);
  });

  it('a replace after a fill: refused, the original stays filled, local equals the exchange', async () => {
    const result = await h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket');
    if (!result.ok) throw new Error(result.message);
    // Sent at once, before the fill event has necessarily arrived here.
    const replaced = await h.manager.replace(result.order.clientOrderId, { qty: '2' }, 'ticket');
    expect(replaced.ok).toBe(false);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    await expectLocalEqualsBroker(h);
  });

  it('a replace of a resting order: the new order replaces the old one', async () => {
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '150', timeInForce: 'gtc', qty: '1' }, 'ticket');
    if (!result.ok) throw new Error(result.message);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('new');
    const replaced = await h.manager.replace(result.order.clientOrderId, { limitPrice: '151' }, 'ticket');
    if (!replaced.ok) throw new Error(replaced.message);
    expect(replaced.order.replacesClientOrderId).toBe(result.order.clientOrderId);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('replaced');
    await expectLocalEqualsBroker(h);
  });
});

describe('a trade_updates outage while orders fill', () => {
  let h: Harness;
  beforeAll(async () => {
    // 60x simulated time: the two-minute outage below lasts two seconds of wall time.
    h = await startHarness({ exchange: { speed: 60, seed: 21 }, manager: { watchdogMs: 250, silentAfterMs: 60_000 } });
  });
  afterAll(() => h.close());

  it('no order is sent while the stream is down; after reconnecting, orders and positions equal the exchange', async () => {
    const resting = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '120', timeInForce: 'gtc', qty: '2' }, 'ticket');
    if (!resting.ok) throw new Error(resting.message);
    await expect.poll(() => h.manager.order(resting.order.clientOrderId)?.status, { timeout: 5000 }).toBe('new');

    // The stream goes silent and is cut: the SDK reconnects but gets no authorization while silent.
    h.exchange.faults.set({ streamsSilent: true });
    h.exchange.faults.disconnectStreams('trade_updates');
    await expect.poll(() => h.manager.streamReady, { timeout: 5000 }).toBe(false);
    const refused = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket');
    expect(refused.ok === false && refused.code).toBe('STREAM_NOT_READY');

    // Meanwhile, at the broker: outside orders fill, and the resting order is canceled by someone else.
    const started = h.exchange.clock.now();
    await rawOrder(h, { symbol: 'AAPL', qty: '7', side: 'buy', type: 'market', time_in_force: 'day' });
    await rawOrder(h, { symbol: 'SPY', qty: '1.5', side: 'buy', type: 'market', time_in_force: 'day' });
    const brokerResting = await brokerGet<{ id: string }>(h.exchange, `/v2/orders:by_client_order_id?client_order_id=${resting.order.clientOrderId}`);
    await fetch(`${h.exchange.tradingUrl}/v2/orders/${brokerResting.id}`, { method: 'DELETE', headers: { 'APCA-API-KEY-ID': h.exchange.keys.keyId, 'APCA-API-SECRET-KEY': h.exchange.keys.secret } });
    await expect.poll(() => h.exchange.clock.now() - started, { timeout: 10_000, interval: 100 }).toBeGreaterThan(120_000);

    h.exchange.faults.set({ streamsSilent: false });
    h.exchange.faults.disconnectStreams('trade_updates');
    await expect.poll(() => h.manager.streamReady, { timeout: 15_000 }).toBe(true);
    await expect.poll(() => h.manager.order(resting.order.clientOrderId)?.status, { timeout: 5000 }).toBe('canceled');
    await expect.poll(() => h.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty, { timeout: 5000 }).toBe('1.5');
    await expectLocalEqualsBroker(h);
    expect(h.manager.orders().filter((o) => o.external).length).toBe(2);
  });
});
