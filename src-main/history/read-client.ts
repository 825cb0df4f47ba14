import { workerBundleDir } from '../worker-bundles.js';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { columnsToBars, type BarColumns } from './columns.js';
import type { IndicatorColumns } from '../kernel/indicators/registry.js';
import type { IndicatorRequest, ReadReply, ReadRequest, ReadWorkerData, TickReadRequest } from './read-protocol.js';
import type { AnyTickColumns, TickKind } from './ticks/tick-columns.js';
import type { TickRange } from './ticks/tick-store.js';
import type { BarRange } from './store.js';

const WORKER_FILE = 'history-read-worker.mjs';

/** The built read worker (dist/main/history-read-worker.mjs, unpacked from the ASAR when packaged). */
export function defaultReadWorkerScript(): string {
  return join(workerBundleDir(WORKER_FILE), WORKER_FILE);
}

export interface HistoryReadClientOptions {
  /** The built read worker; defaults to the one beside this bundle. */
  workerScript?: string;
  nativeBinding?: string;
}

interface Pending {
  resolve(reply: Extract<ReadReply, { ok: true }>): void;
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
  /** Requests answered by the worker, by kind (diagnostics, and how tests see work really left main). */
  readonly served = { reads: 0, indicators: 0, ticks: 0 };

  constructor(
    private readonly file: string,
    private readonly options: HistoryReadClientOptions = {},
  ) {}

  async readColumns(symbol: string, timeframe: Timeframe, range: BarRange = {}): Promise<BarColumns> {
    const reply = await this.send({ id: this.nextId++, symbol, timeframe, range }, []);
    if (!('columns' in reply)) throw new CodedError('INTERNAL', 'the history read worker answered a read with no bars');
    this.served.reads++;
    return reply.columns;
  }

  /**
   * One registry indicator over whole columns, on the worker. The input columns are copied, not transferred,
   * so the caller keeps them.
   */
  async computeIndicator(indicator: string, params: Record<string, number>, columns: IndicatorColumns): Promise<Record<string, Float64Array>> {
    const request: IndicatorRequest = { kind: 'indicator', id: this.nextId++, indicator, params, columns };
    const reply = await this.send(request, []);
    if (!('series' in reply)) throw new CodedError('INTERNAL', 'the history read worker answered an indicator with no series');
    this.served.indicators++;
    return reply.series;
  }

  /** A window of one symbol's stored quotes or trades, read on the worker (a day of quotes can be millions of rows). */
  async readTicks(symbol: string, tickKind: TickKind, range: TickRange = {}): Promise<AnyTickColumns> {
    const request: TickReadRequest = { kind: 'ticks', id: this.nextId++, symbol, tickKind, range };
    const reply = await this.send(request, []);
    if (!('ticks' in reply)) throw new CodedError('INTERNAL', 'the history read worker answered a tick read with no ticks');
    this.served.ticks++;
    return reply.ticks;
  }

  private send(request: ReadRequest | IndicatorRequest | TickReadRequest, transfer: ArrayBuffer[]): Promise<Extract<ReadReply, { ok: true }>> {
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      worker.ref();
      worker.postMessage(request, transfer);
    });
  }

  async readBars(symbol: string, timeframe: Timeframe, range: BarRange = {}): Promise<Bar[]> {
    return columnsToBars(await this.readColumns(symbol, timeframe, range));
  }

  /**
   * Like readBars, but the columns become Bar objects in slices with the event loop let through between them:
   * for callers on main, where 50,000 objects in one go (and the collection they cause) is a stall of its own.
   */
  async readBarsYielding(symbol: string, timeframe: Timeframe, range: BarRange = {}, slice = 5000): Promise<Bar[]> {
    const { t, o, h, l, c, v } = await this.readColumns(symbol, timeframe, range);
    const bars: Bar[] = new Array<Bar>(t.length);
    for (let from = 0; from < t.length; from += slice) {
      if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const to = Math.min(t.length, from + slice);
      for (let i = from; i < to; i++) bars[i] = { t: t[i]!, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v[i]! };
    }
    this.yieldedReads++;
    return bars;
  }

  /** Reads whose bars were built in slices (diagnostics and tests). */
  yieldedReads = 0;

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
      if (reply.ok) pending.resolve(reply);
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
