import { Worker } from 'node:worker_threads';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { accountModel, fillModel, type AccountModelInput, type FillModelInput } from '../fill-model.js';
import { exactSmaSeriesMany } from '../exact-sma.js';
import { smaSeriesKey, type MarketData } from '../market-data.js';
import type { ComboResult } from './evaluate.js';
import type { SharedColumns, SharedSeries, SweepJob, WorkerMessage } from './protocol.js';
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
}

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
 * instead of once per worker, in shared memory the workers read without a copy.
 */
function shareSeries(definition: StrategyDefinition, data: MarketData, combos: readonly Combo[]): SharedSeries[] {
  if (!definition.indicators) return [];
  const periods = new Set<number>();
  for (const combo of combos) {
    const parsed = definition.params.safeParse(combo);
    if (!parsed.success) continue;
    for (const request of definition.indicators(parsed.data)) if (request.kind === 'sma') periods.add(request.period);
  }
  const sorted = [...periods].sort((a, b) => a - b);
  const out: SharedSeries[] = [];
  for (let s = 0; s < data.symbols.length; s++) {
    const buffers: SharedArrayBuffer[] = [];
    exactSmaSeriesMany(data.columns[s]!.c, sorted, (length) => {
      const buffer = new SharedArrayBuffer(length * 8);
      buffers.push(buffer);
      return new Float64Array(buffer);
    });
    sorted.forEach((period, k) => out.push({ key: smaSeriesKey(s, period), values: buffers[k]! }));
  }
  return out;
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
  const control = new SharedArrayBuffer(8);
  const flags = new Int32Array(control);
  const job: SweepJob = {
    strategy: options.definition.name,
    columns: share(options.data),
    series: shareSeries(options.definition, options.data, options.combos),
    fill: fillModel.parse(options.fill ?? {}),
    account: accountModel.parse(options.account ?? {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    combos: options.combos,
    control,
    fastPath: options.fastPath ?? true,
    chunk: Math.max(1, Math.min(64, Math.floor(total / (workerCount * 8)))),
  };
  const slots: Array<ComboResult | undefined> = new Array(total);
  let done = 0;
  let barEvaluations = 0;
  const cancel = (): void => void Atomics.store(flags, 1, 1);
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: workerCount }, () => {
        const worker = new Worker(options.workerScript, { workerData: job });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'results') {
              for (const item of message.items) {
                slots[item.index] = { index: item.index, params: options.combos[item.index]!, metrics: item.metrics, finalValue: item.finalValue };
                barEvaluations += item.bars;
              }
              done += message.items.length;
              options.onProgress?.(done, total);
            } else if (message.type === 'done') resolve();
            else reject(new CodedError('INTERNAL', `sweep worker failed: ${message.message}`));
          });
          worker.on('error', (error) => reject(new CodedError('INTERNAL', `sweep worker failed: ${error.message}`)));
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new CodedError('INTERNAL', `sweep worker exited with code ${code}`))));
        });
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const results = slots.filter((r): r is ComboResult => r !== undefined);
  return { results, barEvaluations, cancelled: Atomics.load(flags, 1) !== 0 };
}
