import type { z } from 'zod';
import type {
  BacktestProgress,
  ImportCsvResultDto,
  MonteCarloResultDto,
  OptimizeResultDto,
  RunResultDto,
  importCsvRequestSchema,
  monteCarloRequestSchema,
  optimizeRequestSchema,
  runRequestSchema,
} from '../../../src-shared/ipc/backtest-schemas.js';

/** A job for the backtest job worker: the validated request and where things are on this machine. */
export type BacktestJob =
  | { kind: 'run'; request: z.output<typeof runRequestSchema>; paths: JobPaths }
  | { kind: 'optimize'; request: z.output<typeof optimizeRequestSchema>; paths: JobPaths }
  /** An uploaded CSV's text into history.sqlite (parsed and checked whole, then one transaction). */
  | { kind: 'import-csv'; request: z.output<typeof importCsvRequestSchema>; text: string; paths: JobPaths }
  | { kind: 'monte-carlo'; request: z.output<typeof monteCarloRequestSchema>; paths: JobPaths };

export interface JobPaths {
  /** The data folder: history.sqlite for `symbol` data. */
  dataDir: string;
  /** The app database, where `save` stores a run. */
  databaseFile: string;
  /** The sweep worker bundle (optimisation and walk-forward fan out to it). */
  sweepWorkerScript: string;
}

export interface JobWorkerData {
  job: BacktestJob;
  /** Int32 flag: 1 = cancel (the engine polls it; sweeps also get a 'cancel' message). */
  cancel: SharedArrayBuffer;
}

export type JobMessage =
  | { type: 'progress'; progress: Omit<BacktestProgress, 'jobId'> }
  | { type: 'result'; kind: 'run'; value: RunResultDto }
  | { type: 'result'; kind: 'optimize'; value: OptimizeResultDto }
  | { type: 'result'; kind: 'import-csv'; value: ImportCsvResultDto }
  | { type: 'result'; kind: 'monte-carlo'; value: MonteCarloResultDto }
  | { type: 'error'; code: string; message: string };
