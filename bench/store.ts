/**
 * The history store on a real SQLite file (WAL, synchronous NORMAL, in a temp folder):
 *  1. insert: the vendored Yahoo daily files tiled to >= 1M bars of one 1Min series, written with writeBars
 *     in batches of 50,000 (one transaction each) into an empty store. Target: >= 800,000 bars/s.
 *  2. re-write: the same bars again (every row found unchanged, nothing written). For re-imports.
 *  3. scan: the whole series read back with readBars (Bar objects), iterateBars (chunks of 10,000) and
 *     readColumns (typed arrays, the read worker's form). Target: >= 1,000,000 bars/s.
 * Each figure is the best of three runs (insert: three fresh files).
 * Run: node scripts/build.mjs bench && node dist/bench/store.mjs [minBars=1000000]
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bar } from '../src-shared/domain/bar.js';
import { parseYahooCsv } from '../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../src-main/history/history-db.js';
import { HistoryStore } from '../src-main/history/store.js';

const minBars = Number(process.argv[2] ?? 1_000_000);
const BATCH = 50_000;
const dataDir = process.env.YAHOO_DAILY_DIR ?? join(process.cwd(), 'tests', 'fixtures', 'yahoo-daily');

/** Every vendored daily row, repeated until there are enough, relabelled as consecutive minutes. */
function tiledBars(): Bar[] {
  const rows: Bar[] = [];
  for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort()) {
    for (const r of parseYahooCsv(readFileSync(join(dataDir, file), 'utf8'), file)) rows.push({ t: 0, o: r.o, h: r.h, l: r.l, c: r.c, v: r.v });
  }
  const start = Date.UTC(2000, 0, 3, 14, 30);
  const out: Bar[] = new Array<Bar>(Math.ceil(minBars / rows.length) * rows.length);
  for (let i = 0; i < out.length; i++) out[i] = { ...rows[i % rows.length]!, t: start + i * 60_000 };
  return out;
}

function seconds(run: () => void): number {
  const started = performance.now();
  run();
  return (performance.now() - started) / 1000;
}

const rate = (n: number, s: number): string => `${Math.round(n / s).toLocaleString('en-US')} bars/s (${n.toLocaleString('en-US')} in ${s.toFixed(3)} s)`;

function main(): void {
  const bars = tiledBars();
  const root = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    let best = { insert: Infinity, rewrite: Infinity, objects: Infinity, chunks: Infinity, columns: Infinity };
    let fileBytes = 0;
    for (let round = 0; round < 3; round++) {
      const file = historyDatabasePath(join(root, `r${round}`));
      const store = HistoryStore.open(file);
      try {
        const writeAll = (): void => {
          for (let i = 0; i < bars.length; i += BATCH) store.writeBars('TILE', '1Min', bars.slice(i, i + BATCH), 'bench');
        };
        const insert = seconds(writeAll);
        const rewrite = seconds(writeAll);
        let n = 0;
        const objects = seconds(() => (n = store.readBars('TILE', '1Min').length));
        if (n !== bars.length) throw new Error(`read ${n} bars, wrote ${bars.length}`);
        const chunks = seconds(() => {
          n = 0;
          for (const chunk of store.iterateBars('TILE', '1Min', { chunkSize: 10_000 })) n += chunk.length;
        });
        if (n !== bars.length) throw new Error(`streamed ${n} bars, wrote ${bars.length}`);
        const columns = seconds(() => (n = store.readColumns('TILE', '1Min').t.length));
        best = {
          insert: Math.min(best.insert, insert),
          rewrite: Math.min(best.rewrite, rewrite),
          objects: Math.min(best.objects, objects),
          chunks: Math.min(best.chunks, chunks),
          columns: Math.min(best.columns, columns),
        };
        store.db.pragma('wal_checkpoint(TRUNCATE)');
        fileBytes = statSync(file).size;
      } finally {
        store.close();
      }
    }
    const n = bars.length;
    process.stdout.write(
      `history store, one 1Min series of ${n.toLocaleString('en-US')} bars (Yahoo daily rows tiled), batches of ${BATCH.toLocaleString('en-US')}, best of 3\n` +
        `  insert (new rows)         ${rate(n, best.insert)}   target >= 800,000\n` +
        `  re-write (all unchanged)  ${rate(n, best.rewrite)}\n` +
        `  scan readBars (objects)   ${rate(n, best.objects)}   target >= 1,000,000\n` +
        `  scan iterateBars (10k)    ${rate(n, best.chunks)}\n` +
        `  scan readColumns          ${rate(n, best.columns)}\n` +
        `  file size                 ${(fileBytes / 1024 / 1024).toFixed(1)} MiB (${(fileBytes / n).toFixed(1)} bytes/bar)\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();
