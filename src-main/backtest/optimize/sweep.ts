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
  /** Keep the shared bars and indicator series for the next sweep over the same MarketData (queue workers). */
  reuse?: boolean;
  /** Keep per-block sums of each combination's bar returns over this many blocks (the overfitting checks). */
  blocks?: number;
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

/**
 * What a sweep may keep for the next sweep over the same bars (`reuse`): the shared columns and the indicator series
 * already computed. A queue worker runs one sweep per job over one dataset; computing the series again per job cost
 * more than the job's evaluations. Series are kept up to REUSE_SERIES_BYTES per dataset, and go with the bars.
 */
interface Reused {
  columns: SharedColumns[];
  series: Map<string, SharedArrayBuffer>;
  bytes: number;
}
const REUSED = new WeakMap<MarketData, Reused>();
const REUSE_SERIES_BYTES = 256 * 1024 * 1024;

function share(data: MarketData): SharedColumns[] {
  return data.columns.map((c) => ({ symbol: c.symbol, t: toShared(c.t), o: toShared(c.o), h: toShared(c.h), l: toShared(c.l), c: toShared(c.c), v: toShared(c.v) }));
}

function reusedOf(data: MarketData): Reused {
  let entry = REUSED.get(data);
  if (!entry) {
    entry = { columns: share(data), series: new Map(), bytes: 0 };
    REUSED.set(data, entry);
  }
  return entry;
}

/**
 * Every distinct indicator series the combinations declare (StrategyDefinition.indicators), computed once here
 * instead of once per worker, in shared memory the workers read without a copy. The memory is handed out first and
 * filled by `compute`, so the workers start up (load their bundle, index the bars) while the series are computed.
 * With `reused`, series computed by an earlier sweep over the same bars are handed out as they are (each period's
 * series is the same whichever others are computed with it).
 */
function shareSeries(definition: StrategyDefinition, data: MarketData, combos: readonly Combo[], reused?: Reused): { series: SharedSeries[]; compute: () => void } {
  if (!definition.indicators) return { series: [], compute: () => undefined };
  const periods = new Set<number>();
  for (const combo of combos) {
    const parsed = definition.params.safeParse(combo);
    if (!parsed.success) continue;
    for (const request of definition.indicators(parsed.data)) if (request.kind === 'sma') periods.add(request.period);
  }
  const sorted = [...periods].sort((a, b) => a - b);
  const series: SharedSeries[] = [];
  // Per symbol, the periods still to compute (ascending) and their buffers in the same order.
  const missing: Array<{ periods: number[]; buffers: SharedArrayBuffer[] }> = [];
  for (let s = 0; s < data.symbols.length; s++) {
    const length = data.columns[s]!.c.length;
    const todo = { periods: [] as number[], buffers: [] as SharedArrayBuffer[] };
    for (const period of sorted) {
      const key = smaSeriesKey(s, period);
      const kept = reused?.series.get(key);
      const values = kept ?? new SharedArrayBuffer(length * 8);
      if (!kept) {
        todo.periods.push(period);
        todo.buffers.push(values);
      }
      series.push({ key, values });
    }
    missing.push(todo);
  }
  const compute = (): void => {
    for (let s = 0; s < data.symbols.length; s++) {
      const todo = missing[s]!;
      if (todo.periods.length === 0) continue;
      let next = 0;
      // exactSmaSeriesMany asks for its outputs in the order of its (ascending) periods.
      exactSmaSeriesMany(data.columns[s]!.c, todo.periods, () => new Float64Array(todo.buffers[next++]!));
      if (!reused) continue;
      todo.periods.forEach((period, k) => {
        const buffer = todo.buffers[k]!;
        if (reused.bytes + buffer.byteLength > REUSE_SERIES_BYTES) return;
        reused.series.set(smaSeriesKey(s, period), buffer);
        reused.bytes += buffer.byteLength;
      });
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
  const reused = options.reuse ? reusedOf(options.data) : undefined;
  const shared = shareSeries(options.definition, options.data, options.combos, reused);
  const job: SweepJob = {
    strategy: options.definition.name,
    columns: reused ? reused.columns : share(options.data),
    series: shared.series,
    fill: fillModel.parse(options.fill ?? {}),
    account: accountModel.parse(options.account ?? {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    combos: options.combos,
    control,
    fastPath: options.fastPath ?? true,
    blocks: options.blocks ?? 0,
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
                slots[item.index] = { index: item.index, params: options.combos[item.index]!, metrics: item.metrics, finalValue: item.finalValue, ...(item.blocks ? { blocks: item.blocks } : {}) };
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
