import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { EventHub } from '../../../src-main/ipc/event-hub.js';
import { OrderJournal } from '../../../src-main/kernel/orders/journal/order-journal.js';
import type { SubmitResult } from '../../../src-main/kernel/orders/order-manager.js';
import { Logger } from '../../../src-main/logging/logger.js';
import { OrderService, orderJournalPath } from '../../../src-main/services/order-service.js';
import { SESSION_START, waitFor } from './harness.js';

/**
 * Issue 12, defect 1, at the service: submits in flight when the trader switches mode (OrderService.stop, then a
 * start) neither write to the closed journal nor reject unhandled, and none is left journaled.
 */
describe('OrderService: stop with orders in flight, the kill switch and algos', () => {
  let exchange: RunningExchange | undefined;
  let dir: string | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await exchange?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a mode switch 300 ms after thirty submits: every submit answers, nothing rejects unhandled, nothing stays journaled', async () => {
    process.on('unhandledRejection', onUnhandled);
    exchange = await startExchange({ seed: 7, speed: 1, startTime: SESSION_START, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    const ex = exchange;
    dir = mkdtempSync(join(tmpdir(), 'order-service-'));
    const log = new Logger({ level: 'error' });
    const service = new OrderService({
      log,
      hub: new EventHub(log),
      dataDir: dir,
      mode: () => 'demo',
      execution: () => ({ mode: 'demo', keyId: ex.keys.keyId, secret: ex.keys.secret, baseUrl: ex.tradingUrl, timeoutMs: 10_000, requestsPerSecond: 3, burst: 3 }),
    });
    await service.start();
    await waitFor(() => service.ready && service.manager.reconciliation !== undefined && service.manager.streamReady, 'orders ready', 20_000);
    const manager = service.manager;
    const results: Array<Promise<SubmitResult>> = [];
    for (let i = 0; i < 30; i += 1) results.push(manager.submit({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, 'ticket', { requestKey: `mode-switch-${i}` }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.stop();
    const settled = await Promise.all(results);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unhandled).toEqual([]);
    expect(settled.every((r) => r.ok || ['NOT_SENT_STOPPED', 'ORDERS_STOPPING'].includes(r.code))).toBe(true);
    const journal = OrderJournal.open(orderJournalPath(dir, 'demo'));
    try {
      const orders = journal.allOrders();
      expect(orders.filter((o) => o.status === 'journaled')).toEqual([]);
      const atExchange = new Set((await fetch(`${ex.tradingUrl}/v2/orders?status=all&limit=500`, { headers: { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret } }).then((r) => r.json()) as Array<{ client_order_id: string }>).map((o) => o.client_order_id));
      for (const order of orders) expect(atExchange.has(order.clientOrderId)).toBe(order.rejectCode !== 'NOT_SENT_STOPPED');
    } finally {
      journal.close();
    }
  });

  it('the kill switch stops every running algo at once (not at its next slice)', async () => {
    exchange = await startExchange({ seed: 7, speed: 1, startTime: SESSION_START, partialFillShare: 0, log: { warn: () => {}, error: () => {} } });
    const ex = exchange;
    dir = mkdtempSync(join(tmpdir(), 'order-service-'));
    const log = new Logger({ level: 'error' });
    const service = new OrderService({
      log,
      hub: new EventHub(log),
      dataDir: dir,
      mode: () => 'demo',
      execution: () => ({ mode: 'demo', keyId: ex.keys.keyId, secret: ex.keys.secret, baseUrl: ex.tradingUrl, timeoutMs: 10_000, requestsPerSecond: 20 }),
    });
    await service.start();
    try {
      await waitFor(() => service.ready && service.manager.reconciliation !== undefined && service.manager.streamReady, 'orders ready', 20_000);
      const twap = service.algos.start({ kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 3_600_000, slices: 10 });
      expect(service.algos.get(twap.id)?.status).toBe('running');
      await service.manager.killSwitch({ flatten: false, reason: 'test' });
      expect(service.algos.get(twap.id)).toMatchObject({ status: 'canceled', reason: expect.stringMatching(/kill switch/) });
      await service.manager.killSettled();
    } finally {
      await service.stop();
    }
  });
});
