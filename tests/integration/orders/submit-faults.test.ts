import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brokerGet, expectLocalEqualsBroker, startHarness, type Harness } from './harness.js';

/**
 * Submission under the exchange's faults, over real HTTP and WebSocket: whatever happens on the wire, the broker
 * ends up with exactly one order per intent, and the journal agrees with it.
 */
describe('order submission against the local exchange', () => {
  let h: Harness;
  beforeAll(async () => {
    // The watchdog would poll (and eat the injected errors) while resting orders are open: slow it down here.
    // The client timeout leaves room for a loaded CI machine; the timeout test's latency is well past it.
    h = await startHarness({ timeoutMs: 1500, manager: { watchdogMs: 60_000, silentAfterMs: 60_000 } });
  });
  afterEach(() => h.exchange.faults.reset());
  afterAll(() => h.close());

  const settledStatus = (type: string): string => (type === 'market' ? 'filled' : 'new');
  const countAtBroker = async (clientOrderId: string): Promise<number> => (await h.brokerOrders()).filter((o) => o.client_order_id === clientOrderId).length;

  it('a plain market order: journaled, sent, filled, position equals the broker', async () => {
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '3' }, 'ticket');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.order.clientOrderId).toMatch(/^ws-/);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    expect(await countAtBroker(result.order.clientOrderId)).toBe(1);
    await expectLocalEqualsBroker(h);
  });

  it('order events never go backwards: the journaled record is announced after its request left, or not at all once the answer is in', async () => {
    const seen = new Map<string, string[]>();
    const off = h.manager.events.on('order', (o) => seen.set(o.clientOrderId, [...(seen.get(o.clientOrderId) ?? []), o.status]));
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => h.manager.submit({ symbol: 'AAPL', side: 'buy', type: i % 2 === 0 ? 'market' : 'limit', ...(i % 2 === 0 ? {} : { limitPrice: '1.00' }), timeInForce: 'day', qty: '1' }, 'ticket')),
    );
    for (const result of results) {
      if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
      const id = result.order.clientOrderId;
      await expect.poll(() => seen.get(id)?.at(-1), { timeout: 5000 }).toBe(settledStatus(result.order.intent.type));
      const statuses = seen.get(id)!;
      // 'journaled' at most once, and only first: nothing after the broker's answer says the order is unsent.
      expect(statuses.filter((s) => s === 'journaled').length).toBeLessThanOrEqual(1);
      expect(statuses.indexOf('journaled')).toBeLessThanOrEqual(0);
    }
    off();
    // The resting limits go, so the later tests start with no open order.
    for (const result of results) if (result.ok && result.order.intent.type === 'limit') await h.manager.cancel(result.order.clientOrderId);
  });

  it('a dropped response (the order exists, the answer is lost): unknown, then adopted; one order', async () => {
    h.exchange.faults.set({ dropOrderResponses: 1 });
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-a');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.order.brokerOrderId).not.toBeNull();
    expect(await countAtBroker(result.order.clientOrderId)).toBe(1);
    const events = h.journal.db.prepare("SELECT kind FROM order_events WHERE client_order_id = ? AND kind = 'submit-error'").all(result.order.clientOrderId);
    expect(events.length).toBe(1);
  });

  it('a submit timeout (latency over the client timeout): one order, found by its client order id', async () => {
    h.exchange.faults.set({ latencyMs: 2500 });
    const pending = h.manager.submit({ symbol: 'SPY', side: 'buy', type: 'market', timeInForce: 'day', qty: '2' }, 'bot-b');
    // The quote/asset reads are slow too; clear the latency once the POST has had its chance to time out.
    setTimeout(() => h.exchange.faults.set({ latencyMs: 0 }), 6000);
    const result = await pending;
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    await expect.poll(() => countAtBroker(result.order.clientOrderId), { timeout: 5000 }).toBe(1);
    await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
  });

  // The wait for the window's reset is capped at 1.5 s in these tests (maxRateLimitWaitMs) so the suite stays short.
  it('429 on submit: waits for the reset, resends with the same id; one order', async () => {
    await h.manager.warm(['AAPL']);
    h.exchange.faults.set({ errorBurst: { status: 429, remaining: 1, ordersOnly: true } });
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-c');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await countAtBroker(result.order.clientOrderId)).toBe(1);
    const kinds = (h.journal.db.prepare("SELECT detail FROM order_events WHERE client_order_id = ? AND kind = 'submit-error'").all(result.order.clientOrderId) as Array<{ detail: string }>).map((r) => (JSON.parse(r.detail) as { kind: string }).kind);
    expect(kinds).toEqual(['rate-limited']);
    const waited = h.log.lines.find((l) => l.message.startsWith('rate limited') && l.fields?.clientOrderId === result.order.clientOrderId);
    expect(Number(waited?.fields?.waitMs)).toBeGreaterThan(0);
  });

  for (const status of [500, 502, 503, 504] as const) {
    it(`${status} on submit: looked up, resent with the same id; one order`, async () => {
      await h.manager.warm(['AAPL']);
      h.exchange.faults.set({ errorBurst: { status, remaining: 1, ordersOnly: true } });
      const result = await h.manager.submit({ symbol: 'AAPL', side: 'sell', type: 'market', timeInForce: 'day', qty: '1' }, `bot-${status}`);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(await countAtBroker(result.order.clientOrderId)).toBe(1);
      const kinds = (h.journal.db.prepare("SELECT detail FROM order_events WHERE client_order_id = ? AND kind = 'submit-error'").all(result.order.clientOrderId) as Array<{ detail: string }>).map((r) => (JSON.parse(r.detail) as { kind: string }).kind);
      expect(kinds).toEqual(['unknown-outcome']);
      await expect.poll(() => h.manager.order(result.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    });
  }

  it('a duplicate client order id is adopted, never a second order', async () => {
    const first = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '150', timeInForce: 'gtc', qty: '1' }, 'ticket');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    // The same journaled order sent again (as after a crash between the POST and its answer).
    const again = await (h.manager as unknown as { send(r: unknown): Promise<{ ok: boolean; order: { brokerOrderId: string } }> }).send(h.journal.getOrder(first.order.clientOrderId));
    expect(again.ok).toBe(true);
    expect(again.order.brokerOrderId).toBe(first.order.brokerOrderId);
    expect(await countAtBroker(first.order.clientOrderId)).toBe(1);
  });

  it('a double-clicked Buy and a replayed request: one order', async () => {
    const intent = { symbol: 'SPY', side: 'buy', type: 'limit', limitPrice: '300', timeInForce: 'gtc', qty: '1' } as const;
    const [a, b] = await Promise.all([h.manager.submit(intent, 'ticket', { requestKey: 'click-1' }), h.manager.submit(intent, 'ticket', { requestKey: 'click-1' })]);
    const replay = await h.manager.submit(intent, 'ticket', { requestKey: 'click-1' });
    expect(a.ok && b.ok && replay.ok).toBe(true);
    if (!a.ok || !b.ok || !replay.ok) return;
    expect(new Set([a.order.clientOrderId, b.order.clientOrderId, replay.order.clientOrderId]).size).toBe(1);
    expect(replay.repeated).toBe(true);
    const limitOrders = (await brokerGet<Array<{ symbol: string; limit_price: string | null }>>(h.exchange, '/v2/orders?status=all&limit=500')).filter((o) => o.symbol === 'SPY' && o.limit_price === '300');
    expect(limitOrders.length).toBe(1);
  });

  it('selling more than the account holds (INSUFFICIENT_QTY, a possible race with a slow broker) pauses a bot only at the third in a minute', async () => {
    const bought = await h.manager.submit({ symbol: 'MSFT', side: 'buy', type: 'market', timeInForce: 'day', qty: '5' }, 'ticket');
    if (!bought.ok) throw new Error(`${bought.code}: ${bought.message}`);
    await expect.poll(() => h.manager.order(bought.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
    const alerts: string[] = [];
    const off = h.manager.events.on('alert', (a) => alerts.push(a.code));
    // The broker refuses a sell that takes a long position through zero in one order.
    const sell = () => h.manager.submit({ symbol: 'MSFT', side: 'sell', type: 'market', timeInForce: 'day', qty: '10' }, 'bot-flip');
    for (let i = 0; i < 2; i++) {
      const result = await sell();
      expect(result.ok === false && result.code).toBe('INSUFFICIENT_QTY');
      expect(h.manager.paused()).not.toContain('bot-flip');
    }
    expect(alerts).toEqual([]);
    const third = await sell();
    off();
    expect(third.ok === false && third.code).toBe('INSUFFICIENT_QTY');
    expect(h.manager.paused()).toContain('bot-flip');
    expect(alerts).toEqual(['INSUFFICIENT_QTY']);
    expect(h.manager.orders().filter((o) => o.source === 'bot-flip').map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const closed = await h.manager.submit({ symbol: 'MSFT', side: 'sell', type: 'market', timeInForce: 'day', qty: '5' }, 'ticket');
    if (!closed.ok) throw new Error(`${closed.code}: ${closed.message}`);
    await expect.poll(() => h.manager.order(closed.order.clientOrderId)?.status, { timeout: 5000 }).toBe('filled');
  });

  it('a definitive rejection (buying power) is not retried: the bot is paused and an alert raised', async () => {
    const alerts: string[] = [];
    const off = h.manager.events.on('alert', (a) => alerts.push(a.code));
    const quote = await brokerGet<{ quote: { ap: number } }>(h.exchange, '/v2/stocks/AAPL/quotes/latest');
    const account = await brokerGet<{ buying_power: string }>(h.exchange, '/v2/account');
    // Someone else reserves most of the buying power at the broker with a resting limit buy; the risk engine's
    // account, read a moment before, does not know yet (the broker is the last line, as in a real race).
    await h.manager.warm(['AAPL']);
    const below = Math.floor(quote.quote.ap * 0.97 * 100) / 100;
    const share = Math.floor((Number(account.buying_power) * 0.8) / below);
    const outside = await fetch(`${h.exchange.tradingUrl}/v2/orders`, {
      method: 'POST',
      headers: { 'APCA-API-KEY-ID': h.exchange.keys.keyId, 'APCA-API-SECRET-KEY': h.exchange.keys.secret, 'content-type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', qty: String(share), side: 'buy', type: 'limit', limit_price: String(below), time_in_force: 'day' }),
    });
    expect(outside.status).toBe(200);
    const qty = String(Math.floor((Number(account.buying_power) * 0.5) / quote.quote.ap));
    h.manager['risk'].limits = { ...h.manager['risk'].limits, maxOrderNotional: '100000000', maxGrossExposure: '100000000' };
    const result = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty }, 'bot-greedy');
    off();
    expect(result.ok === false && result.code).toBe('INSUFFICIENT_BUYING_POWER');
    expect(alerts).toContain('INSUFFICIENT_BUYING_POWER');
    expect(h.manager.paused()).toContain('bot-greedy');
    const rejected = h.manager.orders().filter((o) => o.source === 'bot-greedy');
    expect(rejected.map((o) => [o.status, o.rejectCode])).toEqual([['rejected', 'INSUFFICIENT_BUYING_POWER']]);
    // One POST only: the journal saw one submit attempt fail and none after it.
    const attempts = h.journal.db.prepare("SELECT count(*) AS n FROM order_events WHERE client_order_id = ? AND kind = 'submit-error'").get(rejected[0]?.clientOrderId) as { n: number };
    expect(attempts.n).toBe(1);
    const next = await h.manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'bot-greedy');
    expect(next.ok === false && next.code).toBe('SOURCE_PAUSED');
    expect(h.journal.recentDenials(1)[0]?.code).toBe('SOURCE_PAUSED');
  });
});
