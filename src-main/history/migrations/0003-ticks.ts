import type { Migration } from '../../storage/migration.js';

/**
 * Quotes and trades beside the bars, stored as column chunks: one row holds up to a day of one symbol's quotes
 * (or trades) as packed little-endian Float64 columns in a single BLOB (t, then bid, bidSize, ask, askSize; or t,
 * price, size). A backtest loads a day with one index seek and one BLOB read, and the columns come out as typed
 * arrays without parsing a value per row; a row-per-tick table would cost a b-tree entry and a decode per quote
 * (hundreds of thousands a day). Recording appends a chunk per flush; an import or backfill over a window rewrites
 * the days it touches as one chunk each. `day` is the UTC day number (t / 86,400,000) that retention and reads
 * seek on. tick_recording is the trader's per-symbol switch for recording the live stream.
 */
export const migration: Migration = {
  version: 3,
  name: 'ticks',
  up(db) {
    db.exec(`
      CREATE TABLE tick_chunks (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('quotes', 'trades')),
        day INTEGER NOT NULL,
        t0 REAL NOT NULL,
        t1 REAL NOT NULL CHECK (t1 >= t0),
        n INTEGER NOT NULL CHECK (n > 0),
        data BLOB NOT NULL
      ) STRICT;
      CREATE INDEX tick_chunks_by_day ON tick_chunks (symbol, kind, day, t0);
      CREATE TABLE tick_recording (
        symbol TEXT PRIMARY KEY,
        since INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
