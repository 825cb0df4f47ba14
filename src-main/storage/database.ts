import BetterSqlite3, { type Database } from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrate, type MigrationResult } from './migrate.js';
import { migrations } from './migrations/index.js';

export interface OpenedDatabase {
  db: Database;
  migration: MigrationResult;
}

/**
 * Under Electron the module must be compiled for Electron's ABI; `scripts/electron-native.mjs` builds that copy
 * beside node_modules so the same checkout still runs under plain Node.
 */
function nativeBinding(): string | undefined {
  const electronVersion = process.versions.electron;
  if (!electronVersion) return undefined;
  const appRoot = process.env.WORKSTATION_APP_ROOT ?? process.cwd();
  const candidate = join(appRoot, '.cache', 'electron-native', electronVersion, 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

/** Opens (creating if needed) the workstation database: WAL, foreign keys, migrated to this build's schema. */
export function openDatabase(file: string): OpenedDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const binding = nativeBinding();
  const db = new BetterSqlite3(file, binding ? { nativeBinding: binding } : {});
  try {
    db.pragma('journal_mode = WAL');
    // Settings and caches: NORMAL is durable across app crashes in WAL mode. The order journal (a later issue)
    // sets FULL on its own connection.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const migration = migrate(db, migrations);
    return { db, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}
