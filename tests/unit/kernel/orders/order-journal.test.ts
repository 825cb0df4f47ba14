import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FillRecord, OrderRecord } from '../../../../src-shared/domain/order-record.js';
import { OrderJournal, type StoredAlgo } from '../../../../src-main/kernel/orders/journal/order-journal.js';
import { JOURNAL_VERSION, journalMigrations } from '../../../../src-main/kernel/orders/journal/migrations/index.js';
import { migration as m0001 } from '../../../../src-main/kernel/orders/journal/migrations/0001-orders.js';

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

  it('stores an algo parent and updates its progress; spec and start stay as first written', () => {
    const algo: StoredAlgo = { id: 'algo-twap-1', kind: 'twap', spec: { kind: 'twap', symbol: 'AAPL', side: 'buy', qty: 10, durationMs: 60_000, slices: 5 }, status: 'running', reason: null, startedAt: 100, endsAt: 60_100, children: [], observed: 0, updatedAt: 100 };
    journal.saveAlgo(algo);
    journal.saveAlgo({ ...algo, startedAt: 999, spec: { other: true }, children: ['c1', 'c2'], status: 'canceled', reason: 'canceled by the user', updatedAt: 200 });
    journal.close();
    journal = OrderJournal.open(join(dir, 'orders.sqlite'));
    expect(journal.getAlgo('algo-twap-1')).toEqual({ ...algo, children: ['c1', 'c2'], status: 'canceled', reason: 'canceled by the user', updatedAt: 200 });
    expect(journal.allAlgos().map((a) => a.id)).toEqual(['algo-twap-1']);
  });

  it('automatic checkpoints are off (a timer checkpoints between orders) and a checkpoint empties the log', () => {
    expect(journal.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 20; i += 1) journal.insertOrder(...order(`c${i}`));
    const [result] = journal.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    expect(result).toMatchObject({ busy: 0 });
    expect(result!.checkpointed).toBe(result!.log);
    expect(journal.allOrders()).toHaveLength(20);
  });
});

describe('order journal migrations', () => {
  it('the list holds every file of the folder, numbered 1, 2, … in order', () => {
    const files = readdirSync(join(__dirname, '../../../../src-main/kernel/orders/journal/migrations')).filter((f) => /^\d{4}-.*\.ts$/.test(f)).sort();
    expect(files.map((f) => Number(f.slice(0, 4)))).toEqual(journalMigrations.map((m) => m.version));
    expect(journalMigrations.map((m) => m.version)).toEqual(journalMigrations.map((_, i) => i + 1));
    expect(JOURNAL_VERSION).toBe(journalMigrations.length);
  });

  it('a journal written at version 1 (before algos were stored) is upgraded in place and keeps its orders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-v1-'));
    try {
      const file = join(dir, 'orders.sqlite');
      // What the version-1 build wrote: its schema and one order, no algos table.
      const old = new BetterSqlite3(file);
      old.exec(m0001.sql);
      old.prepare(`INSERT INTO orders (client_order_id, source, intent, status, filled_qty, created_at, updated_at) VALUES ('before-upgrade', 'ticket', ?, 'journaled', '0', 1, 1)`).run(JSON.stringify(order('x')[0].intent));
      old.pragma('user_version = 1');
      old.close();
      const journal = OrderJournal.open(file);
      expect(journal.db.pragma('user_version', { simple: true })).toBe(JOURNAL_VERSION);
      expect(journal.getOrder('before-upgrade')?.status).toBe('journaled');
      expect(journal.allAlgos()).toEqual([]);
      // Only the indexes something reads are kept (no orders_status: written on every order, read by nothing).
      const indexes = (journal.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual([]);
      journal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a journal from a newer build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-new-'));
    try {
      const file = join(dir, 'orders.sqlite');
      const db = new BetterSqlite3(file);
      db.pragma(`user_version = ${JOURNAL_VERSION + 1}`);
      db.close();
      expect(() => OrderJournal.open(file)).toThrow(/this build reads up to/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
