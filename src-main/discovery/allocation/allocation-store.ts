import type { Database } from 'better-sqlite3';
import type { AllocationDay, AllocationLimits } from './live-allocation.js';

/** Off until the trader turns it on; within 5%..60% a bot; 50,000 dollars across the running bots. */
export const DEFAULT_ALLOCATION_LIMITS: AllocationLimits = { enabled: false, method: 'thompson', minWeight: 0.05, maxWeight: 0.6, totalCapital: 50_000 };

interface LimitsRow {
  enabled: number;
  method: AllocationLimits['method'];
  min_weight: number;
  max_weight: number;
  total_capital: number;
}

interface DayRow {
  t: number;
  date: string;
  bot_id: string;
  pl: number;
  allocation: number;
  day_return: number | null;
  weight: number;
  new_allocation: string;
}

/** The meta-allocation's tables of the app database (migration 0010): the trader's limits and each close's weights. */
export class AllocationStore {
  constructor(private readonly db: Database) {}

  limits(): AllocationLimits {
    const row = this.db.prepare('SELECT * FROM meta_allocation_limits WHERE id = 1').get() as LimitsRow | undefined;
    if (!row) return DEFAULT_ALLOCATION_LIMITS;
    return { enabled: row.enabled === 1, method: row.method, minWeight: row.min_weight, maxWeight: row.max_weight, totalCapital: row.total_capital };
  }

  saveLimits(limits: AllocationLimits, at: number): void {
    this.db
      .prepare(
        `INSERT INTO meta_allocation_limits (id, enabled, method, min_weight, max_weight, total_capital, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, method = excluded.method, min_weight = excluded.min_weight,
           max_weight = excluded.max_weight, total_capital = excluded.total_capital, updated_at = excluded.updated_at`,
      )
      .run(limits.enabled ? 1 : 0, limits.method, limits.minWeight, limits.maxWeight, limits.totalCapital, at);
  }

  /** One close's rows; a second decision on the same date replaces that date's rows. */
  saveDay(day: AllocationDay): void {
    const insert = this.db.prepare(
      'INSERT INTO meta_allocation_days (t, date, bot_id, pl, allocation, day_return, weight, new_allocation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM meta_allocation_days WHERE date = ?').run(day.date);
      for (const r of day.rows) insert.run(day.t, day.date, r.botId, r.pl, r.allocation, r.dayReturn, r.weight, r.newAllocation);
    })();
  }

  /** Every stored close, oldest first (the newest `limit` when given). */
  days(limit?: number): AllocationDay[] {
    const rows = (
      limit === undefined
        ? this.db.prepare('SELECT * FROM meta_allocation_days ORDER BY t, bot_id').all()
        : this.db.prepare('SELECT * FROM meta_allocation_days WHERE date IN (SELECT DISTINCT date FROM meta_allocation_days ORDER BY date DESC LIMIT ?) ORDER BY t, bot_id').all(limit)
    ) as DayRow[];
    const out: AllocationDay[] = [];
    for (const r of rows) {
      let day = out[out.length - 1];
      if (!day || day.date !== r.date) out.push((day = { t: r.t, date: r.date, rows: [] }));
      day.rows.push({ botId: r.bot_id, pl: r.pl, allocation: r.allocation, dayReturn: r.day_return, weight: r.weight, newAllocation: r.new_allocation });
    }
    return out;
  }
}
