import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HistoryStore } from '../../../src-main/history/store.js';

/** Stores on real SQLite files in temp folders, closed and removed by `cleanup()`. */
export function tempStores(): { open(): { store: HistoryStore; file: string; dir: string }; cleanup(): void } {
  const opened: Array<{ store: HistoryStore; dir: string }> = [];
  return {
    open() {
      const dir = mkdtempSync(join(tmpdir(), 'history-'));
      const file = join(dir, 'history.sqlite');
      const store = HistoryStore.open(file);
      opened.push({ store, dir });
      return { store, file, dir };
    },
    cleanup() {
      for (const { store, dir } of opened.splice(0)) {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
