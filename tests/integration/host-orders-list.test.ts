import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src-shared/domain/order-record.js';
import type { RunningHost } from '../../src-main/host/host.js';
import { OrderJournal } from '../../src-main/kernel/orders/journal/order-journal.js';
import { orderJournalPath } from '../../src-main/services/order-service.js';
import { RawClient } from '../support/ws-client.js';
import { startTestHost, startTestWorkstation, type TestWorkstation } from '../support/workstation.js';

const HISTORY = 100_002;
const OLD_AND_OPEN = ['open-old-1', 'open-old-2', 'open-old-3'];

function order(id: string, n: number, status: OrderRecord['status']): OrderRecord {
  const at = Date.UTC(2025, 0, 2) + n;
  return {
    clientOrderId: id,
    brokerOrderId: null,
    source: 'ticket',
    intent: { symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '1.00', timeInForce: 'gtc', qty: '1' } as OrderRecord['intent'],
    status,
    filledQty: '0',
    filledAvgPrice: null,
    brokerUpdatedAt: null,
    createdAt: at,
    updatedAt: at,
    external: false,
    rejectCode: null,
    rejectMessage: null,
    replacesClientOrderId: null,
    parentClientOrderId: null,
  };
}

/**
 * `orders.list` over a journal of 100,002 orders, through a real host and a real WebSocket: pages of a bounded
 * size, newest first, a cursor that walks the whole journal, and the working orders however old they are.
 */
describe('host: orders.list pages the journal', () => {
  let ws: TestWorkstation;
  let host: RunningHost;
  let client: RawClient;
  const sizes = new Map<number, number>();
  let id = 0;

  beforeAll(async () => {
    ws = await startTestWorkstation();
    host = await startTestHost(ws.workstation);
    // A second connection to the running journal's file (WAL), as a long history would have left it.
    const journal = OrderJournal.open(orderJournalPath(ws.dataDir, 'demo'));
    journal.transaction(() => {
      OLD_AND_OPEN.forEach((oid, n) => journal.insertOrder(order(oid, n, 'journaled')));
      for (let n = 0; n < HISTORY - OLD_AND_OPEN.length; n++) journal.insertOrder(order(`hist-${n}`, 10 + n, 'canceled'));
    });
    journal.close();
    client = await RawClient.open(host.port);
    client.socket.on('message', (data: Buffer) => {
      const text = String(data);
      const match = /^\{"t":"result","id":(\d+)/.exec(text);
      if (match) sizes.set(Number(match[1]), text.length);
    });
    await client.auth(host.token);
  }, 120_000);
  afterAll(async () => {
    client?.close();
    await host?.close();
    await ws?.dispose();
  });

  const list = async (request: unknown) => {
    const started = performance.now();
    const reply = await client.call(++id, 'orders.list', request);
    return { env: reply.env, ms: performance.now() - started, bytes: sizes.get(id) ?? 0 };
  };

  it('answers one page (200 by default, newest first) instead of the whole journal', async () => {
    const first = await list({});
    expect(first.env.ok).toBe(true);
    const orders = (first.env.ok ? first.env.value : []) as OrderRecord[];
    console.log(`[host-orders-list] first page of a ${HISTORY}-order journal: ${orders.length} orders, ${first.bytes} bytes, ${first.ms.toFixed(0)} ms round trip`);
    expect(orders).toHaveLength(200);
    expect(orders[0]?.clientOrderId).toBe(`hist-${HISTORY - OLD_AND_OPEN.length - 1}`);
    expect(orders.map((o) => o.createdAt)).toEqual([...orders.map((o) => o.createdAt)].sort((a, b) => b - a));
  }, 60_000);

  it('walks the whole journal with the cursor, each order once; refuses a page over the maximum and an unknown cursor', async () => {
    const seen = new Set<string>();
    let before: string | undefined;
    let pages = 0;
    let slowest = 0;
    for (;;) {
      const page = await list({ limit: 1000, ...(before ? { before } : {}) });
      const orders = (page.env.ok ? page.env.value : []) as OrderRecord[];
      slowest = Math.max(slowest, page.ms);
      pages += 1;
      for (const o of orders) seen.add(o.clientOrderId);
      if (orders.length < 1000) break;
      before = orders.at(-1)?.clientOrderId;
    }
    console.log(`[host-orders-list] ${pages} pages of up to 1000 covered ${seen.size} orders; slowest page ${slowest.toFixed(0)} ms round trip`);
    expect(seen.size).toBe(HISTORY);
    expect((await list({ limit: 1001 })).env).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await list({ before: 'no-such-order' })).env).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }, 120_000);

  it('lists the working orders however deep in the journal (the blotter asks for them besides the newest page)', async () => {
    const open = await list({ open: true, limit: 1000 });
    const orders = (open.env.ok ? open.env.value : []) as OrderRecord[];
    console.log(`[host-orders-list] open orders under ${HISTORY} rows: ${orders.length} found in ${open.ms.toFixed(0)} ms round trip`);
    expect(orders.map((o) => o.clientOrderId)).toEqual([...OLD_AND_OPEN].reverse());
  });

  it('keeps only the newest risk denials in the journal', () => {
    const journal = OrderJournal.open(orderJournalPath(ws.dataDir, 'demo'));
    journal.denialsKept = 100;
    for (let n = 0; n < 300; n++) journal.recordDenial(Date.now(), 'bot:flood', 'MAX_ORDER_NOTIONAL', `refused ${n}`, { symbol: 'AAPL', n });
    const kept = journal.recentDenials(1000);
    journal.close();
    expect(kept).toHaveLength(100);
    expect(kept[0]?.message).toBe('refused 299');
    expect(kept.at(-1)?.message).toBe('refused 200');
  });
});
