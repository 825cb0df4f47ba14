import type { Migration } from '../../storage/migration.js';

/**
 * Daily implied-volatility points per underlying and expiry (Alpaca keeps no IV history, so the workstation records
 * its own): the ATM IV and the 25-delta skew of each expiry on each date, one row per (underlying, date, expiry), and
 * the 30-day constant-maturity IV of each date that IV rank and percentile are computed from. Recording a date
 * again replaces its rows (the last snapshot of a day wins).
 */
export const migration: Migration = {
  version: 2,
  name: 'option-iv',
  up(db) {
    db.exec(`
      CREATE TABLE option_iv_points (
        underlying TEXT NOT NULL,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        expiry TEXT NOT NULL CHECK (expiry GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        days INTEGER NOT NULL CHECK (days >= 0),
        atm_iv REAL NOT NULL CHECK (atm_iv >= 0),
        skew25 REAL,
        PRIMARY KEY (underlying, date, expiry)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE option_iv_daily (
        underlying TEXT NOT NULL,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        iv30 REAL NOT NULL CHECK (iv30 >= 0),
        skew25 REAL,
        recorded_at INTEGER NOT NULL,
        PRIMARY KEY (underlying, date)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
