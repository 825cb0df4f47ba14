import type { Database } from 'better-sqlite3';
import type { BotDto } from '../../src-shared/ipc/bots-schemas.js';

interface Row {
  id: string;
  name: string;
  strategy: string;
  params: string;
  symbols: string;
  timeframe: string;
  allocation: string;
  protections: string;
  state: string;
  reason: string | null;
  state_since: number;
  orders_sent: number;
  created_at: number;
  updated_at: number;
}

function fromRow(row: Row): BotDto {
  return {
    id: row.id,
    name: row.name,
    strategy: row.strategy,
    params: JSON.parse(row.params) as BotDto['params'],
    symbols: JSON.parse(row.symbols) as string[],
    timeframe: row.timeframe as BotDto['timeframe'],
    allocation: row.allocation,
    ...(row.protections && row.protections !== '{}' ? { protections: JSON.parse(row.protections) as NonNullable<BotDto['protections']> } : {}),
    state: row.state as BotDto['state'],
    reason: row.reason,
    stateSince: row.state_since,
    ordersSent: row.orders_sent,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The bots table of the app database (migration 0005; allocation from 0007; protections from 0008). */
export class BotStore {
  constructor(private readonly db: Database) {}

  all(): BotDto[] {
    return (this.db.prepare('SELECT * FROM bots ORDER BY created_at, id').all() as Row[]).map(fromRow);
  }

  get(id: string): BotDto | undefined {
    const row = this.db.prepare('SELECT * FROM bots WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  save(bot: BotDto): void {
    this.db
      .prepare(
        `INSERT INTO bots (id, name, strategy, params, symbols, timeframe, allocation, protections, state, reason, state_since, orders_sent, created_at, updated_at)
         VALUES (@id, @name, @strategy, @params, @symbols, @timeframe, @allocation, @protections, @state, @reason, @stateSince, @ordersSent, @createdAt, @updatedAt)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, strategy = excluded.strategy, params = excluded.params, symbols = excluded.symbols,
           timeframe = excluded.timeframe, allocation = excluded.allocation, protections = excluded.protections, state = excluded.state, reason = excluded.reason, state_since = excluded.state_since,
           orders_sent = excluded.orders_sent, updated_at = excluded.updated_at`,
      )
      .run({ ...bot, params: JSON.stringify(bot.params), symbols: JSON.stringify(bot.symbols), protections: JSON.stringify(bot.protections ?? {}) });
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM bots WHERE id = ?').run(id).changes > 0;
  }
}
