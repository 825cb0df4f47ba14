import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerBundleDir } from '../../worker-bundles.js';
import { accumulateHist, type HistLayout } from './hist-kernel.js';
import { CONTROL_STRIDE, DONE, END, QUIT, SEQ, START, type HistWorkerData } from './hist-protocol.js';

const WORKER_FILE = 'ml-hist-worker.mjs';
/** Below this many rows a node's histogram is built on one thread: waking a helper costs more than it saves. */
const MIN_SHARED_ROWS = 8192;
/** How long the pool waits for a helper's share (its first includes the thread's start) before doing it itself. */
const HELPER_TIMEOUT_MS = 60_000;

/** Threads for histogram building when not given: both cores of a 2-core machine, never more than 2. */
export const defaultHistThreads = (): number => Math.max(1, Math.min(2, availableParallelism()));

export function defaultHistWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

/** The arrays a pool shares with its helpers: each a view on a SharedArrayBuffer. */
export interface SharedTreeArrays extends HistLayout {
  grad: Float64Array;
  hess: Float64Array;
  rows: Int32Array;
}

const shared = (a: { buffer: ArrayBufferLike }) => a.buffer instanceof SharedArrayBuffer;

/** A typed array of `length` zeros on a SharedArrayBuffer (a histogram helper reads it without a copy). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * 8));
}
export function sharedInt32(length: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(length * 4));
}

/**
 * Builds node histograms on several threads, synchronously: features are split between the calling thread and
 * helper threads (worker_threads over SharedArrayBuffers), each feature's cells summed by one thread over the rows
 * in their order, so the histogram is the same, bit for bit, as one thread's. The caller blocks in Atomics.wait
 * while the helpers finish, which keeps tree growing a plain synchronous loop. A helper that does not answer in
 * time (a thread that failed to start) is stopped and its share done here from then on: the result is the same.
 */
export class HistPool {
  private readonly helpers: Worker[] = [];
  private readonly control: Int32Array;
  private readonly out: Float64Array;
  /** Feature boundaries: the calling thread takes [0, split[0]), helper i takes [split[i], split[i + 1]). */
  private readonly split: number[];
  private seq = 0;
  private alive = true;

  private constructor(private readonly a: SharedTreeArrays, threads: number, script: string) {
    const cells = a.cellStart[a.features]!;
    this.control = sharedInt32(CONTROL_STRIDE * (threads - 1));
    this.out = sharedFloat64(cells);
    // shares of about equal cells, cut at feature boundaries
    this.split = [];
    let f = 0;
    for (let t = 1; t < threads; t++) {
      while (f < a.features && a.cellStart[f]! < (cells * t) / threads) f++;
      this.split.push(f);
    }
    this.split.push(a.features);
    for (let i = 0; i < threads - 1; i++) {
      const data: HistWorkerData = {
        binned: a.binned, features: a.features, cellStart: a.cellStart, grad: a.grad, hess: a.hess, rows: a.rows,
        control: this.control, out: this.out, slot: i, fLo: this.split[i]!, fHi: this.split[i + 1]!,
      };
      const worker = new Worker(script, { workerData: data });
      worker.on('error', () => this.stop()); // seen only when the caller's loop turns; the timeout covers the rest
      worker.unref();
      this.helpers.push(worker);
    }
  }

  /**
   * A pool over `threads` threads (the caller's included), or null where one thread is all there is to use: fewer
   * than 2 threads asked, arrays that are not shared, or no built helper script (`node scripts/build.mjs ml-workers`).
   */
  static open(a: SharedTreeArrays, threads: number, script = defaultHistWorkerScript()): HistPool | null {
    const n = Math.min(Math.floor(threads), a.features);
    if (!(n >= 2) || ![a.binned, a.grad, a.hess, a.rows].every(shared) || !existsSync(script)) return null;
    return new HistPool(a, n, script);
  }

  get threads(): number {
    return this.alive ? this.helpers.length + 1 : 1;
  }

  /** The histogram of rows[start..end) over every feature. */
  build(start: number, end: number): Float64Array {
    const { a } = this;
    const hist = new Float64Array(a.cellStart[a.features]!);
    if (!this.alive || end - start < MIN_SHARED_ROWS) {
      accumulateHist(hist, a, a.grad, a.hess, a.rows, start, end, 0, a.features);
      return hist;
    }
    const seq = ++this.seq;
    const c = this.control;
    for (let i = 0; i < this.helpers.length; i++) {
      const at = i * CONTROL_STRIDE;
      Atomics.store(c, at + START, start);
      Atomics.store(c, at + END, end);
      Atomics.store(c, at + SEQ, seq);
      Atomics.notify(c, at + SEQ);
    }
    accumulateHist(hist, a, a.grad, a.hess, a.rows, start, end, 0, this.split[0]!);
    for (let i = 0; i < this.helpers.length; i++) {
      const lo = this.split[i]!;
      const hi = this.split[i + 1]!;
      if (this.alive && this.waitFor(i, seq)) hist.set(this.out.subarray(a.cellStart[lo]!, a.cellStart[hi]!), a.cellStart[lo]!);
      else accumulateHist(hist, a, a.grad, a.hess, a.rows, start, end, lo, hi);
    }
    return hist;
  }

  private waitFor(i: number, seq: number): boolean {
    const at = i * CONTROL_STRIDE + DONE;
    const until = performance.now() + HELPER_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(this.control, at);
      if (done === seq) return true;
      const left = until - performance.now();
      if (left <= 0) {
        this.stop();
        return false;
      }
      Atomics.wait(this.control, at, done, left);
    }
  }

  private stop(): void {
    this.alive = false;
    for (let i = 0; i < this.helpers.length; i++) {
      Atomics.store(this.control, i * CONTROL_STRIDE + QUIT, 1);
      Atomics.add(this.control, i * CONTROL_STRIDE + SEQ, 1);
      Atomics.notify(this.control, i * CONTROL_STRIDE + SEQ);
    }
  }

  /** Stops the helper threads (they exit on their own; terminate is the backstop). */
  close(): void {
    this.stop();
    for (const w of this.helpers.splice(0)) void w.terminate().catch(() => undefined);
  }
}
