import type { Migration } from '../migration.js';

/**
 * Number 0002 was planned for the bars tables. They live in their own file instead, <data dir>/history.sqlite
 * with its own migrations (src-main/history/migrations): a million-row import is one transaction, and in this
 * database it would hold the write lock the order journal needs, possibly from another process (the CLI). The
 * step changes nothing here; it keeps the number so that later migrations keep theirs.
 */
export const migration: Migration = {
  version: 2,
  name: 'history-in-own-file',
  up() {},
};
