import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate } from '../storage/migrate.js';
import { historyMigrations } from './migrations/index.js';

export const HISTORY_FILE_NAME = 'history.sqlite';

/** Where the bar cache lives: beside the app database, in a file of its own. */
export function historyDatabasePath(dataDir: string): string {
  return join(dataDir, HISTORY_FILE_NAME);
}

export interface HistoryDatabaseOptions {
  readonly?: boolean;
  /** better-sqlite3 compiled for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
}

/**
 * Opens the history database. It is a cache that can be re-downloaded or re-imported, kept out of the app
 * database so that a million-row import (one transaction) never holds the write lock the order journal needs,
 * and so that it can be deleted to clear the cache. WAL lets readers (the read worker) run beside a writer;
 * synchronous NORMAL is durable across app crashes, which is enough for a cache.
 */
export function openHistoryDatabase(file: string, options: HistoryDatabaseOptions = {}): Database {
  const readonly = options.readonly ?? false;
  if (!readonly && file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  if (readonly && !existsSync(file)) throw new Error(`no history database at ${file}`);
  const db = new BetterSqlite3(file, {
    readonly,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, historyMigrations);
    }
    // Range scans of a few hundred thousand rows: a bigger page cache keeps the b-tree's inner pages resident.
    db.pragma('cache_size = -65536');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
