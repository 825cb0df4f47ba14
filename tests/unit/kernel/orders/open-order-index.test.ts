import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { LOCAL_ORDER_STATUSES, isTerminal, type LocalOrderStatus } from '../../../../src-shared/domain/order-status.js';
import { OrderJournal } from '../../../../src-main/kernel/orders/journal/order-journal.js';
import { seededRandom } from '../../../../src-main/ml/random.js';

const record = (id: string, createdAt: number, over: Partial<OrderRecord> = {}): OrderRecord => ({
  clientOrderId: id,
  brokerOrderId: null,
  source: createdAt % 2 === 0 ? 'bot:a' : 'ticket',
  intent: { symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '100', timeInForce: 'day', qty: '3', extendedHours: false, orderClass: 'simple' },
  status: 'journaled',
  filledQty: '0',
  filledAvgPrice: null,
  brokerUpdatedAt: null,
  createdAt,
  updatedAt: createdAt,
  external: createdAt % 3 === 0,
  rejectCode: null,
  rejectMessage: null,
  replacesClientOrderId: null,
  parentClientOrderId: createdAt % 5 === 0 ? 'parent-x' : null,
  ...over,
});

/** What the journal's rows say, read by a second connection to the same file (no index involved). */
function openRowsOf(file: string): Array<Record<string, unknown>> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(`SELECT client_order_id, broker_order_id, source, intent, status, filled_qty, filled_avg_price, created_at, updated_at, external, reject_code, parent
      FROM orders WHERE status NOT IN ('filled', 'canceled', 'expired', 'replaced', 'rejected') ORDER BY created_at, rowid`).all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

const asRow = (r: OrderRecord): Record<string, unknown> => ({
  client_order_id: r.clientOrderId,
  broker_order_id: r.brokerOrderId,
  source: r.source,
  intent: JSON.stringify(r.intent),
  status: r.status,
  filled_qty: r.filledQty,
  filled_avg_price: r.filledAvgPrice,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
  external: r.external ? 1 : 0,
  reject_code: r.rejectCode,
  parent: r.parentClientOrderId,
});

describe('the journal’s open orders, held in memory (a real SQLite file, checked by a second connection)', () => {
  let dir: string;
  let file: string;
  let journal: OrderJournal;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-index-'));
    file = join(dir, 'orders.sqlite');
    journal = OrderJournal.open(file);
  });
  afterEach(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows inserts, updates, cancels and failed transactions exactly as the rows are, in the rows’ order', () => {
    const random = seededRandom(11);
    const ids: string[] = [];
    const latest = new Map<string, OrderRecord>();
    // Rows written before the index is loaded, some with equal and some with older creation times.
    for (let i = 0; i < 5; i += 1) {
      const r = record(`pre-${i}`, 100 - (i % 2));
      journal.insertOrder(r);
      ids.push(r.clientOrderId);
      latest.set(r.clientOrderId, r);
    }
    expect(journal.openOrders().map(asRow)).toEqual(openRowsOf(file));
    for (let step = 0; step < 400; step += 1) {
      const roll = random();
      const pick = (): OrderRecord => latest.get(ids[Math.floor(random() * ids.length)] ?? '') as OrderRecord;
      if (roll < 0.3) {
        // Creation times repeat and go backwards (an imported order is older than the newest): the order is by time, then by row.
        const r = record(`o-${step}`, 90 + Math.floor(random() * 20));
        journal.insertOrder(r, random() < 0.3 ? `key-${step}` : undefined);
        ids.push(r.clientOrderId);
        latest.set(r.clientOrderId, r);
      } else if (roll < 0.7) {
        // Any status, terminal ones included, and back from terminal to open (a reconciliation correcting a row).
        const status = LOCAL_ORDER_STATUSES[Math.floor(random() * LOCAL_ORDER_STATUSES.length)] as LocalOrderStatus;
        const r = pick();
        const next: OrderRecord = { ...r, status, brokerOrderId: r.brokerOrderId ?? `b-${r.clientOrderId}`, filledQty: String(Math.floor(random() * 3)), filledAvgPrice: '100.5', updatedAt: r.updatedAt + 1, intent: { ...r.intent, limitPrice: String(100 + step / 100) } };
        journal.updateOrder(next);
        latest.set(r.clientOrderId, next);
      } else if (roll < 0.8) {
        const chosen = [pick().clientOrderId, pick().clientOrderId];
        for (const changed of journal.cancelJournaled(chosen, 'KILL_SWITCH', 'stopped', 5_000 + step)) latest.set(changed.clientOrderId, changed);
      } else if (roll < 0.9) {
        // A transaction that writes, then fails: its rows are rolled back, and so must the index be.
        const r = record(`tx-${step}`, 95);
        const victim = pick();
        expect(() =>
          journal.transaction(() => {
            journal.insertOrder(r);
            journal.updateOrder({ ...victim, status: isTerminal(victim.status) ? 'new' : 'filled', brokerOrderId: victim.brokerOrderId ?? `b-${victim.clientOrderId}` });
            journal.insertOrder(r);
          }),
        ).toThrow(/UNIQUE/);
      } else {
        // An update of an order the journal never had changes nothing.
        journal.updateOrder(record(`ghost-${step}`, 1, { status: 'new' }));
      }
      const rows = openRowsOf(file);
      expect(journal.openOrders().map(asRow)).toEqual(rows);
      for (const id of ids) {
        const stored = journal.getOrder(id);
        expect(stored?.status).toBe(latest.get(id)?.status);
      }
    }
    // Some of every kind of step ran and the open set is neither empty nor everything.
    const open = journal.openOrders().length;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(ids.length);
  });

  it('hands out copies: a caller changing a record changes neither the index nor the next read', () => {
    journal.insertOrder(record('c1', 1));
    const first = journal.openOrders()[0] as OrderRecord;
    first.status = 'filled';
    first.intent.qty = '999';
    const again = journal.getOrder('c1');
    expect(again?.status).toBe('journaled');
    expect(again?.intent.qty).toBe('3');
    expect(journal.openOrders()).toHaveLength(1);
  });

  it('a journal reopened on the file lists what the first one left', () => {
    for (let i = 0; i < 4; i += 1) journal.insertOrder(record(`c${i}`, 10 - i));
    journal.updateOrder({ ...record('c2', 8), status: 'filled', filledQty: '3' });
    const before = journal.openOrders().map((r) => r.clientOrderId);
    journal.close();
    journal = OrderJournal.open(file);
    expect(journal.openOrders().map((r) => r.clientOrderId)).toEqual(before);
    expect(before).toEqual(['c3', 'c1', 'c0']);
  });
});
