import { afterEach, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import type { OrderRecord } from '../../../src-shared/domain/order-record.js';
import { HELD_CODE, type SubmitResult } from '../../../src-main/kernel/orders/order-manager.js';
import type { ExecutionVenue } from '../../../src-main/kernel/orders/venue.js';
import { expectLocalEqualsBroker, startHarness, waitFor, type Harness } from './harness.js';

/**
 * Issue 12, defects 1, 3 and 8, against the local exchange: stopping the order path with orders in flight (a mode
 * switch) neither writes to a closed journal nor leaves a rejection unhandled; unsent orders found after a restart
 * under a halt are held for the trader; position limits count working orders and submits in flight.
 */
const market = (qty = '1', symbol = 'AAPL'): OrderIntentInput => ({ symbol, side: 'buy', type: 'market', timeInForce: 'day', qty });

function journaled(id: string, createdAt: number): OrderRecord {
  return {
    clientOrderId: id,
    brokerOrderId: null,
    source: 'ticket',
    intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1', extendedHours: false, orderClass: 'simple' },
    status: 'journaled',
    filledQty: '0',
    filledAvgPrice: null,
    brokerUpdatedAt: null,
    createdAt,
    updatedAt: createdAt,
    external: false,
    rejectCode: null,
    rejectMessage: null,
    replacesClientOrderId: null,
    parentClientOrderId: null,
  };
}

/** The venue with a count of its calls by name. */
function counting(venue: ExecutionVenue): { venue: ExecutionVenue; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(venue, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { venue: proxy, calls };
}

describe('the order path under stress', () => {
  let h: Harness | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await h?.close();
    h = undefined;
  });

  it('stopping with submits queued and in flight: every submit settles, nothing rejects unhandled, nothing stays journaled', async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    h = await startHarness({ requestsPerSecond: 2, timeoutMs: 10_000, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const results: Array<Promise<SubmitResult>> = [];
    for (let i = 0; i < 20; i += 1) results.push(harness.manager.submit(market(), 'ticket', { requestKey: `switch-${i}` }));
    await waitFor(() => harness.manager.orders().length === 20, 'twenty journaled orders');
    // What OrderService.stop does on a mode switch: stop the manager, then close the journal.
    await harness.manager.stop();
    harness.journal.close();
    const settled = await Promise.all(results);
    // Late answers and timers had their chance to write to the closed journal.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unhandled).toEqual([]);
    expect(settled.filter((r) => !r.ok).every((r) => !r.ok && r.code === 'NOT_SENT_STOPPED')).toBe(true);
    await harness.restart();
    const orders = harness.manager.orders();
    expect(orders.filter((o) => o.status === 'journaled' || o.status === 'unknown')).toEqual([]);
    const notSent = orders.filter((o) => o.rejectCode === 'NOT_SENT_STOPPED');
    expect(notSent.length).toBeGreaterThan(10);
    const atExchange = new Set((await harness.brokerOrders()).map((o) => o.client_order_id));
    for (const order of notSent) expect(atExchange.has(order.clientOrderId)).toBe(false);
    await expect.poll(async () => (await harness.brokerOrders()).filter((o) => o.status !== 'filled').length, { timeout: 5_000 }).toBe(0);
    await harness.manager.backfill('test');
    await expectLocalEqualsBroker(harness);
  });

  it('after a restart under a halt, unsent orders are held with their reason, never sent; the trader sends or cancels them', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    harness.manager.halt('kill switch: test');
    await harness.manager.stop();
    // As if the process died after journaling three orders, before they left.
    const at = Date.now();
    const ids = ['held-a', 'held-b', 'held-c'];
    for (const id of ids) harness.journal.insertOrder(journaled(id, at));
    await harness.restart();
    expect(harness.manager.riskState.state).toBe('HALTED');
    expect(harness.manager.heldOrders().map((o) => o.clientOrderId)).toEqual(ids);
    expect(harness.manager.order('held-a')?.rejectCode).toBe(HELD_CODE);
    // A second restart still sends nothing on its own (no age rule applies to a held order).
    await harness.restart();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await harness.brokerOrders()).toEqual([]);

    const cancel = await harness.manager.releaseHeld('held-a', 'cancel');
    expect(cancel.ok && cancel.order.status).toBe('canceled');
    const whileHalted = await harness.manager.releaseHeld('held-b', 'send');
    expect(whileHalted.ok === false && whileHalted.code).toBe('RISK_HALTED');
    expect(harness.manager.order('held-b')?.rejectCode).toBe(HELD_CODE);
    harness.manager.resumeTrading('test');
    const sent = await harness.manager.releaseHeld('held-b', 'send');
    expect(sent.ok).toBe(true);
    expect((await harness.brokerOrders()).map((o) => o.client_order_id)).toEqual(['held-b']);
    expect(harness.manager.heldOrders().map((o) => o.clientOrderId)).toEqual(['held-c']);
  });

  it('a 10-share limit counts working orders and submits in flight', async () => {
    h = await startHarness({ limits: { maxPositionQty: '10' }, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    // Three concurrent buys of 5: two fit, the third would make 15.
    const concurrent = await Promise.all([0, 1, 2].map(() => harness.manager.submit(market('5'), 'ticket')));
    expect(concurrent.filter((r) => r.ok)).toHaveLength(2);
    expect(concurrent.filter((r) => !r.ok && r.code === 'MAX_POSITION')).toHaveLength(1);
    await expect.poll(() => harness.manager.positionRecords().find((p) => p.symbol === 'AAPL')?.qty, { timeout: 5_000 }).toBe('10');
    // One symbol's quantity as the records state it (what a bot's ledger reads per check), and 0 for one never held.
    expect(harness.manager.positionQty('AAPL').toString()).toBe('10');
    expect(harness.manager.positionQty('SPY').isZero()).toBe(true);

    // Four resting limit buys of 8 on SPY: one fits, the other three would make 16, 24, 32 working.
    const resting = (qty: string): OrderIntentInput => ({ symbol: 'SPY', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty });
    const results: SubmitResult[] = [];
    for (let i = 0; i < 4; i += 1) results.push(await harness.manager.submit(resting('8'), 'ticket'));
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'MAX_POSITION', 'MAX_POSITION', 'MAX_POSITION']);
    const first = results[0];
    if (!first?.ok) throw new Error('the first resting buy was refused');
    // Replacing the working order counts it once, not twice.
    const replaced = await harness.manager.replace(first.order.clientOrderId, { qty: '9' }, 'ticket');
    expect(replaced.ok).toBe(true);
    if (!replaced.ok) return;
    // Once it is final, its quantity is free again.
    const canceled = await harness.manager.cancel(replaced.order.clientOrderId);
    expect(canceled.ok).toBe(true);
    await expect.poll(() => harness.manager.order(replaced.order.clientOrderId)?.status, { timeout: 5_000 }).toBe('canceled');
    const again = await harness.manager.submit(resting('8'), 'ticket');
    expect(again.ok).toBe(true);
  });

  it('twenty unsettled orders at start-up are settled by one listing, not forty lookups in a row', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    await harness.manager.stop();
    const old = Date.now() - 120_000;
    for (let i = 0; i < 20; i += 1) harness.journal.insertOrder(journaled(`unsettled-${i}`, old));
    const { venue, calls } = counting(harness.venue);
    await harness.restart({ venue });
    expect(harness.manager.reconciliation?.resolvedOrders).toHaveLength(20);
    expect(harness.manager.orders().every((o) => o.rejectCode === 'NOT_SENT_BEFORE_RESTART')).toBe(true);
    expect(calls.get('orderByClientOrderId') ?? 0).toBe(0);
    expect(calls.get('listOrders') ?? 0).toBeLessThanOrEqual(6);
  });

  it('a backfill over a closed journal fails its pass; it never rejects', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    harness.journal.close();
    await expect(harness.manager.backfill('test')).resolves.toBeUndefined();
    expect(harness.log.lines.some((l) => l.message.startsWith('backfill failed'))).toBe(true);
  });
});
