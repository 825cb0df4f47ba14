import type { Migration } from '../../storage/migration.js';

/**
 * Bars keyed by (series, t) in a WITHOUT ROWID table: the primary key is the table's only b-tree, so a range read
 * of one symbol and timeframe is one sequential walk, and a write touches one tree instead of a table and an
 * index. A series is one (symbol, timeframe) pair; naming it by a small integer keeps every key short.
 * Foreign keys are not declared: this file is a cache written by one class, and enforcing them would cost every
 * insert a lookup.
 */
export const migration: Migration = {
  version: 1,
  name: 'bars',
  up(db) {
    db.exec(`
      CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        symbol TEXT NOT NULL,
        timeframe TEXT NOT NULL,
        UNIQUE (symbol, timeframe)
      ) STRICT;
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      ) STRICT;
      CREATE TABLE bars (
        series_id INTEGER NOT NULL,
        t INTEGER NOT NULL,
        o REAL NOT NULL,
        h REAL NOT NULL,
        l REAL NOT NULL,
        c REAL NOT NULL,
        v REAL NOT NULL,
        adj_close REAL,
        source_id INTEGER NOT NULL,
        PRIMARY KEY (series_id, t),
        CHECK (l <= h)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
