import { Worker } from 'node:worker_threads';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { accountModel, fillModel, type AccountModelInput, type FillModelInput } from '../fill-model.js';
import { exactSmaSeriesMany } from '../exact-sma.js';
import { smaSeriesKey, type MarketData } from '../market-data.js';
import type { ComboResult } from './evaluate.js';
import { CANCELLED, CONTROL_BYTES, SERIES_READY, type SharedColumns, type SharedSeries, type SweepJob, type WorkerMessage } from './protocol.js';
import type { Combo } from './search.js';

export interface SweepOptions {
  definition: StrategyDefinition;
  data: MarketData;
  combos: Combo[];
  /** The built worker bundle (dist/main/backtest-worker.mjs). */
  workerScript: string | URL;
  workers: number;
  fill?: FillModelInput;
  account?: AccountModelInput;
  from?: number;
  to?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** false: every combination through the event-driven engine, none through a fast path (evaluate.ts). */
  fastPath?: boolean;
  /** Where the threads come from (default: new ones, ended after the sweep); a pool lends warm ones instead. */
  threads?: SweepThreads;
}

/** Lends threads running the sweep worker: `take` starts `job` on one, `give` hands it back once the sweep ends. */
export interface SweepThreads {
  take(job: SweepJob): Worker;
  give(worker: Worker): Promise<void>;
}

const freshThreads = (script: string | URL): SweepThreads => ({
  take: (job) => new Worker(script, { workerData: job }),
  give: async (worker) => void (await worker.terminate()),
});

export interface SweepResult {
  results: ComboResult[];
  /** Bars processed over all combinations (combinations x bars per run). */
  barEvaluations: number;
  cancelled: boolean;
}

function toShared(a: Float64Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(a.byteLength);
  new Float64Array(buffer).set(a);
  return buffer;
}

function share(data: MarketData): SharedColumns[] {
  return data.columns.map((c) => ({ symbol: c.symbol, t: toShared(c.t), o: toShared(c.o), h: toShared(c.h), l: toShared(c.l), c: toShared(c.c), v: toShared(c.v) }));
}

/**
 * Every distinct indicator series the combinations declare (StrategyDefinition.indicators), computed once here
 * instead of once per worker, in shared memory the workers read without a copy. The memory is handed out first and
 * filled by `compute`, so the workers start up (load their bundle, index the bars) while the series are computed.
 */
function shareSeries(definition: StrategyDefinition, data: MarketData, combos: readonly Combo[]): { series: SharedSeries[]; compute: () => void } {
  if (!definition.indicators) return { series: [], compute: () => undefined };
  const periods = new Set<number>();
  for (const combo of combos) {
    const parsed = definition.params.safeParse(combo);
    if (!parsed.success) continue;
    for (const request of definition.indicators(parsed.data)) if (request.kind === 'sma') periods.add(request.period);
  }
  const sorted = [...periods].sort((a, b) => a - b);
  const series: SharedSeries[] = [];
  for (let s = 0; s < data.symbols.length; s++) {
    const length = data.columns[s]!.c.length;
    for (const period of sorted) series.push({ key: smaSeriesKey(s, period), values: new SharedArrayBuffer(length * 8) });
  }
  const compute = (): void => {
    for (let s = 0; s < data.symbols.length; s++) {
      let next = s * sorted.length;
      // exactSmaSeriesMany asks for its outputs in the order of `sorted`.
      exactSmaSeriesMany(data.columns[s]!.c, sorted, () => new Float64Array(series[next++]!.values));
    }
  };
  return { series, compute };
}

/**
 * Evaluates every combination across worker threads. Workers pull chunks from a shared counter; results are put
 * back in combination order, so the outcome is the same for any number of workers. Cancel with `signal`: workers
 * stop after their current chunk and the combinations done so far are returned with `cancelled: true`.
 */
export async function runSweep(options: SweepOptions): Promise<SweepResult> {
  const total = options.combos.length;
  if (total === 0) return { results: [], barEvaluations: 0, cancelled: false };
  const workerCount = Math.max(1, Math.min(options.workers, total));
  const control = new SharedArrayBuffer(CONTROL_BYTES);
  const flags = new Int32Array(control);
  const shared = shareSeries(options.definition, options.data, options.combos);
  const job: SweepJob = {
    strategy: options.definition.name,
    columns: share(options.data),
    series: shared.series,
    fill: fillModel.parse(options.fill ?? {}),
    account: accountModel.parse(options.account ?? {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    combos: options.combos,
    control,
    fastPath: options.fastPath ?? true,
    // About four chunks per worker: enough to balance the load, and several combinations per chunk, which the fast
    // path evaluates in one pass over the bars.
    chunk: Math.max(1, Math.min(64, Math.ceil(total / (workerCount * 4)))),
  };
  const slots: Array<ComboResult | undefined> = new Array(total);
  let done = 0;
  let barEvaluations = 0;
  const cancel = (): void => void Atomics.store(flags, CANCELLED, 1);
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const workers: Worker[] = [];
  const threads = options.threads ?? freshThreads(options.workerScript);
  const detach: Array<() => void> = [];
  // A thread goes back to a pool only after its job said 'done': one still running would post into the next sweep.
  let clean = false;
  try {
    const finished = Promise.all(
      Array.from({ length: workerCount }, () => {
        const worker = threads.take(job);
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          const onMessage = (message: WorkerMessage): void => {
            if (message.type === 'results') {
              for (const item of message.items) {
                slots[item.index] = { index: item.index, params: options.combos[item.index]!, metrics: item.metrics, finalValue: item.finalValue };
                barEvaluations += item.bars;
              }
              done += message.items.length;
              options.onProgress?.(done, total);
            } else if (message.type === 'done') resolve();
            else reject(new CodedError('INTERNAL', `sweep worker failed: ${message.message}`));
          };
          const onError = (error: Error): void => reject(new CodedError('INTERNAL', `sweep worker failed: ${error.message}`));
          const onExit = (code: number): void => (code === 0 ? resolve() : reject(new CodedError('INTERNAL', `sweep worker exited with code ${code}`)));
          worker.on('message', onMessage).on('error', onError).on('exit', onExit);
          detach.push(() => worker.off('message', onMessage).off('error', onError).off('exit', onExit));
        });
      }),
    );
    // Handled by the await below; this keeps a worker that fails while the series are computed from being reported unhandled.
    finished.catch(() => undefined);
    // The workers start up meanwhile; they wait on the SERIES_READY flag before their first evaluation.
    try {
      shared.compute();
    } catch (error) {
      cancel();
      throw error;
    } finally {
      Atomics.store(flags, SERIES_READY, 1);
      Atomics.notify(flags, SERIES_READY);
    }
    await finished;
    clean = true;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    for (const off of detach) off();
    await Promise.all(workers.map((w) => (clean ? threads.give(w) : w.terminate())));
  }
  const results = slots.filter((r): r is ComboResult => r !== undefined);
  return { results, barEvaluations, cancelled: Atomics.load(flags, CANCELLED) !== 0 };
}
