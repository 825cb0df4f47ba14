import { afterEach, describe, expect, it } from 'vitest';
import type { OrderIntentInput } from '../../../src-shared/domain/order-intent.js';
import { AlgoEngine } from '../../../src-main/kernel/algos/algo-engine.js';
import type { SubmitResult } from '../../../src-main/kernel/orders/order-manager.js';
import { brokerGet, startHarness, waitFor, type Harness } from './harness.js';

/**
 * The kill switch against the local exchange over HTTP and WebSocket (issue 12, defects 2 and 12): sends queued in
 * the client-side rate limiter never leave after the trip, the answer lists what was stopped here and what was at
 * the broker, cancels go ahead of queued requests and are retried until confirmed, every algo stops at once, and
 * protective exits stay unless flatten is chosen.
 */
interface BrokerOrder {
  id: string;
  client_order_id: string;
  status: string;
  type: string;
  side: string;
  order_class: string;
  filled_qty: string;
}

const market = (qty = '1'): OrderIntentInput => ({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty });

describe('the kill switch', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('stops every send still queued in the rate limiter: none reaches the exchange after the trip, and the answer says which were stopped', async () => {
    // Two requests a second: of forty submits, almost all wait in the SDK's bucket when the switch trips.
    h = await startHarness({ requestsPerSecond: 2, timeoutMs: 10_000, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const results: Array<Promise<SubmitResult>> = [];
    for (let i = 0; i < 40; i += 1) results.push(harness.manager.submit(market(), 'ticket'));
    await waitFor(() => harness.manager.orders().length === 40, 'forty journaled orders');
    const answer = await harness.manager.killSwitch({ flatten: false, reason: 'test' });
    expect(harness.manager.riskState.state).toBe('HALTED');
    expect(answer.brokerWork).toBe('in-progress');
    // An order that left and filled before the trip is neither stopped nor open at the broker: it is done.
    const accounted = new Set([...answer.stoppedLocally, ...answer.atBroker]);
    const doneBefore = harness.manager.orders().filter((o) => !accounted.has(o.clientOrderId)).map((o) => o.clientOrderId);
    for (const id of doneBefore) expect(harness.manager.order(id)?.status).toBe('filled');
    expect(answer.stoppedLocally.length + answer.atBroker.length + doneBefore.length).toBe(40);
    expect(answer.stoppedLocally.length).toBeGreaterThanOrEqual(30);
    // Every submit settles (none rejects); the stopped ones say why, and their rows say so too.
    const settled = await Promise.all(results);
    for (const id of answer.stoppedLocally) {
      const order = harness.manager.order(id);
      expect({ status: order?.status, code: order?.rejectCode }).toEqual({ status: 'canceled', code: 'KILL_SWITCH_NOT_SENT' });
    }
    expect(settled.filter((r) => !r.ok && r.code === 'KILL_SWITCH_NOT_SENT')).toHaveLength(answer.stoppedLocally.length);
    expect((await harness.manager.killSettled())?.canceled).toBe(true);
    // A pause longer than the queue would have needed: still nothing else arrives.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const atExchange = (await harness.brokerOrders()).map((o) => o.client_order_id).sort();
    expect(atExchange).toEqual([...answer.atBroker, ...doneBefore].sort());
  });

  it('cancels go ahead of order posts queued in the rate limiter', async () => {
    h = await startHarness({ requestsPerSecond: 2, timeoutMs: 10_000, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const resting = await harness.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    if (!resting.ok || !resting.order.brokerOrderId) throw new Error('the resting order was not placed');
    // Twelve posts straight at the venue: they queue in its bucket (2/s) behind one another.
    let posted = 0;
    const posts = Array.from({ length: 12 }, (_, i) =>
      harness.venue.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1', extendedHours: false, orderClass: 'simple' }, `queued-${i}`).then(
        () => (posted += 1),
        () => (posted += 1),
      ),
    );
    await harness.venue.cancel(resting.order.brokerOrderId);
    const postedWhenCancelled = posted;
    expect(postedWhenCancelled).toBeLessThan(12);
    await Promise.all(posts);
    await expect.poll(async () => (await brokerGet<BrokerOrder>(harness.exchange, `/v2/orders/${resting.order.brokerOrderId}`)).status, { timeout: 5_000 }).toBe('canceled');
  });

  it('stops an order whose intent waits for the journal\'s group commit: tripped in that wait, it never leaves', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const journal = harness.journal;
    const grouped = journal.insertOrderGrouped.bind(journal);
    let trip: Promise<unknown> | undefined;
    // The switch trips (as from the GUI: another task, here the next microtask) after the intent is written and
    // before the commit that makes it durable runs (after this turn of the event loop).
    journal.insertOrderGrouped = (order, requestKey) => {
      const durable = grouped(order, requestKey);
      queueMicrotask(() => {
        trip = harness.manager.killSwitch({ flatten: false, reason: 'test' });
      });
      return durable;
    };
    const result = await harness.manager.submit(market(), 'ticket');
    const answer = (await trip) as { stoppedLocally: string[] };
    expect(result.ok === false && result.code).toBe('KILL_SWITCH_NOT_SENT');
    expect(answer.stoppedLocally).toHaveLength(1);
    await harness.manager.killSettled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await harness.brokerOrders()).toEqual([]);
  });

  it('stops a replace still queued in the rate limiter: the replacement never reaches the exchange', async () => {
    h = await startHarness({ requestsPerSecond: 2, timeoutMs: 10_000, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const resting = await harness.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    if (!resting.ok || !resting.order.brokerOrderId) throw new Error('the resting order was not placed');
    await harness.manager.warm(['AAPL']);
    // Twelve posts straight at the venue fill its bucket (2/s): the replace waits its turn behind them.
    const posts = Array.from({ length: 12 }, (_, i) =>
      harness.venue.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1', extendedHours: false, orderClass: 'simple' }, `queued-${i}`).catch(() => undefined),
    );
    const replaced = harness.manager.replace(resting.order.clientOrderId, { limitPrice: '1.01' }, 'ticket');
    await waitFor(() => harness.manager.orders().some((o) => o.replacesClientOrderId === resting.order.clientOrderId), 'the replacement journaled');
    const replacement = harness.manager.orders().find((o) => o.replacesClientOrderId === resting.order.clientOrderId)!;
    const answer = await harness.manager.killSwitch({ flatten: false, reason: 'test' });
    expect(answer.stoppedLocally).toContain(replacement.clientOrderId);
    const result = await replaced;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe('KILL_SWITCH_NOT_SENT');
    expect({ status: harness.manager.order(replacement.clientOrderId)?.status, code: harness.manager.order(replacement.clientOrderId)?.rejectCode }).toEqual({ status: 'canceled', code: 'KILL_SWITCH_NOT_SENT' });
    await Promise.all(posts);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const atExchange = (await harness.brokerOrders()).map((o) => o.client_order_id);
    expect(atExchange).not.toContain(replacement.clientOrderId);
    // The original was never replaced: it is the kill switch's cancel that ends it.
    await expect.poll(async () => (await brokerGet<BrokerOrder>(harness.exchange, `/v2/orders/${resting.order.brokerOrderId}`)).status, { timeout: 5_000 }).toBe('canceled');
  });

  it('stops a running TWAP at once, and keeps protective exits unless flatten is chosen', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
    const harness = h;
    const ask = (await brokerGet<{ quote: { ap: number } }>(harness.exchange, '/v2/stocks/AAPL/quotes/latest')).quote.ap;
    // A filled bracket: its take-profit and stop-loss legs protect the position.
    const bracket = await harness.manager.submit(
      { ...market('10'), orderClass: 'bracket', takeProfit: { limitPrice: (ask * 1.5).toFixed(2) }, stopLoss: { stopPrice: (ask * 0.5).toFixed(2) } },
      'ticket',
    );
    if (!bracket.ok) throw new Error(bracket.message);
    await expect.poll(() => harness.manager.positionRecords().find((p) => p.symbol === 'AAPL')?.qty, { timeout: 5_000 }).toBe('10');
    // A standalone stop that reduces a position (protective), and a resting buy (not). On SPY: the bracket's legs
    // hold every AAPL share, as Alpaca's do.
    const spyAsk = (await brokerGet<{ quote: { ap: number } }>(harness.exchange, '/v2/stocks/SPY/quotes/latest')).quote.ap;
    const spy = await harness.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '5' }, 'ticket');
    if (!spy.ok) throw new Error(spy.message);
    await expect.poll(() => harness.manager.positionRecords().find((p) => p.symbol === 'SPY')?.qty, { timeout: 5_000 }).toBe('5');
    const stop = await harness.manager.submit({ symbol: 'SPY', side: 'sell', type: 'stop', stopPrice: (spyAsk * 0.6).toFixed(2), timeInForce: 'gtc', qty: '5' }, 'ticket');
    if (!stop.ok) throw new Error(stop.message);
    const restingBuy = await harness.manager.submit({ symbol: 'MSFT', side: 'buy', type: 'limit', limitPrice: '300.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    if (!restingBuy.ok) throw new Error(restingBuy.message);
    const engine = new AlgoEngine({ orders: harness.manager, log: harness.log, now: () => harness.exchange.clock.now(), tickMs: 20 });
    harness.manager.events.on('risk', ({ state, reason }) => {
      if (state === 'HALTED') engine.haltAll(reason);
    });
    const twap = engine.start({ kind: 'twap', symbol: 'MSFT', side: 'buy', qty: 10, durationMs: 3_600_000, slices: 10 });
    try {
      await harness.manager.killSwitch({ flatten: false, reason: 'test' });
      // At once, not at its next slice.
      expect(engine.get(twap.id)?.status).toBe('canceled');
      expect((await harness.manager.killSettled())?.canceled).toBe(true);
      const open = await brokerGet<BrokerOrder[]>(harness.exchange, '/v2/orders?status=open&nested=false&limit=500');
      const openIds = new Set(open.map((o) => o.client_order_id));
      const legs = open.filter((o) => o.order_class === 'bracket');
      expect(legs.map((o) => o.type).sort()).toEqual(['limit', 'stop']);
      expect(openIds.has(stop.order.clientOrderId)).toBe(true);
      expect(openIds.has(restingBuy.order.clientOrderId)).toBe(false);
      expect((await harness.brokerPositions()).find((p) => p.symbol === 'AAPL')?.qty).toBe('10');

      // With flatten, everything goes: every order, then every position.
      await harness.manager.killSwitch({ flatten: true, reason: 'test, flatten' });
      expect(await harness.manager.killSettled()).toMatchObject({ canceled: true, flattened: true });
      await expect.poll(async () => (await brokerGet<BrokerOrder[]>(harness.exchange, '/v2/orders?status=open&nested=false')).length, { timeout: 5_000 }).toBe(0);
      await expect.poll(async () => (await harness.brokerPositions()).length, { timeout: 5_000 }).toBe(0);
    } finally {
      engine.stop();
    }
  });

  it('retries the broker cancels with backoff until the broker confirms (a burst of 503s and 429s)', async () => {
    h = await startHarness({ manager: { watchdogMs: 60_000, silentAfterMs: 60_000, killBackoffMs: { first: 20, max: 200 } } });
    const harness = h;
    const resting = await harness.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' }, 'ticket');
    if (!resting.ok || !resting.order.brokerOrderId) throw new Error('the resting order was not placed');
    harness.exchange.faults.set({ errorBurst: { status: 503, remaining: 3 } });
    const answer = await harness.manager.killSwitch({ flatten: false, reason: 'test' });
    expect(answer.atBroker).toEqual([resting.order.clientOrderId]);
    const done = await harness.manager.killSettled();
    expect(done?.canceled).toBe(true);
    expect(done?.errors.length).toBeGreaterThan(0);
    harness.exchange.faults.set({ errorBurst: { status: 429, remaining: 2 } });
    await harness.manager.killSwitch({ flatten: false, reason: 'again' });
    expect((await harness.manager.killSettled())?.canceled).toBe(true);
    await expect.poll(async () => (await brokerGet<BrokerOrder>(harness.exchange, `/v2/orders/${resting.order.brokerOrderId}`)).status, { timeout: 5_000 }).toBe('canceled');
    expect(harness.log.lines.some((l) => l.message.startsWith('kill switch: broker request failed, retrying'))).toBe(true);
  });
});
