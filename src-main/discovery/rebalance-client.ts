import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CodedError, type IpcErrorCode } from '../../src-shared/ipc/errors.js';
import { workerBundleDir } from '../worker-bundles.js';
import type { RebalanceInput, RebalancePlan } from './risk-report/rebalance.js';
import type { RebalanceWorkerReply, RebalanceWorkerRequest } from './rebalance-protocol.js';

const WORKER_FILE = 'rebalance-worker.mjs';

/** The built rebalance worker (dist/main/rebalance-worker.mjs, unpacked from the ASAR when packaged). */
export function defaultRebalanceWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

/**
 * planRebalance on a worker thread, so the rebalance preview's optimiser never holds main's event loop. The worker
 * starts on the first plan and stays for the next; idle, it is unref'd, so it never keeps a process alive.
 */
export class RebalanceClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(plan: RebalancePlan): void; reject(error: Error): void }>();
  /** Plans the worker computed (diagnostics, and how tests see the work really left main). */
  served = 0;

  constructor(private readonly workerScript: string = defaultRebalanceWorkerScript()) {}

  plan(input: RebalanceInput): Promise<RebalancePlan> {
    const worker = this.start();
    const request: RebalanceWorkerRequest = { id: this.nextId++, input };
    return new Promise<RebalancePlan>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new CodedError('CANCELLED', 'the rebalance worker was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (reply: RebalanceWorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) {
        this.served++;
        pending.resolve(reply.plan);
      } else pending.reject(new CodedError(reply.code as IpcErrorCode, reply.message));
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new CodedError('UNAVAILABLE', `the rebalance worker failed: ${error.message}; preview again to start a new one`));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new CodedError('UNAVAILABLE', 'the rebalance worker stopped; preview again to start a new one'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
