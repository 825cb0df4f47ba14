import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { ColumnMap } from '../history/csv/ohlcv.js';
import { inferTimeframe } from '../history/csv/infer-timeframe.js';
import { parseCsvColumns, type CsvColumns } from '../history/csv/parse-columns.js';
import { ZoneClock } from '../history/csv/time-zone.js';
import { historyDatabasePath } from '../history/history-db.js';
import { HistoryStore } from '../history/store.js';
import { MarketData, type BarColumns } from './market-data.js';

export interface DataRequest {
  /**
   * OHLCV CSV files (Yahoo's layout or any header naming time, open, high, low, close and optionally volume); the
   * symbol is the file name's first word (nvda-2014.txt -> NVDA) unless `symbols` names them.
   */
  files?: string[];
  /** Files: header names per field where the usual names are not used. */
  map?: ColumnMap;
  /** Files: the IANA zone of timestamps written without one (default UTC). */
  zone?: string;
  /** Symbols read from the history store in `dataDir` (or, with files, the names given to the files in order). */
  symbols?: string[];
  dataDir?: string;
  timeframe?: Timeframe;
  from?: number;
  to?: number;
}

export function symbolFromFile(file: string): string {
  const name = basename(file).replace(/\.[^.]+$/, '');
  const word = name.split(/[-_ ]/)[0] ?? name;
  return word.toUpperCase().replace(/[^A-Z0-9.]/g, '') || 'DATA';
}

/** First index whose time is at least `t` (times ascend). */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clipColumns(symbol: string, columns: CsvColumns, from?: number, to?: number): BarColumns {
  const start = from === undefined ? 0 : lowerBound(columns.t, from);
  const end = to === undefined ? columns.t.length : lowerBound(columns.t, to + 1);
  if (end <= start) throw new CodedError('BAD_REQUEST', `${symbol}: no bars in the requested date range`);
  const cut = (a: Float64Array): Float64Array => (start === 0 && end === a.length ? a : a.subarray(start, end));
  return { symbol, t: cut(columns.t), o: cut(columns.o), h: cut(columns.h), l: cut(columns.l), c: cut(columns.c), v: cut(columns.v) };
}

/** What was read for one symbol: where from, how many bars, and what was assumed about the file. */
export interface DataSource {
  symbol: string;
  file?: string;
  bars: number;
  /** Files: the zone zoneless timestamps were read in (undefined: the file had none). */
  assumedZone?: string;
  /** The bars' timeframe: as asked (--timeframe) or, for a file, inferred from the spacing (undefined: not clear). */
  timeframe?: Timeframe;
  timeframeInferred?: boolean;
}

export interface LoadedData {
  data: MarketData;
  sources: DataSource[];
}

/** Reads the bars a run asks for; malformed files are refused with the file, line and reason (CsvFormatError). */
export function loadMarketData(request: DataRequest): MarketData {
  return loadData(request).data;
}

/** loadMarketData, with what was read and assumed for each symbol (the CLI's summary says it). */
export function loadData(request: DataRequest): LoadedData {
  const columns: BarColumns[] = [];
  const sources: DataSource[] = [];
  const files = request.files ?? [];
  if (files.length > 0) {
    if (request.symbols && request.symbols.length > 0 && request.symbols.length !== files.length) {
      throw new CodedError('BAD_REQUEST', `--symbol names ${request.symbols.length} symbols for ${files.length} --data files; give one per file or none`);
    }
    // One zone for every file: the Intl offsets it caches serve them all.
    const zone = new ZoneClock(request.zone ?? 'UTC');
    files.forEach((file, i) => {
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CodedError('NOT_FOUND', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const symbol = request.symbols?.[i]?.toUpperCase() ?? symbolFromFile(file);
      const parsed = parseCsvColumns(bytes, file, { zone, ...(request.map ? { map: request.map } : {}) });
      const inferred = request.timeframe === undefined ? inferTimeframe(parsed.columns.t).timeframe : undefined;
      const clipped = clipColumns(symbol, parsed.columns, request.from, request.to);
      columns.push(clipped);
      const timeframe = request.timeframe ?? inferred;
      sources.push({
        symbol,
        file,
        bars: clipped.t.length,
        ...(parsed.assumedZone ? { assumedZone: parsed.assumedZone } : {}),
        ...(timeframe ? { timeframe, timeframeInferred: request.timeframe === undefined } : {}),
      });
    });
  } else if (request.symbols && request.symbols.length > 0) {
    if (!request.dataDir) throw new CodedError('BAD_REQUEST', 'reading --symbol needs the data folder (--data-dir)');
    let store: HistoryStore;
    try {
      store = HistoryStore.open(historyDatabasePath(request.dataDir), { readonly: true });
    } catch (error) {
      throw new CodedError('NOT_FOUND', `no history in ${request.dataDir} (${error instanceof Error ? error.message : String(error)}); import bars first or pass --data FILE.csv`);
    }
    try {
      for (const symbol of request.symbols) {
        const range = { ...(request.from !== undefined ? { from: request.from } : {}), ...(request.to !== undefined ? { to: request.to } : {}) };
        // Straight into columns: a million stored bars are never a million objects.
        const read = store.readColumns(symbol.toUpperCase(), request.timeframe ?? '1Day', range);
        if (read.t.length === 0) throw new CodedError('NOT_FOUND', `no ${request.timeframe ?? '1Day'} bars stored for ${symbol.toUpperCase()} in that range`);
        const cut = (a: Float64Array): Float64Array => a.subarray(0, read.t.length);
        columns.push({ symbol: symbol.toUpperCase(), t: cut(read.t), o: cut(read.o), h: cut(read.h), l: cut(read.l), c: cut(read.c), v: cut(read.v) });
        sources.push({ symbol: symbol.toUpperCase(), bars: read.t.length, timeframe: request.timeframe ?? '1Day', timeframeInferred: false });
      }
    } finally {
      store.close();
    }
  } else {
    throw new CodedError('BAD_REQUEST', 'say which data to test on: --data FILE.csv or --symbol SYMBOL');
  }
  return { data: new MarketData(columns), sources };
}
