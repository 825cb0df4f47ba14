/**
 * The history store on a real SQLite file (WAL, synchronous NORMAL, in a temp folder):
 *  1. insert: the vendored Yahoo daily files tiled to >= 1M bars of one 1Min series, written with writeBars
 *     in batches of 50,000 (one transaction each) into an empty store. Target: >= 800,000 bars/s.
 *  2. re-write: the same bars again (every row found unchanged, nothing written). For re-imports.
 *  3. scan: the whole series read back with readBars (Bar objects), iterateBars (chunks of 10,000) and
 *     readColumns (typed arrays, the read worker's form). Target: >= 1,000,000 bars/s.
 *  4. the read worker: the whole series through HistoryReadClient (the worker reads, the columns are
 *     transferred), and the longest stall of this thread's event loop meanwhile, against a direct read's stall.
 * Each figure is the best of three runs (insert: three fresh files).
 * Run: node scripts/build.mjs bench && node dist/bench/store.mjs [minBars=1000000]
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bar } from '../src-shared/domain/bar.js';
import { parseYahooCsv } from '../src-main/history/csv/yahoo.js';
import { historyDatabasePath } from '../src-main/history/history-db.js';
import { HistoryReadClient } from '../src-main/history/read-client.js';
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

/** The read worker, bundled as scripts/build.mjs bundles main's workers (beside this bench's bundle). */
async function buildReadWorker(): Promise<string> {
  const outfile = join(process.cwd(), 'dist', 'bench', 'history-read-worker.mjs');
  await build({
    entryPoints: [join(process.cwd(), 'src-main', 'history', 'read-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

/** Runs `work` while a 1 ms timer measures this thread's event loop: the longest gap between two ticks. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  longest = 0;
  last = performance.now();
  await work();
  const now = performance.now();
  longest = Math.max(longest, now - last);
  clearInterval(timer);
  return longest;
}

async function workerFigures(file: string, n: number): Promise<string> {
  const client = new HistoryReadClient(file, { workerScript: await buildReadWorker() });
  try {
    await client.readColumns('TILE', '1Min', { limit: 10 }); // start the worker and its connection
    let best = Infinity;
    let stall = Infinity;
    for (let round = 0; round < 3; round++) {
      let seconds = 0;
      const s = await longestStall(async () => {
        const started = performance.now();
        const columns = await client.readColumns('TILE', '1Min');
        seconds = (performance.now() - started) / 1000;
        if (columns.t.length !== n) throw new Error(`worker read ${columns.t.length} bars, wrote ${n}`);
      });
      best = Math.min(best, seconds);
      stall = Math.min(stall, s);
    }
    const store = HistoryStore.open(file, { readonly: true });
    const direct = await longestStall(async () => store.readColumns('TILE', '1Min'));
    store.close();
    return (
      `  read worker (columns)     ${rate(n, best)}\n` +
      `  main loop's longest stall ${stall.toFixed(1)} ms during a worker read of all bars; ${direct.toFixed(0)} ms during a direct read\n`
    );
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
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
    const worker = await workerFigures(historyDatabasePath(join(root, 'r2')), n);
    process.stdout.write(
      `history store, one 1Min series of ${n.toLocaleString('en-US')} bars (Yahoo daily rows tiled), batches of ${BATCH.toLocaleString('en-US')}, best of 3\n` +
        `  insert (new rows)         ${rate(n, best.insert)}   target >= 800,000\n` +
        `  re-write (all unchanged)  ${rate(n, best.rewrite)}\n` +
        `  scan readBars (objects)   ${rate(n, best.objects)}   target >= 1,000,000\n` +
        `  scan iterateBars (10k)    ${rate(n, best.chunks)}\n` +
        `  scan readColumns          ${rate(n, best.columns)}\n` +
        worker +
        `  file size                 ${(fileBytes / 1024 / 1024).toFixed(1)} MiB (${(fileBytes / n).toFixed(1)} bytes/bar)\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
