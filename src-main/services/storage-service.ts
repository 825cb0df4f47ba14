import type { Database } from 'better-sqlite3';
import type { Logger } from '../logging/logger.js';
import { openDatabase } from '../storage/database.js';
import { healthOf, type Service } from './service.js';

export class StorageService implements Service {
  readonly name = 'storage';
  private database: Database | undefined;

  constructor(
    private readonly file: string,
    private readonly log: Logger,
  ) {}

  start(): void {
    const { db, migration } = openDatabase(this.file);
    this.database = db;
    if (migration.applied.length > 0) {
      this.log.info('storage', 'database migrated', { file: this.file, from: migration.from, to: migration.to, applied: migration.applied });
    }
  }

  get db(): Database {
    if (!this.database) throw new Error('storage is not started');
    return this.database;
  }

  stop(): void {
    this.database?.close();
    this.database = undefined;
  }

  health() {
    const db = this.database;
    if (!db?.open) return healthOf(this.name, 'down', 'database is closed');
    const journal = db.pragma('journal_mode', { simple: true });
    const version = db.pragma('user_version', { simple: true });
    return healthOf(this.name, journal === 'wal' ? 'ok' : 'degraded', `schema v${String(version)}, journal ${String(journal)}`);
  }
}
