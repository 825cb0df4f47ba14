import type { Migration } from '../migration.js';

/** Key/value settings, values as JSON text validated by the settings store's schemas. */
export const migration: Migration = {
  version: 1,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
