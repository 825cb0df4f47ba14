import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodedError, isIpcErrorCode } from '../../src-shared/ipc/errors.js';
import { workerBundleDir } from '../worker-bundles.js';
import type { Dataset } from './dataset.js';
import type { EvaluationReport, FoldFit, Progress, TrainedModel, TrainSpec } from './eval/train-model.js';
import type { TrainReply, TrainRequest, TrainWorkerData } from './train-protocol.js';

const WORKER_FILE = 'ml-train-worker.mjs';

export function defaultTrainWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

export interface TrainJobOptions {
  evaluate?: boolean;
  /** Fit the final model on every row (default true). */
  finalFit?: boolean;
  onProgress?(p: Progress): void;
  /** Aborting cancels the job: the worker stops at its next round and the promise rejects with CANCELLED. */
  signal?: AbortSignal;
  workerScript?: string;
  /** One walk-forward fold (0-based) alone: its fit is the answer (fitFoldInWorker). */
  fold?: number;
}

export interface TrainJobResult {
  evaluation: EvaluationReport | null;
  final: TrainedModel;
}

/** What an evaluation-only job (finalFit false) answers. */
export interface EvaluationJobResult {
  evaluation: EvaluationReport | null;
  final: TrainedModel | null;
  fold?: FoldFit;
}

/** Trains (and evaluates) one model on its own worker thread; the thread ends with the job. */
export function trainInWorker(dataset: Dataset, spec: TrainSpec, o: TrainJobOptions & { finalFit?: true } = {}): Promise<TrainJobResult> {
  return runJob(dataset, spec, { ...o, finalFit: true }) as Promise<TrainJobResult>;
}

/** The purged walk-forward evaluation alone, on a worker thread (no final fit). */
export async function evaluateInWorker(dataset: Dataset, spec: TrainSpec, o: Omit<TrainJobOptions, 'evaluate' | 'finalFit'> = {}): Promise<EvaluationReport> {
  const r = await runJob(dataset, spec, { ...o, evaluate: true, finalFit: false });
  return r.evaluation!;
}

/** One fold of the purged walk-forward evaluation, on a worker thread (a queued train's job). */
export async function fitFoldInWorker(dataset: Dataset, spec: TrainSpec, fold: number, o: Pick<TrainJobOptions, 'signal' | 'workerScript'> = {}): Promise<FoldFit> {
  const r = await runJob(dataset, spec, { ...o, evaluate: false, finalFit: false, fold });
  if (!r.fold) throw new CodedError('INTERNAL', `the ML training worker answered fold ${fold + 1} without its fit`);
  return r.fold;
}

function runJob(dataset: Dataset, spec: TrainSpec, o: TrainJobOptions): Promise<EvaluationJobResult> {
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const worker = new Worker(o.workerScript ?? defaultTrainWorkerScript(), { workerData: { cancel } satisfies TrainWorkerData });
  return new Promise<EvaluationJobResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      o.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => Atomics.store(flag, 0, 1);
    if (o.signal?.aborted) onAbort();
    o.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: TrainReply) => {
      if (m.kind === 'progress') o.onProgress?.(m.progress);
      else if (m.kind === 'done') finish(() => resolve({ evaluation: m.evaluation, final: m.final, ...(m.fold ? { fold: m.fold } : {}) }));
      else finish(() => reject(new CodedError(isIpcErrorCode(m.code) ? m.code : 'INTERNAL', m.message)));
    });
    worker.on('error', (e) => finish(() => reject(new CodedError('INTERNAL', `the ML training worker failed: ${e.message}`))));
    worker.on('exit', (code) => finish(() => reject(new CodedError('INTERNAL', `the ML training worker stopped (exit ${code}) before answering`))));
    worker.postMessage({ kind: 'train', dataset, spec, evaluate: o.evaluate ?? true, finalFit: o.finalFit ?? true, ...(o.fold !== undefined ? { fold: o.fold } : {}) } satisfies TrainRequest);
  });
}
