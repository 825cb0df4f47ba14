import { basename } from 'node:path';
import type { ImportCsvResultDto } from '../../../src-shared/ipc/backtest-schemas.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { CsvFormatError } from '../../history/csv/yahoo.js';
import { importCsvBytes } from '../../history/csv-transfer.js';
import { historyDatabasePath } from '../../history/history-db.js';
import { HistoryStore } from '../../history/store.js';
import type { BacktestJob, JobMessage } from './protocol.js';

type ImportJob = Extract<BacktestJob, { kind: 'import-csv' }>;

/**
 * An uploaded CSV into the history store, in the job worker: parsed and checked whole (a bad line refuses the file
 * with the file's name, the line and the reason, and nothing is written), then written in one transaction on the
 * worker's own connection (WAL: main's readers see the bars once it commits).
 */
export function runImportJob(job: ImportJob, report: (message: JobMessage) => void): ImportCsvResultDto {
  const { request } = job;
  // Only the name: a path the browser made up would mean nothing on the host.
  const fileName = basename(request.fileName.replace(/\\/g, '/'));
  report({ type: 'progress', progress: { phase: 'loading', done: 0, total: 1 } });
  const store = HistoryStore.open(historyDatabasePath(job.paths.dataDir));
  try {
    return importInto(store, job, fileName, report);
  } catch (error) {
    // The file, the line and the reason, in words (the CLI's file:line: form is for editors).
    if (error instanceof CsvFormatError) throw new CodedError('BAD_REQUEST', `${error.file}, line ${error.line}: ${error.reason}`);
    throw error;
  } finally {
    store.close();
  }
}

function importInto(store: HistoryStore, job: ImportJob, fileName: string, report: (message: JobMessage) => void): ImportCsvResultDto {
  const { request } = job;
  const result = importCsvBytes(
    store,
    Buffer.from(job.text, 'utf8'),
    { file: fileName, symbol: request.symbol, source: `upload:${fileName}`, ...(request.timeframe ? { timeframe: request.timeframe } : {}), ...(request.zone ? { zone: request.zone } : {}) },
    (done, total) => report({ type: 'progress', progress: { phase: 'saving', done, total } }),
  );
  // The series as now stored (this file's bars and any stored before), which the form's dates can then pick from.
  const coverage = store.coverage(result.symbol).find((c) => c.timeframe === result.timeframe);
  report({ type: 'progress', progress: { phase: 'done', done: 1, total: 1 } });
  return {
    fileName,
    symbol: result.symbol,
    timeframe: result.timeframe,
    timeframeInferred: result.timeframeInferred,
    assumedZone: result.assumedZone ?? null,
    bars: result.written,
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
    storedBars: coverage?.count ?? 0,
    from: coverage?.first ?? null,
    to: coverage?.last ?? null,
  };
}
