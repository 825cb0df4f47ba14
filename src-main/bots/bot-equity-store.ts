import type { Database } from 'better-sqlite3';
import type { EquityPoint, EquitySink } from './equity-curve.js';

/** The bot_equity table of the app database (migration 0010): each bot's equity curve, kept across restarts. */
export class BotEquityStore {
  constructor(private readonly db: Database) {}

  load(botId: string): EquityPoint[] {
    return this.db.prepare('SELECT t, equity FROM bot_equity WHERE bot_id = ? ORDER BY t').all(botId) as EquityPoint[];
  }

  /** The sink a bot's curve writes through. */
  sink(botId: string): EquitySink {
    const cut = this.db.prepare('DELETE FROM bot_equity WHERE bot_id = ? AND t >= ?');
    const insert = this.db.prepare('INSERT INTO bot_equity (bot_id, t, equity) VALUES (?, ?, ?)');
    const clear = this.db.prepare('DELETE FROM bot_equity WHERE bot_id = ?');
    const append = this.db.transaction((point: EquityPoint, from: number) => {
      cut.run(botId, from);
      insert.run(botId, point.t, point.equity);
    });
    const replace = this.db.transaction((points: readonly EquityPoint[]) => {
      clear.run(botId);
      for (const p of points) insert.run(botId, p.t, p.equity);
    });
    return { append: (point, from) => append(point, from), replace: (points) => replace(points) };
  }

  deleteBot(botId: string): void {
    this.db.prepare('DELETE FROM bot_equity WHERE bot_id = ?').run(botId);
  }
}
