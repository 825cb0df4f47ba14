import type { Database } from 'better-sqlite3';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { Migration } from './migration.js';

export interface MigrationResult {
  from: number;
  to: number;
  applied: string[];
}

/** Refuses a list with gaps, duplicates or disorder: numbering is how installed databases know where they are. */
export function checkMigrationList(list: readonly Migration[]): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration list is out of order at position ${index + 1}: found version ${migration.version}`);
    }
  });
}

export function currentVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies pending migrations, each in its own transaction together with its bookkeeping, so a crash leaves
 * the database at a whole version. A database newer than this build is refused rather than touched.
 */
export function migrate(db: Database, list: readonly Migration[]): MigrationResult {
  checkMigrationList(list);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const from = currentVersion(db);
  if (from > list.length) {
    throw new CodedError(
      'UNAVAILABLE',
      `the data folder holds a database of schema version ${from}, newer than this build (${list.length}); ` +
        'run the newer version of the app or point --data-dir at another folder',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: string[] = [];
  for (const migration of list.slice(from)) {
    db.transaction(() => {
      migration.up(db);
      record.run(migration.version, migration.name, Date.now());
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(`${String(migration.version).padStart(4, '0')}-${migration.name}`);
  }
  return { from, to: currentVersion(db), applied };
}
