import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { columnsToBars, type BarColumns } from './columns.js';
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-protocol.js';
import type { BarRange } from './store.js';

/** The worker bundle beside the bundle this module was built into (dist/main/history-read-worker.mjs). */
export function defaultReadWorkerScript(): string {
  return fileURLToPath(new URL('./history-read-worker.mjs', import.meta.url));
}

export interface HistoryReadClientOptions {
  /** The built read worker; defaults to the one beside this bundle. */
  workerScript?: string;
  nativeBinding?: string;
}

interface Pending {
  resolve(columns: BarColumns): void;
  reject(error: Error): void;
}

/**
 * Reads of the history database on a worker thread, so a range of a million bars never holds main's event loop.
 * The worker starts on the first read and serves reads one after another on its own read-only connection.
 */
export class HistoryReadClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly file: string,
    private readonly options: HistoryReadClientOptions = {},
  ) {}

  readColumns(symbol: string, timeframe: Timeframe, range: BarRange = {}): Promise<BarColumns> {
    const worker = this.start();
    const request: ReadRequest = { id: this.nextId++, symbol, timeframe, range };
    return new Promise<BarColumns>((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  async readBars(symbol: string, timeframe: Timeframe, range: BarRange = {}): Promise<Bar[]> {
    return columnsToBars(await this.readColumns(symbol, timeframe, range));
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
    this.failAll(new CodedError('CANCELLED', 'the history reader was closed'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: ReadWorkerData = { file: this.file, ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}) };
    const worker = new Worker(this.options.workerScript ?? defaultReadWorkerScript(), { workerData: data });
    worker.on('message', (reply: ReadReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      // Idle, the worker must not keep a CLI process alive; busy, it must.
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) pending.resolve(reply.columns);
      else pending.reject(new CodedError(reply.code, reply.message));
    });
    worker.on('error', (error) => {
      this.worker = undefined;
      this.failAll(new CodedError('UNAVAILABLE', `the history read worker failed: ${error.message}`));
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new CodedError('UNAVAILABLE', 'the history read worker stopped'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
