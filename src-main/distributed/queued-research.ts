import { CodedError } from '../../src-shared/ipc/errors.js';
import { accountModel, fillModel } from '../backtest/fill-model.js';
import type { ComboResult } from '../backtest/optimize/evaluate.js';
import type { Metrics } from '../backtest/metrics.js';
import type { SweepOptions, SweepResult } from '../backtest/optimize/sweep.js';
import { stitchWalkForward, walkForwardWindows, type WalkForwardFold, type WalkForwardOptions, type WalkForwardResult } from '../backtest/walk-forward.js';
import { encodeDataset } from './dataset.js';
import { runOnQueue, type RunOnQueueOptions } from './producer.js';
import { connectedSlots } from './status.js';
import type { DataRef, SweepChunkResult } from './protocol.js';
import type { QueueAddress } from './redis/url.js';

export interface QueueTarget {
  address: QueueAddress;
  /** Combinations per sweep job (default: about 64 jobs a run, 1 to 256 combinations each). */
  chunk?: number;
  onQueued?: (runId: string) => void;
  outageMs?: number;
  /** The bars came from this catalog range: workers read it there (the shared bucket) instead of from Redis. */
  catalog?: Omit<Extract<DataRef, { kind: 'catalog' }>, 'kind' | 'sha256'>;
}

/** The bars as jobs name them: a catalog range (with the hash of what the producer read), or a dataset in Redis. */
function dataRef(data: SweepOptions['data'], queue: QueueTarget): { ref: DataRef; datasets: RunOnQueueOptions['datasets'] } {
  const dataset = encodeDataset(data);
  if (queue.catalog) return { ref: { kind: 'catalog', ...queue.catalog, sha256: dataset.sha256 }, datasets: [] };
  return { ref: { kind: 'redis', sha256: dataset.sha256 }, datasets: [dataset] };
}

/**
 * runSweep over the queue: the combinations go out in chunks, each evaluated by a worker with the same code, and
 * come back in combination order, so the result is the local sweep's to the last digit. Cancel with `signal`: the
 * combinations done so far come back with `cancelled: true`, as locally.
 */
export async function queuedSweep(options: Omit<SweepOptions, 'workerScript' | 'workers'> & { queue: QueueTarget }): Promise<SweepResult> {
  const total = options.combos.length;
  if (total === 0) return { results: [], barEvaluations: 0, cancelled: false };
  // About four chunks per job slot connected now (as the local sweep does per thread): few enough that a job's fixed
  // cost (a thread, the series) stays small, enough that a slow or killed worker holds up little. Workers that
  // connect later share what is left.
  const jobSlots = options.queue.chunk === undefined ? await connectedSlots(options.queue.address) : 0;
  const chunk = options.queue.chunk ?? Math.max(1, Math.min(256, Math.ceil(total / (Math.max(jobSlots, 4) * 4))));
  const { ref, datasets } = dataRef(options.data, options.queue);
  const common = {
    strategy: options.definition.name,
    data: ref,
    fill: fillModel.parse(options.fill ?? {}),
    account: accountModel.parse(options.account ?? {}),
    ...(options.from !== undefined ? { from: options.from } : {}),
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.blocks ? { blocks: options.blocks } : {}),
  };
  const jobs = [];
  for (let offset = 0; offset < total; offset += chunk) jobs.push({ kind: 'sweep-chunk', payload: { ...common, offset, combos: options.combos.slice(offset, offset + chunk) } });
  let combosDone = 0;
  const run = await runOnQueue({
    address: options.queue.address,
    label: 'optimize',
    jobs,
    ...(datasets ? { datasets } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.queue.onQueued ? { onQueued: options.queue.onQueued } : {}),
    ...(options.queue.outageMs !== undefined ? { outageMs: options.queue.outageMs } : {}),
    onResult: (_index, value) => {
      combosDone += (value as SweepChunkResult).items.length;
      options.onProgress?.(combosDone, total);
    },
  });
  const slots: Array<ComboResult | undefined> = new Array(total);
  let barEvaluations = 0;
  for (const value of run.results.values()) {
    const chunkResult = value as SweepChunkResult;
    barEvaluations += chunkResult.barEvaluations;
    for (const item of chunkResult.items) {
      slots[item.index] = { index: item.index, params: options.combos[item.index]!, metrics: item.metrics as unknown as Metrics, finalValue: item.finalValue, ...(item.blocks ? { blocks: item.blocks } : {}) };
    }
  }
  return { results: slots.filter((r): r is ComboResult => r !== undefined), barEvaluations, cancelled: run.cancelled };
}

/**
 * walkForward over the queue: one job per window (its in-sample optimisation and out-of-sample run), stitched here
 * by the same code as the local run. A cancelled run fails with CANCELLED: a walk-forward with windows missing is
 * not a result.
 */
export async function queuedWalkForward(options: Omit<WalkForwardOptions, 'optimise'> & { queue: QueueTarget; signal?: AbortSignal }): Promise<WalkForwardResult> {
  const windows = walkForwardWindows(options.data.times.length, options.inSample, options.outOfSample, options.anchored);
  const { ref, datasets } = dataRef(options.data, options.queue);
  const common = { strategy: options.definition.name, data: ref, fill: fillModel.parse(options.fill ?? {}), account: accountModel.parse(options.account ?? {}), combos: options.combos, objective: options.objective };
  const run = await runOnQueue({
    address: options.queue.address,
    label: 'walk-forward',
    jobs: windows.map((window) => ({ kind: 'walk-forward-fold', payload: { ...common, window } })),
    ...(datasets ? { datasets } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.queue.onQueued ? { onQueued: options.queue.onQueued } : {}),
    ...(options.queue.outageMs !== undefined ? { outageMs: options.queue.outageMs } : {}),
    onResult: (_index, _value, done, total) => options.onWindow?.(done, total),
  });
  if (run.cancelled) throw new CodedError('CANCELLED', `walk-forward cancelled with ${run.results.size} of ${windows.length} windows done; nothing was stored`);
  const folds = windows.map((_, n) => run.results.get(n) as WalkForwardFold);
  return stitchWalkForward(options, windows, folds);
}
