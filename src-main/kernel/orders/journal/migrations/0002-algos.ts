import type { JournalMigration } from './journal-migration.js';

/**
 * Execution algorithm parents, so they outlive the process: the spec (kind and parameters) as JSON, the status,
 * the child order ids in send order, and the POV volume observed so far. Children are ordinary rows of `orders`
 * (their `parent` column holds the algo id); this table holds what only the parent knows.
 */
export const migration: JournalMigration = {
  version: 2,
  name: 'algos',
  sql: `
CREATE TABLE IF NOT EXISTS algos (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  started_at INTEGER NOT NULL,
  ends_at INTEGER,
  children TEXT NOT NULL,
  observed REAL NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS algos_status ON algos (status);
`,
};
