// bench/workers (the name): sweep throughput on the Redis queue (BullMQ) against the local sweep with 1, 2
// and 4 `workstation worker` processes (WORKERS=1,2 for fewer), the local sweep on 1 and 2 threads, and the fixed
// cost of one queued job.
// Run: node scripts/build.mjs main && node scripts/build.mjs backtest-worker && node scripts/build.mjs bench && node dist/bench/workers.mjs
// Needs /usr/bin/redis-server (started here on a free loopback port, nothing persisted).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar } from '../src-shared/domain/bar.js';
import { MarketData, toColumns } from '../src-main/backtest/market-data.js';
import { gridCombos } from '../src-main/backtest/optimize/search.js';
import { runSweep, type SweepResult } from '../src-main/backtest/optimize/sweep.js';
import { queuedSweep } from '../src-main/distributed/queued-research.js';
import { parseQueueUrl } from '../src-main/distributed/redis/url.js';
import { parseYahooCsv } from '../src-main/history/csv/yahoo.js';
import { smaCross } from '../src-main/strategies/sma-cross.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const cli = join(root, 'dist', 'main', 'cli.mjs');
const workerScript = join(root, 'dist', 'main', 'backtest-worker.mjs');
const dataDir = process.env.YAHOO_DAILY_DIR ?? join(root, 'tests', 'fixtures', 'yahoo-daily');
const target = Number(process.env.BARS ?? 100_000);
const workerCounts = (process.env.WORKERS ?? '1,2,4').split(',').map(Number);
const load = (): string => `load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;

/** The real files end to end, each copy scaled to start at the previous close (as bench/backtest.ts). */
function tiledBars(): Bar[] {
  const sources = readdirSync(dataDir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseYahooCsv(readFileSync(join(dataDir, f), 'utf8'), f));
  const copies = sources.flatMap((rows) => [rows, [...rows].reverse().map((r) => ({ ...r, o: r.c, c: r.o }))]);
  const out: Bar[] = [];
  let t = Date.UTC(1900, 0, 1);
  while (out.length < target) {
    for (const rows of copies) {
      const scale = out.length > 0 ? out[out.length - 1]!.c / rows[0]!.o : 1;
      for (const r of rows) {
        t += 86_400_000;
        out.push({ t, o: r.o * scale, h: r.h * scale, l: r.l * scale, c: r.c * scale, v: r.v });
        if (out.length >= target) return out;
      }
    }
  }
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, [cli, 'worker', '--queue', url, '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise<ChildProcess>((resolve) => child.stdout!.on('data', (c: Buffer) => c.toString().includes(' on redis://') && resolve(child)));
    }),
  );
}

async function stopWorkers(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGTERM')))));
}

const data = new MarketData([toColumns('TILE', tiledBars())]);
const combos = gridCombos(smaCross, new Map<string, number[]>([['fast', Array.from({ length: 20 }, (_, i) => 2 + 2 * i)], ['slow', Array.from({ length: 20 }, (_, i) => 50 + 10 * i)]]), { size: 100 });
const barEvals = (s: SweepResult): string => `${(s.barEvaluations / 1e6).toFixed(1)}M bar evaluations`;
process.stdout.write(`${data.times.length.toLocaleString('en-US')} bars, ${combos.length} sma-cross combinations; ${availableParallelism()} cores here; ${load()}\n`);

const timed = async (label: string, run: () => Promise<SweepResult>): Promise<SweepResult> => {
  const started = performance.now();
  const result = await run();
  const s = (performance.now() - started) / 1000;
  process.stdout.write(`${label.padEnd(34)} ${s.toFixed(2).padStart(7)} s  ${(combos.length / s).toFixed(1).padStart(7)} combinations/s  (${barEvals(result)}; ${load()})\n`);
  return result;
};

// Warm-up: the first sweep pays the JIT and the page cache.
await runSweep({ definition: smaCross, data, combos: combos.slice(0, 8), workers: 1, workerScript });
const local: Record<number, SweepResult> = {};
for (const n of [1, 2]) local[n] = await timed(`local sweep, ${n} thread(s)`, () => runSweep({ definition: smaCross, data, combos, workers: n, workerScript }));

const port = await freePort();
const redis = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}/0`;
const address = parseQueueUrl(url);
try {
  for (const n of workerCounts) {
    const workers = await startWorkers(url, n);
    const queued = await timed(`queue, ${n} worker process(es)`, () => queuedSweep({ definition: smaCross, data, combos, queue: { address } }));
    if (JSON.stringify(queued.results) !== JSON.stringify(local[1]!.results)) throw new Error('the queued sweep differs from the local one');
    await stopWorkers(workers);
  }
  // The fixed cost of one job: one combination over the last 2 bars, 32 jobs through one worker (a thread per job,
  // the Redis round trips, the dataset read once and cached).
  const workers = await startWorkers(url, 1);
  const started = performance.now();
  const n = 32;
  await queuedSweep({ definition: smaCross, data, combos: combos.slice(0, n), from: data.times.length - 2, to: data.times.length, queue: { address, chunk: 1 } });
  process.stdout.write(`overhead per job (1 worker, ${n} one-combination jobs): ${((performance.now() - started) / n).toFixed(0)} ms  (${load()})\n`);
  await stopWorkers(workers);
} finally {
  redis.kill('SIGKILL');
}
process.stdout.write(
  `This machine has ${availableParallelism()} cores shared with other work: two worker processes (each evaluating in its own thread) ` +
    `plus the producer already ask for more than two cores, so the queue can only show its overhead here, not a speed-up; ` +
    `the speed-up needs workers on other machines (or more cores), one per core.\n`,
);
