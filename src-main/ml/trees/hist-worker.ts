import { workerData } from 'node:worker_threads';
import { accumulateHist } from './hist-kernel.js';
import { CONTROL_STRIDE, DONE, END, QUIT, SEQ, START, type HistWorkerData } from './hist-protocol.js';

/**
 * A histogram helper thread (built as dist/main/ml-hist-worker.mjs). It sleeps on its control word, builds the
 * cells of its share of the features for each node the pool hands it, and says so; the pool's thread builds the
 * other features meanwhile. It never posts a message: the pool's thread is blocked in Atomics.wait while it works.
 */
export function serveHist(d: HistWorkerData): void {
  const at = d.slot * CONTROL_STRIDE;
  const layout = { binned: d.binned, features: d.features, cellStart: d.cellStart };
  const from = d.cellStart[d.fLo]!;
  const to = d.cellStart[d.fHi]!;
  // sums go to this thread's own memory first: adds into the shared buffer itself ran at half the speed
  const local = new Float64Array(d.out.length);
  let seen = 0;
  for (;;) {
    Atomics.wait(d.control, at + SEQ, seen);
    const seq = Atomics.load(d.control, at + SEQ);
    if (Atomics.load(d.control, at + QUIT) === 1) return;
    if (seq === seen) continue;
    seen = seq;
    local.fill(0, from, to);
    accumulateHist(local, layout, d.grad, d.hess, d.rows, Atomics.load(d.control, at + START), Atomics.load(d.control, at + END), d.fLo, d.fHi);
    d.out.set(local.subarray(from, to), from);
    Atomics.store(d.control, at + DONE, seq);
    Atomics.notify(d.control, at + DONE);
  }
}

if (workerData) serveHist(workerData as HistWorkerData);
