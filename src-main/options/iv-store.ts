import type { Database } from 'better-sqlite3';
import type { IvPoint } from '../../src-shared/ipc/options-schemas.js';
import type { EpochMs } from '../../src-shared/time.js';
import { iv30Of } from './iv-metrics.js';

export interface IvDay {
  date: string;
  iv30: number;
  skew25: number | null;
}

/** The daily IV tables of history.sqlite (migration 0002): one transaction per recorded date. */
export class IvStore {
  constructor(private readonly db: Database) {}

  /** Replaces the underlying's points of `date` and its 30-day figure; returns the 30-day IV, if any expiry had one. */
  record(underlying: string, date: string, points: readonly IvPoint[], now: EpochMs): IvDay | undefined {
    const day = iv30Of(points);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM option_iv_points WHERE underlying = ? AND date = ?').run(underlying, date);
      const insert = this.db.prepare('INSERT INTO option_iv_points (underlying, date, expiry, days, atm_iv, skew25) VALUES (?, ?, ?, ?, ?, ?)');
      for (const p of points) insert.run(underlying, date, p.expiry, p.days, p.atmIv, p.skew25);
      if (day) {
        this.db
          .prepare('INSERT INTO option_iv_daily (underlying, date, iv30, skew25, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (underlying, date) DO UPDATE SET iv30 = excluded.iv30, skew25 = excluded.skew25, recorded_at = excluded.recorded_at')
          .run(underlying, date, day.iv30, day.skew25, now);
      }
    })();
    return day ? { date, ...day } : undefined;
  }

  /** The last `days` daily figures, oldest first. */
  daily(underlying: string, days: number): IvDay[] {
    const rows = this.db
      .prepare('SELECT date, iv30, skew25 FROM option_iv_daily WHERE underlying = ? ORDER BY date DESC LIMIT ?')
      .all(underlying, days) as { date: string; iv30: number; skew25: number | null }[];
    return rows.reverse();
  }

  /** The points of the latest recorded date (the term structure), nearest expiry first. */
  latestPoints(underlying: string): IvPoint[] {
    const rows = this.db
      .prepare(
        'SELECT date, expiry, days, atm_iv AS atmIv, skew25 FROM option_iv_points WHERE underlying = ? AND date = (SELECT MAX(date) FROM option_iv_points WHERE underlying = ?) ORDER BY expiry',
      )
      .all(underlying, underlying) as IvPoint[];
    return rows;
  }
}
