import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { evaluate, trainOnRows, type Progress } from './eval/train-model.js';
import type { TrainReply, TrainRequest, TrainWorkerData } from './train-protocol.js';

/**
 * The ML training worker (built as dist/main/ml-train-worker.mjs): one training job per thread, so a fit of minutes
 * never holds main's loop. Progress is posted at most every 100 ms; the client cancels through a shared flag that
 * the trainer reads between rounds (the thread is busy, so a message would wait until the end).
 */
if (parentPort) {
  const port = parentPort;
  const flag = new Int32Array((workerData as TrainWorkerData).cancel);
  port.once('message', (request: TrainRequest) => {
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
      const { dataset, spec } = request;
      const evaluation = request.evaluate ? evaluate(dataset, spec, hooks) : null;
      const all = Int32Array.from({ length: dataset.rows }, (_, i) => i);
      const final = request.finalFit ? trainOnRows(dataset, all, spec, hooks) : null;
      reply = { kind: 'done', evaluation, final };
    } catch (error) {
      const code = error instanceof CodedError ? error.code : error instanceof RangeError ? 'BAD_REQUEST' : 'INTERNAL';
      reply = { kind: 'error', code, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
}
