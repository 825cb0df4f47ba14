import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { evaluate, evaluationFolds, fitTreeFold, isNetworkKind, trainOnRows, type EvaluationReport, type FoldFit, type Hooks, type Progress, type TrainedModel } from './eval/train-model.js';
import { evaluateNetwork, fitNetworkFold, netParams, trainNetworkOnRows } from './nets/train-network.js';
import { sequenceDataset } from './nets/sequences.js';
import type { Dataset } from './dataset.js';
import type { TrainReply, TrainRequest, TrainWorkerData } from './train-protocol.js';

/**
 * The ML training worker (built as dist/main/ml-train-worker.mjs): one training job per thread, so a fit of minutes
 * never holds main's loop. Progress is posted at most every 100 ms; the client cancels through a shared flag that
 * the trainer reads between rounds (the thread is busy, so a message would wait until the end).
 */
if (parentPort) {
  const port = parentPort;
  const flag = new Int32Array((workerData as TrainWorkerData).cancel);
  port.once('message', (request: TrainRequest) => void handle(port, flag, request));
}

async function handle(port: MessagePort, flag: Int32Array, request: TrainRequest): Promise<void> {
  let last = 0;
  const hooks = {
    cancelled: () => Atomics.load(flag, 0) === 1,
    progress: (progress: Progress) => {
      const now = performance.now();
      if (now - last < 100 && progress.round !== progress.rounds) return;
      last = now;
      port.postMessage({ kind: 'progress', progress } satisfies TrainReply);
    },
  };
  let reply: TrainReply;
  try {
    if (request.fold !== undefined) {
      reply = { kind: 'done', evaluation: null, final: null, fold: await runFold(request, request.fold, hooks) };
    } else {
      const { evaluation, final } = await run(request, hooks);
      reply = { kind: 'done', evaluation, final };
    }
  } catch (error) {
    const code = error instanceof CodedError ? error.code : error instanceof RangeError ? 'BAD_REQUEST' : 'INTERNAL';
    reply = { kind: 'error', code, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
}

const allRows = (ds: Dataset) => Int32Array.from({ length: ds.rows }, (_, i) => i);

/** Trees train synchronously on rows; networks on windows of rows (the dataset minus each symbol's first steps - 1). */
async function run(request: TrainRequest, hooks: Hooks): Promise<{ evaluation: EvaluationReport | null; final: TrainedModel | null }> {
  const { dataset, spec } = request;
  if (isNetworkKind(spec.model)) {
    const data = sequenceDataset(dataset, netParams(spec).steps);
    const evaluation = request.evaluate ? await evaluateNetwork(data, spec, hooks) : null;
    const final = request.finalFit ? await trainNetworkOnRows(data, allRows(data.ds), spec, hooks) : null;
    return { evaluation, final };
  }
  const evaluation = request.evaluate ? evaluate(dataset, spec, hooks) : null;
  const final = request.finalFit ? trainOnRows(dataset, allRows(dataset), spec, hooks) : null;
  return { evaluation, final };
}

/** One fold of the evaluation, as `run` would fit it (the same dataset, windows and folds). */
async function runFold(request: TrainRequest, index: number, hooks: Hooks): Promise<FoldFit> {
  const { dataset, spec } = request;
  const data = isNetworkKind(spec.model) ? sequenceDataset(dataset, netParams(spec).steps) : undefined;
  const folds = evaluationFolds(data ? data.ds : dataset, spec);
  const fold = folds[index];
  if (!fold) throw new CodedError('BAD_REQUEST', `fold ${index + 1} asked of an evaluation with ${folds.length} folds`);
  return data ? fitNetworkFold(data, spec, fold, folds.length, hooks) : fitTreeFold(dataset, spec, fold, folds.length, hooks);
}
