import { Worker } from 'node:worker_threads';
import type { SweepThreads } from '../backtest/optimize/sweep.js';
import type { SweepJob } from '../backtest/optimize/protocol.js';

/**
 * Warm sweep threads for a worker process: one sweep per queued job, each on a thread that has run sweeps before.
 * A fresh thread per job paid its start-up and a cold JIT (about 0.3-1 s a job here), more than a chunk's work.
 */
export class SweepThreadPool implements SweepThreads {
  private readonly idle: Worker[] = [];
  private closed = false;

  constructor(private readonly script: string) {}

  take(job: SweepJob): Worker {
    const warm = this.idle.pop();
    if (warm) {
      warm.postMessage({ type: 'job', job });
      return warm;
    }
    const worker = new Worker(this.script, { workerData: job });
    // A pooled thread that fails between sweeps leaves the pool (a sweep's own listeners are gone by then).
    worker.on('error', () => this.drop(worker));
    worker.on('exit', () => this.drop(worker));
    return worker;
  }

  async give(worker: Worker): Promise<void> {
    if (this.closed) await worker.terminate();
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private drop(worker: Worker): void {
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
  }
}
