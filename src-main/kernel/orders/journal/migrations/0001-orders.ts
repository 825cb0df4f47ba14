import type { JournalMigration } from './journal-migration.js';

/** Orders, fills, order events, risk denials, the journal's own state and external positions (user_version 1). */
export const migration: JournalMigration = {
  version: 1,
  name: 'orders',
  // IF NOT EXISTS: a journal written before migrations were numbered is already at version 1 and never reruns it.
  sql: `
CREATE TABLE IF NOT EXISTS orders (
  client_order_id TEXT PRIMARY KEY,
  broker_order_id TEXT UNIQUE,
  source TEXT NOT NULL,
  intent TEXT NOT NULL,
  status TEXT NOT NULL,
  filled_qty TEXT NOT NULL,
  filled_avg_price TEXT,
  broker_updated_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  external INTEGER NOT NULL DEFAULT 0,
  reject_code TEXT,
  reject_message TEXT,
  replaces TEXT,
  parent TEXT,
  request_key TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS orders_status ON orders (status);
CREATE TABLE IF NOT EXISTS fills (
  execution_id TEXT PRIMARY KEY,
  broker_order_id TEXT NOT NULL,
  client_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  qty TEXT NOT NULL,
  price TEXT NOT NULL,
  cum_qty TEXT NOT NULL,
  at INTEGER NOT NULL,
  via TEXT NOT NULL,
  UNIQUE (broker_order_id, cum_qty)
);
CREATE TABLE IF NOT EXISTS order_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  client_order_id TEXT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS risk_denials (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  source TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  intent TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS journal_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS external_positions (
  symbol TEXT PRIMARY KEY,
  qty TEXT NOT NULL,
  cost_basis TEXT NOT NULL
);
`,
};
