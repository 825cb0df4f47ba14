import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { describeIssues } from '../ipc/router.js';

/**
 * Typed settings on SQLite. Each key has a schema; a value is checked when written and again when read, so a
 * hand-edited or older row falls back to the default instead of reaching code that trusts it.
 */
export type SettingSchemas = Record<string, z.ZodType>;

export class SettingsStore<S extends SettingSchemas> {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement<[string, string, number]>;
  private readonly listeners = new Set<(key: keyof S & string, value: unknown) => void>();

  constructor(
    db: Database,
    private readonly schemas: S,
    private readonly defaults: { [K in keyof S]: z.output<S[K]> },
  ) {
    this.select = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  get<K extends keyof S & string>(key: K): z.output<S[K]> {
    const row = this.select.get(key);
    if (!row) return this.defaults[key];
    const parsed = this.schemas[key]!.safeParse(JSON.parse(row.value));
    return parsed.success ? (parsed.data as z.output<S[K]>) : this.defaults[key];
  }

  /** Validates and stores; returns the time written. Throws BAD_REQUEST with the schema's reason. */
  set<K extends keyof S & string>(key: K, value: unknown): number {
    const schema = this.schemas[key];
    if (!schema) throw new CodedError('BAD_REQUEST', `unknown setting "${key}"`);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CodedError('BAD_REQUEST', `setting ${key}: ${describeIssues(parsed.error, 'the value')}`);
    const updatedAt = Date.now();
    this.upsert.run(key, JSON.stringify(parsed.data), updatedAt);
    for (const listener of this.listeners) listener(key, parsed.data);
    return updatedAt;
  }

  onChange(listener: (key: keyof S & string, value: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
