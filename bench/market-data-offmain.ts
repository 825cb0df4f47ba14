/**
 * Where the market data service's thresholds come from: a history-cache read (newest N minute bars, as the
 * offline cache serves a chart) directly on this thread against the read worker's round trip, and an indicator
 * over N bars computed here against on the worker. Also the longest stall of this thread's event loop during
 * a worker read whose bars are built in slices (what the service does; what main's other windows feel). Median
 * of 7 runs each, the worker warm.
 * Run: node scripts/build.mjs history-read-worker && node scripts/build.mjs bench && node dist/bench/market-data-offmain.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bar } from '../src-shared/domain/bar.js';
import { HistoryReadClient } from '../src-main/history/read-client.js';
import { HistoryStore } from '../src-main/history/store.js';
import { computeIndicator } from '../src-main/kernel/indicators/registry.js';

const TOTAL = 200_000;
const SIZES = [500, 2_000, 5_000, 20_000, 50_000];
const INDICATOR_SIZES = [1_000, 10_000, 50_000, 100_000];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timed(run: () => unknown): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** The longest gap between ticks of a 1 ms interval while `run` is pending. */
async function longestStall(run: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await run();
  clearInterval(timer);
  return Math.max(worst, performance.now() - last);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-offmain-'));
const file = join(dir, 'history.sqlite');
const start = Date.UTC(2024, 0, 2, 14, 30);
const bars: Bar[] = Array.from({ length: TOTAL }, (_, i) => {
  const c = 100 + 10 * Math.sin(i / 300) + (i % 11) * 0.05;
  return { t: start + i * 60_000, o: c - 0.02, h: c + 0.1, l: c - 0.1, c, v: 100 + (i % 17) };
});
const store = HistoryStore.open(file);
store.writeBars('BENCH', '1Min', bars, 'bench');
// The app's worker bundle (dist/bench may hold an older one that bench/store.ts builds for itself).
const client = new HistoryReadClient(file, { workerScript: join(process.cwd(), 'dist', 'main', 'history-read-worker.mjs') });
await client.readBars('BENCH', '1Min', { limit: 10, fromEnd: true }); // start the worker

console.log(`history reads (newest N of ${TOTAL} minute bars, ms, median of 7):`);
console.log('       N   direct   worker   stall(direct)   stall(worker)');
for (const n of SIZES) {
  const range = { limit: n, fromEnd: true };
  const direct: number[] = [];
  const worker: number[] = [];
  for (let i = 0; i < 7; i++) {
    direct.push(await timed(() => store.readBars('BENCH', '1Min', range)));
    worker.push(await timed(() => client.readBarsYielding('BENCH', '1Min', range)));
  }
  const stallDirect = await longestStall(async () => store.readBars('BENCH', '1Min', range));
  const stallWorker = await longestStall(() => client.readBarsYielding('BENCH', '1Min', range));
  console.log(`${String(n).padStart(8)} ${median(direct).toFixed(2).padStart(8)} ${median(worker).toFixed(2).padStart(8)} ${stallDirect.toFixed(2).padStart(15)} ${stallWorker.toFixed(2).padStart(15)}`);
}

console.log('\nindicators over N bars (ms, median of 7): here vs on the worker (round trip)');
console.log('       N   rsi here  rsi worker   adx here  adx worker');
for (const n of INDICATOR_SIZES) {
  const tail = bars.slice(0, n);
  const cols = {
    high: Float64Array.from(tail, (b) => b.h),
    low: Float64Array.from(tail, (b) => b.l),
    close: Float64Array.from(tail, (b) => b.c),
    volume: Float64Array.from(tail, (b) => b.v),
  };
  const row: number[] = [];
  for (const id of ['rsi', 'adx']) {
    const here: number[] = [];
    const there: number[] = [];
    for (let i = 0; i < 7; i++) {
      here.push(await timed(() => computeIndicator(id, { period: 14 }, cols)));
      there.push(await timed(() => client.computeIndicator(id, { period: 14 }, cols)));
    }
    row.push(median(here), median(there));
  }
  console.log(`${String(n).padStart(8)} ${row.map((x) => x.toFixed(2).padStart(10)).join(' ')}`);
}

await client.close();
store.close();
rmSync(dir, { recursive: true, force: true });
