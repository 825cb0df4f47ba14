import type { Database } from 'better-sqlite3';
import { workerBundleDir } from '../worker-bundles.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { z } from 'zod';
import {
  UPLOAD_MAX_CHARS,
  type ImportCsvResultDto,
  type MonteCarloResultDto,
  type OptimizeResultDto,
  type RunResultDto,
  type RunSummaryDto,
  type StrategyInfoDto,
  type importCsvRequestSchema,
  type monteCarloRequestSchema,
  type optimizeRequestSchema,
  type runRequestSchema,
} from '../../src-shared/ipc/backtest-schemas.js';
import { CsvUploads } from '../backtest/csv-uploads.js';
import { CodedError, isIpcErrorCode } from '../../src-shared/ipc/errors.js';
import { BacktestResultsStore, type StoredRunSummary } from '../backtest/results-store.js';
import type { BacktestJob, JobMessage, JobPaths, JobWorkerData } from '../backtest/jobs/protocol.js';
import type { EventHub } from '../ipc/event-hub.js';
import { paramSpace } from '../kernel/strategy/params.js';
import type { Logger } from '../logging/logger.js';
import { STRATEGIES } from '../strategies/index.js';
import { healthOf, type Service } from './service.js';

export interface BacktestScripts {
  /** dist/main/backtest-job-worker.mjs: one job per thread. */
  job: string;
  /** dist/main/backtest-worker.mjs: an optimisation sweep's workers. */
  sweep: string;
}

export interface BacktestServiceOptions {
  log: Logger;
  hub: EventHub;
  dataDir: string;
  databaseFile: string;
  /** The app database connection of main (stored runs are small reads: a row and one equity BLOB). */
  database: () => Database;
  /** Where the built worker bundles are; by default beside this bundle, else dist/main under the app root. */
  scripts?: BacktestScripts;
}

/** The worker bundles: beside the running bundle (dist/main/*.mjs), else under the app root (running from source). */
export function defaultBacktestScripts(): BacktestScripts {
  const dir = workerBundleDir('backtest-job-worker.mjs');
  return { job: join(dir, 'backtest-job-worker.mjs'), sweep: join(dir, 'backtest-worker.mjs') };
}

/** How long a cancelled job may take to stop by itself before its thread is terminated. */
const CANCEL_GRACE_MS = 5_000;

/**
 * The Backtest tab's service: strategies and their parameter schemas, backtests and optimisation / walk-forward
 * jobs each in their own worker thread (main only relays progress events and the result), and stored runs.
 */
export class BacktestService implements Service {
  readonly name = 'backtest';
  private readonly running = new Map<string, Worker>();
  private readonly scripts: BacktestScripts;
  /** CSV files the GUI sends in parts, until their import (a few at a time, dropped after 5 idle minutes). */
  private readonly uploads = new CsvUploads({ maxChars: UPLOAD_MAX_CHARS, maxUploads: 4, idleMs: 5 * 60_000 });

  constructor(private readonly options: BacktestServiceOptions) {
    this.scripts = options.scripts ?? defaultBacktestScripts();
  }

  start(): void {}

  async stop(): Promise<void> {
    await Promise.all([...this.running.values()].map((w) => w.terminate()));
    this.running.clear();
    this.uploads.clear();
  }

  health() {
    const ready = existsSync(this.scripts.job);
    return healthOf(this.name, ready ? 'ok' : 'degraded', ready ? `${this.running.size} job(s) running` : `worker bundle missing: ${this.scripts.job} (run node scripts/build.mjs backtest-worker)`);
  }

  strategies(): StrategyInfoDto[] {
    return [...STRATEGIES.values()].map((d) => ({ name: d.name, description: d.description, timeframe: d.timeframe, params: paramSpace(d.params), family: d.family ?? 'stock', minSymbols: d.minSymbols ?? 1 }));
  }

  run(request: z.output<typeof runRequestSchema>, signal: AbortSignal): Promise<RunResultDto> {
    return this.job({ kind: 'run', request, paths: this.paths() }, signal) as Promise<RunResultDto>;
  }

  optimize(request: z.output<typeof optimizeRequestSchema>, signal: AbortSignal): Promise<OptimizeResultDto> {
    return this.job({ kind: 'optimize', request, paths: this.paths() }, signal) as Promise<OptimizeResultDto>;
  }

  uploadCsvPart(uploadId: string, part: number, text: string): { parts: number; chars: number } {
    return this.uploads.append(uploadId, part, text);
  }

  /** An uploaded CSV into the history store, parsed, checked and written in a worker thread. */
  importCsv(request: z.output<typeof importCsvRequestSchema>, signal: AbortSignal): Promise<ImportCsvResultDto> {
    const text = this.uploads.take(request.uploadId);
    return this.job({ kind: 'import-csv', request, text, paths: this.paths() }, signal) as Promise<ImportCsvResultDto>;
  }

  /** Monte Carlo over a finished run's trades, in a worker thread. */
  monteCarlo(request: z.output<typeof monteCarloRequestSchema>, signal: AbortSignal): Promise<MonteCarloResultDto> {
    return this.job({ kind: 'monte-carlo', request, paths: this.paths() }, signal) as Promise<MonteCarloResultDto>;
  }

  runs(limit: number): RunSummaryDto[] {
    return this.store().list(limit).map(summaryDto);
  }

  getRun(id: number): { summary: RunSummaryDto; equity: { t: number[]; value: number[] }; trades: StoredRunSummaryTrades } {
    const run = this.store().get(id);
    return { summary: summaryDto(run), equity: { t: run.equity.map((p) => p.t), value: run.equity.map((p) => p.value) }, trades: run.trades };
  }

  compare(ids: readonly number[]): { runs: RunSummaryDto[]; rows: Array<{ metric: string; values: Array<number | null> }> } {
    const result = this.store().compare(ids);
    return { runs: result.runs.map(summaryDto), rows: result.rows };
  }

  deleteRun(id: number): void {
    this.store().delete(id);
  }

  private store(): BacktestResultsStore {
    return new BacktestResultsStore(this.options.database());
  }

  private paths(): JobPaths {
    return { dataDir: this.options.dataDir, databaseFile: this.options.databaseFile, sweepWorkerScript: this.scripts.sweep };
  }

  private job(job: BacktestJob, signal: AbortSignal): Promise<RunResultDto | OptimizeResultDto | ImportCsvResultDto | MonteCarloResultDto> {
    const jobId = job.request.jobId;
    if (this.running.has(jobId)) return Promise.reject(new CodedError('BAD_REQUEST', `a job named ${jobId} is already running`));
    if (!existsSync(this.scripts.job)) return Promise.reject(new CodedError('UNAVAILABLE', `the backtest worker is not built (${this.scripts.job}); run node scripts/build.mjs backtest-worker`));
    const cancel = new SharedArrayBuffer(4);
    const worker = new Worker(this.scripts.job, { workerData: { job, cancel } satisfies JobWorkerData });
    this.running.set(jobId, worker);
    this.options.log.info('backtest', `job ${jobId} started`, { kind: job.kind, ...('strategy' in job.request ? { strategy: job.request.strategy } : {}) });
    return new Promise((resolve, reject) => {
      let settled = false;
      let killTimer: NodeJS.Timeout | undefined;
      const finish = (error: Error | undefined, value?: RunResultDto | OptimizeResultDto | ImportCsvResultDto | MonteCarloResultDto): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (killTimer) clearTimeout(killTimer);
        this.running.delete(jobId);
        void worker.terminate();
        if (error) reject(error);
        else resolve(value!);
      };
      const onAbort = (): void => {
        Atomics.store(new Int32Array(cancel), 0, 1);
        worker.postMessage({ type: 'cancel' });
        killTimer = setTimeout(() => finish(new CodedError('CANCELLED', `job ${jobId} was cancelled`)), CANCEL_GRACE_MS);
        killTimer.unref();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', (message: JobMessage) => {
        if (message.type === 'progress') this.options.hub.publish('backtest.progress', { jobId, ...message.progress });
        else if (message.type === 'result') finish(undefined, message.value);
        else finish(new CodedError(isIpcErrorCode(message.code) ? message.code : 'INTERNAL', message.message));
      });
      worker.on('error', (error) => finish(new CodedError('INTERNAL', `backtest worker failed: ${error.message}`)));
      worker.on('exit', (code) => finish(new CodedError(signal.aborted ? 'CANCELLED' : 'INTERNAL', `backtest worker stopped (exit code ${code}) before giving a result`)));
    });
  }
}

type StoredRunSummaryTrades = ReturnType<BacktestResultsStore['get']>['trades'];

function summaryDto(run: StoredRunSummary): RunSummaryDto {
  const params: RunSummaryDto['params'] = {};
  for (const [k, v] of Object.entries(run.params)) if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') params[k] = v;
  return {
    id: run.id,
    createdAt: run.createdAt,
    strategy: run.strategy,
    params,
    symbols: run.symbols,
    from: run.from,
    to: run.to,
    bars: run.bars,
    finalValue: run.finalValue,
    metrics: run.metrics,
    label: run.label,
  };
}
