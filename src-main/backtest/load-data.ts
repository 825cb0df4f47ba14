import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { parseYahooCsv } from '../history/csv/yahoo.js';
import { historyDatabasePath } from '../history/history-db.js';
import { HistoryStore } from '../history/store.js';
import { MarketData, toColumns, type BarColumns } from './market-data.js';

export interface DataRequest {
  /** Yahoo-format CSV files; the symbol is the file name's first word (nvda-2014.txt -> NVDA) unless `symbols` names them. */
  files?: string[];
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

function clip(symbol: string, bars: readonly Bar[], from?: number, to?: number): Bar[] {
  const out = bars.filter((b) => (from === undefined || b.t >= from) && (to === undefined || b.t <= to));
  if (out.length === 0) throw new CodedError('BAD_REQUEST', `${symbol}: no bars in the requested date range`);
  return out;
}

/** Reads the bars a run asks for; malformed files are refused with the file, line and reason (CsvFormatError). */
export function loadMarketData(request: DataRequest): MarketData {
  const columns: BarColumns[] = [];
  const files = request.files ?? [];
  if (files.length > 0) {
    if (request.symbols && request.symbols.length > 0 && request.symbols.length !== files.length) {
      throw new CodedError('BAD_REQUEST', `--symbol names ${request.symbols.length} symbols for ${files.length} --data files; give one per file or none`);
    }
    files.forEach((file, i) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new CodedError('NOT_FOUND', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const symbol = request.symbols?.[i]?.toUpperCase() ?? symbolFromFile(file);
      columns.push(toColumns(symbol, clip(symbol, parseYahooCsv(text, file), request.from, request.to)));
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
        const bars = store.readBars(symbol.toUpperCase(), request.timeframe ?? '1Day', range);
        if (bars.length === 0) throw new CodedError('NOT_FOUND', `no ${request.timeframe ?? '1Day'} bars stored for ${symbol.toUpperCase()} in that range`);
        columns.push(toColumns(symbol.toUpperCase(), bars));
      }
    } finally {
      store.close();
    }
  } else {
    throw new CodedError('BAD_REQUEST', 'say which data to test on: --data FILE.csv or --symbol SYMBOL');
  }
  return new MarketData(columns);
}
