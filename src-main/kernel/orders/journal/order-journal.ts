import BetterSqlite3, { type Database, type Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FillRecord, OrderRecord } from '../../../../src-shared/domain/order-record.js';
import type { OrderIntent } from '../../../../src-shared/domain/order-intent.js';
import { isTerminal, type LocalOrderStatus } from '../../../../src-shared/domain/order-status.js';
import type { EpochMs } from '../../../../src-shared/time.js';
import { amountText, nullablePriceText, priceText, qtyText } from '../../../../src-shared/decimal-text.js';
import { repairExponentDecimals } from './decimal-repair.js';
import { OpenOrderIndex } from './open-order-index.js';
import { JOURNAL_VERSION, journalMigrations } from './migrations/index.js';

interface OrderRow {
  /** Present where a query selects it (the open-order index orders by it). */
  row_id?: number;
  client_order_id: string;
  broker_order_id: string | null;
  source: string;
  intent: string;
  status: string;
  filled_qty: string;
  filled_avg_price: string | null;
  broker_updated_at: number | null;
  created_at: number;
  updated_at: number;
  external: number;
  reject_code: string | null;
  reject_message: string | null;
  replaces: string | null;
  parent: string | null;
  request_key: string | null;
}

interface FillRow {
  execution_id: string;
  broker_order_id: string;
  client_order_id: string | null;
  symbol: string;
  side: string;
  qty: string;
  price: string;
  cum_qty: string;
  at: number;
  via: string;
}

export interface DenialRecord {
  seq: number;
  at: EpochMs;
  source: string;
  code: string;
  message: string;
  intent: unknown;
}

/** An execution algorithm's parent as stored: its spec is the engine's to read back (JSON). */
export interface StoredAlgo {
  id: string;
  kind: string;
  spec: unknown;
  status: string;
  reason: string | null;
  startedAt: EpochMs;
  endsAt: EpochMs | null;
  /** Child client order ids in send order. */
  children: string[];
  /** POV: the traded volume observed so far. */
  observed: number;
  updatedAt: EpochMs;
}

interface AlgoRow {
  id: string;
  kind: string;
  spec: string;
  status: string;
  reason: string | null;
  started_at: number;
  ends_at: number | null;
  children: string;
  observed: number;
  updated_at: number;
}

function toAlgo(row: AlgoRow): StoredAlgo {
  return {
    id: row.id,
    kind: row.kind,
    spec: JSON.parse(row.spec) as unknown,
    status: row.status,
    reason: row.reason,
    startedAt: row.started_at,
    endsAt: row.ends_at,
    children: JSON.parse(row.children) as string[],
    observed: row.observed,
    updatedAt: row.updated_at,
  };
}

/**
 * How often the write-ahead log is copied back into the database file, off the order path. A checkpoint costs two
 * fsyncs on main's loop whatever it copies (measured here: 8-12 ms at the median, up to 20 ms, after 20 or after 600
 * order writes alike), so it runs every 30 s rather than every second: 30 times fewer stalls, the log bounded by
 * 30 s of writes (a few MB at the highest order rates).
 */
const CHECKPOINT_EVERY_MS = 30_000;

export interface ExternalPositionBase {
  symbol: string;
  qty: string;
  costBasis: string;
}

function toOrder(row: OrderRow): OrderRecord {
  return {
    clientOrderId: row.client_order_id,
    brokerOrderId: row.broker_order_id,
    source: row.source,
    intent: JSON.parse(row.intent) as OrderIntent,
    status: row.status as LocalOrderStatus,
    // Normalised on read too: an older build stored Decimal.toString(), exponents included ("9e-9").
    filledQty: qtyText(row.filled_qty),
    filledAvgPrice: nullablePriceText(row.filled_avg_price),
    brokerUpdatedAt: row.broker_updated_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    external: row.external === 1,
    rejectCode: row.reject_code,
    rejectMessage: row.reject_message,
    replacesClientOrderId: row.replaces,
    parentClientOrderId: row.parent,
  };
}

function toFill(row: FillRow): FillRecord {
  return {
    executionId: row.execution_id,
    brokerOrderId: row.broker_order_id,
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side as 'buy' | 'sell',
    qty: qtyText(row.qty),
    price: priceText(row.price),
    cumQty: qtyText(row.cum_qty),
    at: row.at,
    via: row.via as 'stream' | 'backfill',
  };
}

/**
 * The order journal: its own SQLite file with synchronous=FULL, so an order intent acknowledged by `insertOrder`
 * survives a crash or a power cut before the request leaves. Every write is one synchronous statement
 * (microseconds to a few milliseconds with the fsync), which is why it may run on main's loop. Writes no request
 * waits on (statuses, fills, events) skip their own fsync: see `relaxed`.
 */
export class OrderJournal {
  private readonly statements: {
    insertOrder: Statement;
    updateOrder: Statement;
    getOrder: Statement;
    getByBroker: Statement;
    getByRequestKey: Statement;
    allOrders: Statement;
    openOrders: Statement;
    insertFill: Statement;
    fillsOfOrder: Statement;
    allFills: Statement;
    appendEvent: Statement;
    insertDenial: Statement;
    recentDenials: Statement;
    setState: Statement;
    getState: Statement;
    upsertExternalPosition: Statement;
    externalPositions: Statement;
    saveAlgo: Statement;
    getAlgo: Statement;
    childrenOf: Statement;
    ordersHighWater: Statement;
    fillsHighWater: Statement;
    allAlgos: Statement;
    cancelJournaled: Statement;
    syncNormal: Statement;
    syncFull: Statement;
  };
  /** Loaded at the first read that needs it; dropped when a transaction fails (its rollback undid writes it saw). */
  private openIndex: OpenOrderIndex | undefined;
  private checkpointTimer: ReturnType<typeof setInterval> | undefined;
  private readonly syncWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];

  private constructor(readonly db: Database) {
    const s = (sql: string): Statement => db.prepare(sql);
    this.statements = {
      insertOrder: s(`INSERT INTO orders (client_order_id, broker_order_id, source, intent, status, filled_qty, filled_avg_price,
        broker_updated_at, created_at, updated_at, external, reject_code, reject_message, replaces, parent, request_key)
        VALUES (@client_order_id, @broker_order_id, @source, @intent, @status, @filled_qty, @filled_avg_price, @broker_updated_at,
        @created_at, @updated_at, @external, @reject_code, @reject_message, @replaces, @parent, @request_key)`),
      updateOrder: s(`UPDATE orders SET broker_order_id = @broker_order_id, status = @status, filled_qty = @filled_qty,
        filled_avg_price = @filled_avg_price, broker_updated_at = @broker_updated_at, updated_at = @updated_at,
        reject_code = @reject_code, reject_message = @reject_message, intent = @intent WHERE client_order_id = @client_order_id`),
      getOrder: s('SELECT rowid AS row_id, * FROM orders WHERE client_order_id = ?'),
      getByBroker: s('SELECT * FROM orders WHERE broker_order_id = ?'),
      getByRequestKey: s('SELECT * FROM orders WHERE request_key = ?'),
      allOrders: s('SELECT * FROM orders ORDER BY created_at, rowid'),
      openOrders: s(`SELECT rowid AS row_id, * FROM orders WHERE status NOT IN ('filled', 'canceled', 'expired', 'replaced', 'rejected') ORDER BY created_at, rowid`),
      insertFill: s(`INSERT OR IGNORE INTO fills (execution_id, broker_order_id, client_order_id, symbol, side, qty, price, cum_qty, at, via)
        VALUES (@execution_id, @broker_order_id, @client_order_id, @symbol, @side, @qty, @price, @cum_qty, @at, @via)`),
      fillsOfOrder: s('SELECT * FROM fills WHERE broker_order_id = ? ORDER BY at, rowid'),
      allFills: s('SELECT * FROM fills ORDER BY at, rowid'),
      appendEvent: s('INSERT INTO order_events (client_order_id, at, kind, detail) VALUES (?, ?, ?, ?)'),
      insertDenial: s('INSERT INTO risk_denials (at, source, code, message, intent) VALUES (?, ?, ?, ?, ?)'),
      recentDenials: s('SELECT * FROM risk_denials ORDER BY seq DESC LIMIT ?'),
      setState: s('INSERT INTO journal_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
      getState: s('SELECT value FROM journal_state WHERE key = ?'),
      upsertExternalPosition: s(`INSERT INTO external_positions (symbol, qty, cost_basis) VALUES (?, ?, ?)
        ON CONFLICT(symbol) DO UPDATE SET qty = excluded.qty, cost_basis = excluded.cost_basis`),
      externalPositions: s('SELECT symbol, qty, cost_basis FROM external_positions ORDER BY symbol'),
      saveAlgo: s(`INSERT INTO algos (id, kind, spec, status, reason, started_at, ends_at, children, observed, updated_at)
        VALUES (@id, @kind, @spec, @status, @reason, @started_at, @ends_at, @children, @observed, @updated_at)
        ON CONFLICT(id) DO UPDATE SET status = excluded.status, reason = excluded.reason, ends_at = excluded.ends_at,
        children = excluded.children, observed = excluded.observed, updated_at = excluded.updated_at`),
      getAlgo: s('SELECT * FROM algos WHERE id = ?'),
      childrenOf: s('SELECT * FROM orders WHERE parent = ? ORDER BY created_at, rowid'),
      ordersHighWater: s('SELECT max(broker_updated_at) AS t FROM orders'),
      fillsHighWater: s('SELECT max(at) AS t FROM fills'),
      allAlgos: s('SELECT * FROM algos ORDER BY started_at, rowid'),
      cancelJournaled: s(`UPDATE orders SET status = 'canceled', reject_code = ?, reject_message = ?, updated_at = ?
        WHERE client_order_id = ? AND status = 'journaled' RETURNING *`),
      // Prepared once: db.pragma() prepares its statement on every call, twice per relaxed write.
      syncNormal: s('PRAGMA synchronous = NORMAL'),
      syncFull: s('PRAGMA synchronous = FULL'),
    };
    if (db.name !== ':memory:') {
      // SQLite's automatic checkpoint runs inside whichever commit crosses the threshold, which may be an order's
      // journal write right before its request leaves; a timer does it between orders instead (same durability:
      // a commit is synced to the write-ahead log either way).
      this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_EVERY_MS);
      this.checkpointTimer.unref?.();
    }
  }

  /** Opens or creates the journal file: WAL and synchronous=FULL, so an acknowledged write survives power loss. */
  static open(file: string, options: { nativeBinding?: string } = {}): OrderJournal {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      db.pragma('wal_autocheckpoint = 0');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > JOURNAL_VERSION) throw new Error(`order journal ${file} is version ${version}; this build reads up to ${JOURNAL_VERSION}`);
      for (const step of journalMigrations) {
        if (step.version <= version) continue;
        db.transaction(() => {
          db.exec(step.sql);
          db.pragma(`user_version = ${step.version}`);
        })();
      }
      repairExponentDecimals(db);
      return new OrderJournal(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.openIndex = undefined;
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.checkpointTimer = undefined;
    if (this.db.open) this.db.close();
  }

  /** Copies the write-ahead log into the database file without waiting on anyone (PASSIVE). */
  checkpoint(): void {
    if (this.db.open) this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  insertOrder(order: OrderRecord, requestKey?: string): void {
    const row: OrderRow = { ...this.orderParams(order), external: order.external ? 1 : 0, source: order.source, created_at: order.createdAt, replaces: order.replacesClientOrderId, parent: order.parentClientOrderId, request_key: requestKey ?? null };
    const result = this.statements.insertOrder.run(row);
    this.openIndex?.apply(toOrder(row), Number(result.lastInsertRowid));
  }

  /**
   * Group commit: writes an intent without an fsync of its own and resolves once one FULL commit, run after the
   * current turn of the event loop, has made it durable together with every intent written in that turn. A bot
   * deciding on sixty bars at once pays one fsync before its requests leave instead of one per order; each request
   * still leaves only after its intent is on disk. Throws at once where insertOrder would (a duplicate id).
   */
  insertOrderGrouped(order: OrderRecord, requestKey?: string): Promise<void> {
    this.relaxed(() => this.insertOrder(order, requestKey));
    return new Promise<void>((resolve, reject) => {
      this.syncWaiters.push({ resolve, reject });
      if (this.syncWaiters.length === 1) setImmediate(() => this.groupSync());
    });
  }

  /** One FULL commit: the write-ahead log is synced, and with it every frame written before (the relaxed intents). */
  private groupSync(): void {
    const waiters = this.syncWaiters.splice(0);
    try {
      this.statements.setState.run('group-commit', String(waiters.length));
      for (const w of waiters) w.resolve();
    } catch (error) {
      for (const w of waiters) w.reject(error);
    }
  }

  updateOrder(order: OrderRecord): void {
    const params = this.orderParams(order);
    const result = this.relaxed(() => this.statements.updateOrder.run(params));
    if (!this.openIndex || result.changes === 0) return;
    const held = this.openIndex.entry(order.clientOrderId);
    if (held) {
      // The columns an update does not write are the ones the index already holds.
      const { record } = held;
      this.openIndex.apply(toOrder({ ...params, source: record.source, created_at: record.createdAt, external: record.external ? 1 : 0, replaces: record.replacesClientOrderId, parent: record.parentClientOrderId, request_key: null }), held.rowId);
    } else if (!isTerminal(order.status)) {
      // A row the index did not hold (terminal until now) is read back whole.
      const row = this.statements.getOrder.get(order.clientOrderId) as OrderRow | undefined;
      if (row) this.openIndex.apply(toOrder(row), row.row_id ?? 0);
    }
  }

  /**
   * Runs a write that no request waits on (a status the broker reported, a fill, an event) without an fsync of its
   * own: synchronous=NORMAL for that one commit. In WAL mode the commit is in the log at once, so it survives the
   * app crashing or being killed; against a power cut it is made durable by the next FULL commit (the next order
   * intent, whose fsync covers every frame before it) or the timed checkpoint, and what a power cut could take
   * (the newest statuses and fills) the start-up reconciliation reads back from the broker. Order intents stay FULL:
   * each is on disk before its request leaves. Measured on the live bench: these writes' fsyncs were about 16 ms per
   * order on main's loop, delaying the next bot order's request behind them.
   */
  private relaxed<T>(write: () => T): T {
    // Inside a caller's transaction the commit decides, and the setting cannot change there anyway.
    if (this.db.inTransaction) return write();
    this.statements.syncNormal.run();
    try {
      return write();
    } finally {
      this.statements.syncFull.run();
    }
  }

  private orderParams(order: OrderRecord): Omit<OrderRow, 'source' | 'created_at' | 'external' | 'replaces' | 'parent' | 'request_key'> {
    return {
      client_order_id: order.clientOrderId,
      broker_order_id: order.brokerOrderId,
      intent: JSON.stringify(order.intent),
      status: order.status,
      // Stored as fixed-point decimal text whatever the caller computed it with (never "9e-9").
      filled_qty: qtyText(order.filledQty),
      filled_avg_price: nullablePriceText(order.filledAvgPrice),
      broker_updated_at: order.brokerUpdatedAt,
      updated_at: order.updatedAt,
      reject_code: order.rejectCode,
      reject_message: order.rejectMessage,
    };
  }

  getOrder(clientOrderId: string): OrderRecord | undefined {
    const open = this.index().get(clientOrderId);
    if (open) return open;
    const row = this.statements.getOrder.get(clientOrderId) as OrderRow | undefined;
    return row ? toOrder(row) : undefined;
  }

  getByBrokerId(brokerOrderId: string): OrderRecord | undefined {
    const row = this.statements.getByBroker.get(brokerOrderId) as OrderRow | undefined;
    return row ? toOrder(row) : undefined;
  }

  getByRequestKey(requestKey: string): OrderRecord | undefined {
    const row = this.statements.getByRequestKey.get(requestKey) as OrderRow | undefined;
    return row ? toOrder(row) : undefined;
  }

  allOrders(): OrderRecord[] {
    return (this.statements.allOrders.all() as OrderRow[]).map(toOrder);
  }

  openOrders(): OrderRecord[] {
    return this.index().list();
  }

  private index(): OpenOrderIndex {
    this.openIndex ??= new OpenOrderIndex((this.statements.openOrders.all() as OrderRow[]).map((row) => ({ record: toOrder(row), rowId: row.row_id ?? 0 })));
    return this.openIndex;
  }

  /** Stores a fill unless its execution id, or its (order, cumulative qty) pair, is already there. True when new. */
  insertFill(fill: FillRecord): boolean {
    const result = this.relaxed(() => this.statements.insertFill.run({
      execution_id: fill.executionId,
      broker_order_id: fill.brokerOrderId,
      client_order_id: fill.clientOrderId,
      symbol: fill.symbol,
      side: fill.side,
      qty: qtyText(fill.qty),
      price: priceText(fill.price),
      cum_qty: qtyText(fill.cumQty),
      at: fill.at,
      via: fill.via,
    }));
    return result.changes === 1;
  }

  fillsOfOrder(brokerOrderId: string): FillRecord[] {
    return (this.statements.fillsOfOrder.all(brokerOrderId) as FillRow[]).map(toFill);
  }

  allFills(): FillRecord[] {
    return (this.statements.allFills.all() as FillRow[]).map(toFill);
  }

  appendEvent(clientOrderId: string | null, at: EpochMs, kind: string, detail: unknown): void {
    this.relaxed(() => this.statements.appendEvent.run(clientOrderId, at, kind, JSON.stringify(detail ?? null)));
  }

  /**
   * Denials kept: they are there for the trader to read why orders were refused, not as a history, so a flood of
   * refused orders (a runaway bot) must not grow the journal without bound. Older rows are deleted as new ones come.
   */
  denialsKept = 10_000;

  recordDenial(at: EpochMs, source: string, code: string, message: string, intent: unknown): void {
    const { lastInsertRowid } = this.statements.insertDenial.run(at, source, code, message, JSON.stringify(intent ?? null));
    this.pageStatements().trimDenials.run(Number(lastInsertRowid) - this.denialsKept);
  }

  /**
   * One page of orders, newest first (the blotter's list). `before` is the client order id that ended the previous
   * page; `open` keeps only orders still working. Pages follow rowid (insertion order), which the table's own key
   * answers without a sort, so a page costs its rows whatever the journal's size. Undefined when `before` is unknown.
   */
  ordersPage(query: { limit: number; before?: string; open?: boolean }): OrderRecord[] | undefined {
    const statements = this.pageStatements();
    let below = Number.MAX_SAFE_INTEGER;
    if (query.before !== undefined) {
      const row = statements.rowidOf.get(query.before) as { rowid: number } | undefined;
      if (!row) return undefined;
      below = row.rowid;
    }
    const page = query.open ? statements.openPage : statements.page;
    return (page.all(below, query.limit) as OrderRow[]).map(toOrder);
  }

  private paging: { page: Statement; openPage: Statement; rowidOf: Statement; trimDenials: Statement } | undefined;

  private pageStatements(): NonNullable<OrderJournal['paging']> {
    this.paging ??= {
      page: this.db.prepare('SELECT * FROM orders WHERE rowid < ? ORDER BY rowid DESC LIMIT ?'),
      openPage: this.db.prepare(`SELECT * FROM orders WHERE rowid < ? AND status NOT IN ('filled', 'canceled', 'expired', 'replaced', 'rejected')
        ORDER BY rowid DESC LIMIT ?`),
      rowidOf: this.db.prepare('SELECT rowid FROM orders WHERE client_order_id = ?'),
      trimDenials: this.db.prepare('DELETE FROM risk_denials WHERE seq <= ?'),
    };
    return this.paging;
  }

  recentDenials(limit = 100): DenialRecord[] {
    const rows = this.statements.recentDenials.all(limit) as Array<{ seq: number; at: number; source: string; code: string; message: string; intent: string }>;
    return rows.map((r) => ({ seq: r.seq, at: r.at, source: r.source, code: r.code, message: r.message, intent: JSON.parse(r.intent) as unknown }));
  }

  setState(key: string, value: string): void {
    this.statements.setState.run(key, value);
  }

  getState(key: string): string | undefined {
    const row = this.statements.getState.get(key) as { value: string } | undefined;
    return row?.value;
  }

  /** The newest broker timestamps seen (broker time, not ours): where a backfill starts looking. */
  brokerHighWater(): { orders: EpochMs | undefined; fills: EpochMs | undefined } {
    const orders = this.statements.ordersHighWater.get() as { t: number | null };
    const fills = this.statements.fillsHighWater.get() as { t: number | null };
    return { orders: orders.t ?? undefined, fills: fills.t ?? undefined };
  }

  setExternalPosition(base: ExternalPositionBase): void {
    this.statements.upsertExternalPosition.run(base.symbol, qtyText(base.qty), amountText(base.costBasis));
  }

  externalPositions(): ExternalPositionBase[] {
    return (this.statements.externalPositions.all() as Array<{ symbol: string; qty: string; cost_basis: string }>).map((r) => ({ symbol: r.symbol, qty: qtyText(r.qty), costBasis: amountText(r.cost_basis) }));
  }

  /** Inserts or updates an algo parent (its spec and start never change once stored). */
  saveAlgo(algo: StoredAlgo): void {
    this.statements.saveAlgo.run({
      id: algo.id,
      kind: algo.kind,
      spec: JSON.stringify(algo.spec),
      status: algo.status,
      reason: algo.reason,
      started_at: algo.startedAt,
      ends_at: algo.endsAt,
      children: JSON.stringify(algo.children),
      observed: algo.observed,
      updated_at: algo.updatedAt,
    });
  }

  getAlgo(id: string): StoredAlgo | undefined {
    const row = this.statements.getAlgo.get(id) as AlgoRow | undefined;
    return row ? toAlgo(row) : undefined;
  }

  /** Orders placed under a parent (an algo's children, a bracket's legs), oldest first. */
  childrenOf(parent: string): OrderRecord[] {
    return (this.statements.childrenOf.all(parent) as OrderRow[]).map(toOrder);
  }

  allAlgos(): StoredAlgo[] {
    return (this.statements.allAlgos.all() as AlgoRow[]).map(toAlgo);
  }

  /**
   * Cancels orders that never left (still `journaled`) with a code and message, in one transaction: the kill switch's
   * and shutdown's write. Returns the rows changed; an order no longer journaled is left as it is.
   */
  cancelJournaled(clientOrderIds: string[], code: string, message: string, at: EpochMs): OrderRecord[] {
    const canceled = this.transaction(() => clientOrderIds.flatMap((id) => (this.statements.cancelJournaled.all(code, message, at, id) as OrderRow[]).map(toOrder)));
    // Canceled is terminal: the index drops them (the rowid does not matter for a removal).
    for (const record of canceled) this.openIndex?.apply(record, 0);
    return canceled;
  }

  /** Runs several writes as one transaction (one fsync). */
  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      // Rolled back: rows the index followed inside it may be undone, so it is read again when next needed.
      this.openIndex = undefined;
      throw error;
    }
  }

  integrityCheck(): string {
    return String(this.db.pragma('integrity_check', { simple: true }));
  }
}
