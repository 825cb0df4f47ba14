import { parentPort, workerData } from 'node:worker_threads';
import { EngineScratch } from '../engine.js';
import { MarketData, type BarColumns } from '../market-data.js';
import { STRATEGIES } from '../../strategies/index.js';
import { evaluateCombos } from './evaluate.js';
import { CANCELLED, NEXT_COMBO, SERIES_READY, type SweepJob, type WorkerMessage } from './protocol.js';

/** A sweep worker: takes chunks of combinations from the shared counter until none are left or the run is cancelled. */
function work(job: SweepJob): void {
  const definition = STRATEGIES.get(job.strategy);
  if (!definition) throw new Error(`unknown strategy ${job.strategy}`);
  const columns: BarColumns[] = job.columns.map((c) => ({
    symbol: c.symbol,
    t: new Float64Array(c.t),
    o: new Float64Array(c.o),
    h: new Float64Array(c.h),
    l: new Float64Array(c.l),
    c: new Float64Array(c.c),
    v: new Float64Array(c.v),
  }));
  const data = new MarketData(columns);
  const control = new Int32Array(job.control);
  // The parent computes the shared series while this thread starts up; read them only once they are filled.
  while (Atomics.load(control, SERIES_READY) === 0) Atomics.wait(control, SERIES_READY, 0);
  for (const s of job.series) data.seedSeries(s.key, new Float64Array(s.values));
  const options = { fill: job.fill, account: job.account, scratch: new EngineScratch(), fastPath: job.fastPath, blocks: job.blocks ?? 0, ...(job.from !== undefined ? { from: job.from } : {}), ...(job.to !== undefined ? { to: job.to } : {}) };
  for (;;) {
    if (Atomics.load(control, CANCELLED) !== 0) break;
    const start = Atomics.add(control, NEXT_COMBO, job.chunk);
    if (start >= job.combos.length) break;
    const end = Math.min(start + job.chunk, job.combos.length);
    const items: Extract<WorkerMessage, { type: 'results' }>['items'] = evaluateCombos(definition, job.combos.slice(start, end), data, options).map((r, k) => ({ index: start + k, ...r }));
    parentPort!.postMessage({ type: 'results', items } satisfies WorkerMessage);
  }
  parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
}

function serve(job: SweepJob): void {
  try {
    work(job);
  } catch (error) {
    parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies WorkerMessage);
  }
}

// A thread of its own sweep gets the job as workerData; a long-lived pool thread (src-main/distributed runs one
// sweep per queued job, and a fresh thread's cold JIT cost more than a chunk's work) gets one job per message.
if (workerData) serve(workerData as SweepJob);
parentPort!.on('message', (message: { type: string; job?: SweepJob }) => {
  if (message.type === 'job' && message.job) serve(message.job);
});
