import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bar } from '../../src-shared/domain/bar.js';
import { CodedError, type IpcErrorCode } from '../../src-shared/ipc/errors.js';
import type { BarColumns } from '../backtest/market-data.js';
import { workerBundleDir } from '../worker-bundles.js';
import type { ScanOutput } from './scanner.js';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-protocol.js';

const WORKER_FILE = 'scan-worker.mjs';

/** The built scan worker (dist/main/scan-worker.mjs, unpacked from the ASAR when packaged). */
export function defaultScanWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

export type ScanOptions = Omit<Extract<ScanWorkerRequest, { type: 'scan' }>, 'type' | 'id'>;

/**
 * The opportunity scanner on a worker thread: main sends the universe once and each closed bar after, and asks for
 * scans; the shadow runs, scoring and calibration never touch main's event loop. Scans are answered in order.
 */
export class ScanClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(r: ScanOutput): void; reject(e: Error): void }>();
  private failed: Error | undefined;

  constructor(workerScript = defaultScanWorkerScript()) {
    this.worker = new Worker(workerScript);
    this.worker.on('message', (reply: ScanWorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.type === 'result') p.resolve(reply.result);
      else p.reject(new CodedError(reply.code as IpcErrorCode, reply.message));
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new CodedError('UNAVAILABLE', `the scan worker stopped (exit code ${code})`)));
  }

  load(columns: readonly BarColumns[]): void {
    this.post({ type: 'load', columns: [...columns] });
  }

  addBars(bars: Array<{ symbol: string; bar: Bar }>): void {
    this.post({ type: 'bars', bars });
  }

  scan(options: ScanOptions): Promise<ScanOutput> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<ScanOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'scan', id, ...options });
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
    this.fail(new CodedError('UNAVAILABLE', 'the scan worker was closed'));
  }

  private post(message: ScanWorkerRequest): void {
    if (this.failed) throw this.failed;
    this.worker.postMessage(message);
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
