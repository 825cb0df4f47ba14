import type { Database } from 'better-sqlite3';
import type { Decision } from '../kernel/portfolio/decisions.js';
import type { ProtectionLock } from '../kernel/protections/settings.js';

/** Decisions kept per bot; older ones are dropped as new ones come. */
const KEEP_DECISIONS = 5_000;

interface LockRow {
  id: string;
  scope: string;
  protection: ProtectionLock['protection'];
  reason: string;
  from_at: number;
  until: number;
  lifted_at: number | null;
}

interface DecisionRow {
  at: number;
  code: Decision['code'];
  symbol: string | null;
  side: 'buy' | 'sell' | null;
  qty: number | null;
  reason: string;
  cause: string | null;
  order_id: string | null;
}

/** The bot_locks and bot_decisions tables of the app database (migration 0008). */
export class BotFrameworkStore {
  private writes = 0;

  constructor(private readonly db: Database) {}

  saveLock(botId: string, lock: ProtectionLock): void {
    this.db
      .prepare(
        `INSERT INTO bot_locks (id, bot_id, scope, protection, reason, from_at, until, lifted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, until = excluded.until, lifted_at = excluded.lifted_at`,
      )
      .run(lock.id, botId, lock.scope, lock.protection, lock.reason, lock.from, lock.until, lock.liftedAt ?? null);
  }

  /** The bot's locks, newest first; `activeAt`: only those in force then. */
  locks(botId: string, activeAt?: number): ProtectionLock[] {
    const rows = (
      activeAt === undefined
        ? this.db.prepare('SELECT * FROM bot_locks WHERE bot_id = ? ORDER BY from_at DESC, id').all(botId)
        : this.db.prepare('SELECT * FROM bot_locks WHERE bot_id = ? AND lifted_at IS NULL AND until > ? ORDER BY from_at DESC, id').all(botId, activeAt)
    ) as LockRow[];
    return rows.map((r) => ({ id: r.id, scope: r.scope, protection: r.protection, reason: r.reason, from: r.from_at, until: r.until, ...(r.lifted_at !== null ? { liftedAt: r.lifted_at } : {}) }));
  }

  /** Marks a lock lifted by the trader; the lock, or undefined when the bot has no such lock. */
  liftLock(botId: string, lockId: string, at: number): ProtectionLock | undefined {
    this.db.prepare('UPDATE bot_locks SET lifted_at = COALESCE(lifted_at, ?) WHERE bot_id = ? AND id = ?').run(at, botId, lockId);
    return this.locks(botId).find((l) => l.id === lockId);
  }

  addDecision(botId: string, d: Decision): void {
    this.db
      .prepare('INSERT INTO bot_decisions (bot_id, at, code, symbol, side, qty, reason, cause, order_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(botId, d.t, d.code, d.symbol ?? null, d.side ?? null, d.qty ?? null, d.reason, d.cause ?? null, d.orderId ?? null);
    // Trimmed now and then, not on every insert.
    if (++this.writes % 500 === 0) {
      this.db.prepare('DELETE FROM bot_decisions WHERE bot_id = ? AND seq <= (SELECT seq FROM bot_decisions WHERE bot_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)').run(botId, botId, KEEP_DECISIONS);
    }
  }

  /** The newest decisions of a bot, newest first. */
  decisions(botId: string, limit: number): Decision[] {
    const rows = this.db.prepare('SELECT * FROM bot_decisions WHERE bot_id = ? ORDER BY seq DESC LIMIT ?').all(botId, limit) as DecisionRow[];
    return rows.map((r) => ({
      t: r.at,
      code: r.code,
      ...(r.symbol !== null ? { symbol: r.symbol } : {}),
      ...(r.side !== null ? { side: r.side } : {}),
      ...(r.qty !== null ? { qty: r.qty } : {}),
      reason: r.reason,
      ...(r.cause !== null ? { cause: r.cause } : {}),
      ...(r.order_id !== null ? { orderId: r.order_id } : {}),
    }));
  }

  deleteBot(botId: string): void {
    this.db.prepare('DELETE FROM bot_locks WHERE bot_id = ?').run(botId);
    this.db.prepare('DELETE FROM bot_decisions WHERE bot_id = ?').run(botId);
  }
}
