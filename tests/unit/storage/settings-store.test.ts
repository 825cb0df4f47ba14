import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appSettingDefaults, appSettingSchemas } from '../../../src-main/storage/app-settings.js';
import { openDatabase } from '../../../src-main/storage/database.js';
import { SettingsStore } from '../../../src-main/storage/settings-store.js';

describe('settings store', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const file = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    dirs.push(dir);
    return join(dir, 'db.sqlite');
  };

  it('keeps values across a reopen of the file, and tells listeners', () => {
    const path = file();
    const first = openDatabase(path);
    const store = new SettingsStore(first.db, appSettingSchemas, appSettingDefaults);
    const seen: string[] = [];
    store.onChange((key) => seen.push(key));
    expect(store.get('ui.theme')).toBe('dark');
    store.set('ui.theme', 'light');
    store.set('window.bounds', { x: 10, y: 20, width: 1200, height: 800, maximized: false });
    first.db.close();
    const second = openDatabase(path);
    const reopened = new SettingsStore(second.db, appSettingSchemas, appSettingDefaults);
    expect(reopened.get('ui.theme')).toBe('light');
    expect(reopened.get('window.bounds')).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: false });
    expect(seen).toEqual(['ui.theme', 'window.bounds']);
    second.db.close();
  });

  it('refuses an invalid value with BAD_REQUEST and a reason, and leaves the stored one', () => {
    const { db } = openDatabase(file());
    const store = new SettingsStore(db, appSettingSchemas, appSettingDefaults);
    store.set('ui.theme', 'light');
    expect(() => store.set('ui.theme', 'purple')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST' }));
    expect(() => store.set('window.bounds', { x: 0, y: 0, width: 10, height: 10, maximized: false })).toThrow(/width/);
    expect(store.get('ui.theme')).toBe('light');
    db.close();
  });

  it('falls back to the default when a stored row no longer fits its schema', () => {
    const { db } = openDatabase(file());
    const store = new SettingsStore(db, appSettingSchemas, appSettingDefaults);
    db.prepare('INSERT INTO settings VALUES (?, ?, ?)').run('ui.theme', '"neon"', 1);
    expect(store.get('ui.theme')).toBe('dark');
    db.close();
  });
});
