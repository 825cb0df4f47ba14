import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { OrderJournal } from '../../../../src-main/kernel/orders/journal/order-journal.js';

const order = (id: string, requestKey?: string): [OrderRecord, string | undefined] => [
  {
    clientOrderId: id,
    brokerOrderId: null,
    source: 'ticket',
    intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1', extendedHours: false, orderClass: 'simple' },
    status: 'journaled',
    filledQty: '0',
    filledAvgPrice: null,
    brokerUpdatedAt: null,
    createdAt: 1,
    updatedAt: 1,
    external: false,
    rejectCode: null,
    rejectMessage: null,
    replacesClientOrderId: null,
    parentClientOrderId: null,
  },
  requestKey,
];

const fill = (over: Partial<FillRecord>): FillRecord => ({ executionId: 'e1', brokerOrderId: 'b1', clientOrderId: 'c1', symbol: 'AAPL', side: 'buy', qty: '1', price: '100', cumQty: '1', at: 1, via: 'stream', ...over });

describe('OrderJournal (a real SQLite file)', () => {
  let dir: string;
  let journal: OrderJournal;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
    journal = OrderJournal.open(join(dir, 'orders.sqlite'));
  });
  afterEach(() => {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs with synchronous=FULL in WAL mode', () => {
    expect(journal.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(journal.db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('a fill counts once: by execution id, and by (order, cumulative qty) across stream and backfill', () => {
    expect(journal.insertFill(fill({}))).toBe(true);
    expect(journal.insertFill(fill({}))).toBe(false);
    expect(journal.insertFill(fill({ executionId: 'activity:xyz', via: 'backfill' }))).toBe(false);
    expect(journal.insertFill(fill({ executionId: 'e2', cumQty: '2' }))).toBe(true);
    expect(journal.allFills().map((f) => f.executionId)).toEqual(['e1', 'e2']);
  });

  it('a request key maps to one order; a second insert with it is refused by the database', () => {
    journal.insertOrder(...order('c1', 'key-1'));
    expect(journal.getByRequestKey('key-1')?.clientOrderId).toBe('c1');
    expect(() => journal.insertOrder(...order('c2', 'key-1'))).toThrow(/UNIQUE/);
  });

  it('keeps what was written across a reopen', () => {
    journal.insertOrder(...order('c1'));
    journal.updateOrder({ ...order('c1')[0], status: 'filled', filledQty: '1', brokerOrderId: 'b1' });
    journal.close();
    journal = OrderJournal.open(join(dir, 'orders.sqlite'));
    expect(journal.getByBrokerId('b1')).toMatchObject({ clientOrderId: 'c1', status: 'filled', filledQty: '1' });
    expect(journal.openOrders()).toEqual([]);
    expect(journal.integrityCheck()).toBe('ok');
  });
});
