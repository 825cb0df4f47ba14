import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { csvHeader, csvRows, type CsvFormat } from './csv/export.js';
import { describeSpacing, inferTimeframe } from './csv/infer-timeframe.js';
import { storedBars, type ColumnMap } from './csv/ohlcv.js';
import { parseCsvColumns } from './csv/parse-columns.js';
import { CsvFormatError, parseYahooCsv } from './csv/yahoo.js';
import { normaliseSymbol, type BarRange, type HistoryStore, type StoredBar, type WriteSummary } from './store.js';
import { intradayMs } from './timeframes.js';

export interface CsvImportRequest {
  file: string;
  symbol: string;
  format: CsvFormat;
  /** ohlcv only: header names per field (defaults recognise time/date, open, high, low, close, volume). */
  map?: ColumnMap;
  /** Default: Yahoo files 1Day; others inferred from the spacing of their times. */
  timeframe?: Timeframe;
  /** ohlcv only: the IANA zone of timestamps written without one (default UTC). */
  zone?: string;
  /** Recorded with each new or corrected bar; default `csv:<file name>`. */
  source?: string;
}

export interface CsvImportResult extends WriteSummary {
  symbol: string;
  timeframe: Timeframe;
  /** True when the timeframe came from the spacing of the file's times, not from the request. */
  timeframeInferred: boolean;
  /** The zone zoneless timestamps were read in; absent when the file had none. */
  assumedZone?: string;
  file: string;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new CodedError('NOT_FOUND', `${file}: ${reason}`);
  }
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new CodedError('NOT_FOUND', `${file}: ${reason}`);
  }
}

/** Intraday rows must sit on the timeframe's boundaries, or they would be stored as bars no feed ever sends. */
function checkAlignment(bars: readonly StoredBar[], timeframe: Timeframe, file: string): void {
  const length = intradayMs(timeframe);
  if (length === undefined) return;
  bars.forEach((bar, i) => {
    if (bar.t % length !== 0) throw new CsvFormatError(file, i + 2, `time ${new Date(bar.t).toISOString()} is not on a ${timeframe} boundary`);
  });
}

/**
 * Imports one CSV file into the store: the whole file is parsed and checked first (a bad line refuses the file
 * with its line and reason), then written in one transaction, so no partial import is ever left behind.
 * Re-importing the same file reports every row unchanged and changes no row.
 */
export function importCsvFile(store: HistoryStore, request: CsvImportRequest, onProgress?: (done: number, total: number) => void): CsvImportResult {
  if (request.format === 'yahoo') {
    const symbol = normaliseSymbol(request.symbol);
    const bars = parseYahooCsv(readText(request.file), request.file).map(({ t, o, h, l, c, v, adjClose }) => ({ t, o, h, l, c, v, adjClose }));
    const timeframe = request.timeframe ?? '1Day';
    checkAlignment(bars, timeframe, request.file);
    const summary = store.writeBars(symbol, timeframe, bars, request.source ?? `csv:${basename(request.file)}`, onProgress ? { onProgress } : {});
    return { ...summary, symbol, timeframe, timeframeInferred: request.timeframe === undefined, file: request.file };
  }
  return importCsvBytes(store, readBytes(request.file), request, onProgress);
}

/**
 * An OHLCV CSV already in memory (a file the GUI uploaded) into the store, checked whole before one transaction
 * writes it; `request.file` names it in errors (file, line, reason) and in the source recorded with each bar.
 */
export function importCsvBytes(store: HistoryStore, bytes: Uint8Array, request: Omit<CsvImportRequest, 'format'>, onProgress?: (done: number, total: number) => void): CsvImportResult {
  const symbol = normaliseSymbol(request.symbol);
  const parsed = parseCsvColumns(bytes, request.file, { ...(request.map ? { map: request.map } : {}), ...(request.zone ? { zone: request.zone } : {}) });
  const inferred = request.timeframe === undefined ? inferTimeframe(parsed.columns.t) : undefined;
  if (inferred && !inferred.timeframe) {
    const spacing = inferred.spacingMs === undefined ? 'one row' : `rows mostly ${describeSpacing(inferred.spacingMs)} apart`;
    throw new CodedError('BAD_REQUEST', `cannot tell the timeframe of ${request.file} from its times (${spacing}); give its timeframe (--timeframe on the command line, Timeframe in the Backtest tab)`);
  }
  const timeframe = request.timeframe ?? inferred!.timeframe!;
  const bars = storedBars(parsed.columns);
  checkAlignment(bars, timeframe, request.file);
  const summary = store.writeBars(symbol, timeframe, bars, request.source ?? `csv:${basename(request.file)}`, onProgress ? { onProgress } : {});
  return { ...summary, symbol, timeframe, timeframeInferred: request.timeframe === undefined, ...(parsed.assumedZone ? { assumedZone: parsed.assumedZone } : {}), file: request.file };
}

export interface CsvExportRequest extends Pick<BarRange, 'from' | 'to'> {
  symbol: string;
  timeframe: Timeframe;
  format: CsvFormat;
}

/** Streams a series out as CSV text chunks (header first); returns the number of bars written. */
export function exportCsv(store: HistoryStore, request: CsvExportRequest, write: (text: string) => void): number {
  const header = csvHeader(request.format, request.timeframe);
  write(header);
  let count = 0;
  const range = { ...(request.from === undefined ? {} : { from: request.from }), ...(request.to === undefined ? {} : { to: request.to }) };
  for (const chunk of store.iterateBars(request.symbol, request.timeframe, { ...range, chunkSize: 20_000 })) {
    write(csvRows(request.format, request.timeframe, chunk));
    count += chunk.length;
  }
  return count;
}
