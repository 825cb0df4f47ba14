// Backtest throughput: sma-cross event-driven on one core over >= 1M bars (the real daily files tiled end to end,
// each copy shifted so prices stay continuous), and an optimisation sweep on 2 worker threads.
// Run: node scripts/build.mjs main && node scripts/build.mjs backtest-worker && node scripts/build.mjs bench && node dist/bench/backtest.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar } from '../src-shared/domain/bar.js';
import { runBacktest } from '../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../src-main/backtest/market-data.js';
import { gridCombos } from '../src-main/backtest/optimize/search.js';
import { runSweep } from '../src-main/backtest/optimize/sweep.js';
import { parseYahooCsv } from '../src-main/history/csv/yahoo.js';
import { smaCross } from '../src-main/strategies/sma-cross.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dataDir = process.env.YAHOO_DAILY_DIR ?? join(root, 'tests', 'fixtures', 'yahoo-daily');
const target = Number(process.env.BARS ?? 1_000_000);

function tiledBars(): Bar[] {
  const sources = readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseYahooCsv(readFileSync(join(dataDir, f), 'utf8'), f));
  const out: Bar[] = [];
  let t = Date.UTC(1900, 0, 1);
  let scale = 1;
  while (out.length < target) {
    for (const rows of sources) {
      // Rescale each copy so it starts where the last one ended: no artificial jump at the seams.
      if (out.length > 0) scale = out[out.length - 1]!.c / rows[0]!.o;
      for (const r of rows) {
        t += 86_400_000;
        out.push({ t, o: r.o * scale, h: r.h * scale, l: r.l * scale, c: r.c * scale, v: r.v });
        if (out.length >= target) return out;
      }
    }
  }
  return out;
}

const bars = tiledBars();
const data = new MarketData([toColumns('TILE', bars)]);
const params = { fast: 10, slow: 30, size: 100 };
// Warm-up (JIT) and the SMA series cache, then timed runs.
runBacktest(smaCross, params, data);
const runs = 5;
let best = Infinity;
let trades = 0;
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const r = runBacktest(smaCross, params, data);
  best = Math.min(best, performance.now() - started);
  trades = r.closedTrades;
}
process.stdout.write(`event-driven sma-cross: ${bars.length} bars, ${trades} closed trades, best of ${runs}: ${best.toFixed(1)} ms = ${((bars.length / best) * 1000 / 1e6).toFixed(2)} M bars/s (one core)\n`);

const workerScript = join(root, 'dist', 'main', 'backtest-worker.mjs');
const axes = new Map<string, number[]>([
  ['fast', [5, 10, 15, 20, 25]],
  ['slow', [30, 40, 50, 60, 80, 100, 150, 200]],
]);
const combos = gridCombos(smaCross, axes, { size: 100 });
for (const workers of [2]) {
  const started = performance.now();
  const sweep = await runSweep({ definition: smaCross, data, combos, workers, workerScript });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `sweep on ${workers} workers: ${combos.length} combinations x ${bars.length} bars = ${sweep.barEvaluations} bar-evaluations in ${seconds.toFixed(2)} s = ${(sweep.barEvaluations / seconds / 1e6).toFixed(2)} M bar-evaluations/s (including worker start-up)\n`,
  );
}
