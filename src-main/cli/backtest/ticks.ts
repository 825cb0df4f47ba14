import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { LoadedData } from '../../backtest/load-data.js';
import { MarketData, type QuoteColumns, type TickColumns, type TradeColumns } from '../../backtest/market-data.js';
import { barsFromTicks, clipTicks } from '../../backtest/ticks/bars-from-ticks.js';
import { parseTickCsv } from '../../backtest/ticks/tick-csv.js';
import type { FillModelInput } from '../../backtest/fill-model.js';
import { bad, parseDate, parseTimeframe, type CommandValues } from './options.js';

/** AAPL-quotes.csv, aapl.trades.csv, AAPL_quotes.csv -> AAPL: the name before the kind (or the name's first word). */
export function tickSymbol(file: string): string {
  const name = basename(file).replace(/\.csv$/i, '').replace(/[-_.](quotes|trades)$/i, '');
  return (name.split(/[-_ ]/)[0] ?? name).toUpperCase().replace(/[^A-Z0-9.]/g, '') || 'DATA';
}

/** The CSV files of each --ticks path: a file as given, a folder's *.csv files in name order. */
function tickFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let dir = false;
    try {
      dir = statSync(path).isDirectory();
    } catch (error) {
      throw new CodedError('NOT_FOUND', `--ticks ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (!dir) files.push(path);
    else {
      const found = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.csv')).sort().map((f) => join(path, f));
      if (found.length === 0) throw bad(`--ticks ${path}: no .csv files in the folder`);
      for (const file of found) files.push(file);
    }
  }
  return files;
}

export interface TickRead {
  bySymbol: Map<string, TickColumns>;
  /** One line per file for the summary. */
  described: string[];
}

/** Reads every quotes and trades file; one of each kind per symbol. */
export function readTicks(paths: readonly string[]): TickRead {
  const bySymbol = new Map<string, TickColumns>();
  const described: string[] = [];
  for (const file of tickFiles(paths)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CodedError('NOT_FOUND', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const symbol = tickSymbol(file);
    const parsed = parseTickCsv(text, file);
    const ticks = bySymbol.get(symbol) ?? {};
    if (parsed.kind === 'quotes') {
      if (ticks.quotes) throw bad(`two quote files for ${symbol} (${file} is the second); give one per symbol`);
      ticks.quotes = parsed.quotes;
    } else {
      if (ticks.trades) throw bad(`two trade files for ${symbol} (${file} is the second); give one per symbol`);
      ticks.trades = parsed.trades;
    }
    bySymbol.set(symbol, ticks);
    const rows = parsed.kind === 'quotes' ? parsed.quotes.t.length : parsed.trades.t.length;
    described.push(`${symbol}: ${rows.toLocaleString('en-US')} ${parsed.kind} from ${file}`);
  }
  return { bySymbol, described };
}

/** `--ticks store`: the quotes and trades recorded or imported into the history store (history.sqlite). */
export function isStoreTicks(ticks: readonly string[] | undefined): boolean {
  return ticks !== undefined && ticks.length === 1 && ticks[0] === 'store';
}

/** Each --symbol's stored quotes and trades in --from..--to. */
async function readStoredTicks(values: CommandValues): Promise<TickRead> {
  const symbols = (values.symbol ?? []).map((s) => s.toUpperCase());
  if (symbols.length === 0) throw bad('--ticks store replays stored quotes and trades: name them with --symbol SYM');
  const [{ historyDatabasePath, openHistoryDatabase }, { TickStore }, { resolveDataDir }] = await Promise.all([
    import('../../history/history-db.js'), import('../../history/ticks/tick-store.js'), import('../../services/data-dir.js'),
  ]);
  const file = historyDatabasePath(resolveDataDir(values['data-dir']));
  let db;
  try {
    db = openHistoryDatabase(file, { readonly: true });
  } catch (error) {
    throw new CodedError('NOT_FOUND', `no history store at ${file} (${error instanceof Error ? error.message : String(error)}); record or import ticks first`);
  }
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const bySymbol = new Map<string, TickColumns>();
  const described: string[] = [];
  try {
    const store = new TickStore(db);
    for (const symbol of symbols) {
      const quotes = store.read(symbol, 'quotes', range) as QuoteColumns;
      const trades = store.read(symbol, 'trades', range) as TradeColumns;
      if (quotes.t.length === 0 && trades.t.length === 0) throw new CodedError('NOT_FOUND', `no ${symbol} quotes or trades stored in ${file}${from !== undefined || to !== undefined ? ' in that window' : ''}; see workstation ticks ls`);
      bySymbol.set(symbol, { ...(quotes.t.length > 0 ? { quotes } : {}), ...(trades.t.length > 0 ? { trades } : {}) });
      described.push(`${symbol}: ${quotes.t.length.toLocaleString('en-US')} quotes and ${trades.t.length.toLocaleString('en-US')} trades from the history store`);
    }
  } finally {
    db.close();
  }
  return { bySymbol, described };
}

/**
 * backtest --ticks: the run's bars (from --data/--symbol/--catalog, or made from the ticks when none is given) with
 * each symbol's quotes and trades attached, and the fill model with quote-level fills and --latency-ms.
 */
export async function resolveTickRun(values: CommandValues, fill: FillModelInput, resolveBars: (values: CommandValues) => Promise<LoadedData>): Promise<LoadedData & { fill: FillModelInput; described: string[] }> {
  const latencyMs = values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']);
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 60_000) throw bad(`--latency-ms must be a number of milliseconds from 0 to 60000, got "${values['latency-ms']}"`);
  const fromStore = isStoreTicks(values.ticks);
  const read = fromStore ? await readStoredTicks(values) : readTicks(values.ticks ?? []);
  // From the store, --symbol names whose ticks to replay; bars are then made from them unless --data/--catalog gives some.
  const withBars = values.data !== undefined || values.catalog !== undefined || (!fromStore && values.symbol !== undefined);
  let loaded: LoadedData;
  if (withBars) loaded = await resolveBars(values);
  else {
    const from = parseDate(values.from, '--from', false);
    const to = parseDate(values.to, '--to', true);
    const timeframe = parseTimeframe(values.timeframe) ?? '1Min';
    const columns = [...read.bySymbol].map(([symbol, ticks]) => {
      const clipped = clipTicks(ticks, from, to);
      read.bySymbol.set(symbol, clipped);
      return barsFromTicks(symbol, clipped, timeframe);
    });
    loaded = { data: new MarketData(columns), sources: columns.map((c) => ({ symbol: c.symbol, bars: c.t.length, timeframe, timeframeInferred: false })) };
  }
  for (const [symbol, ticks] of read.bySymbol) loaded.data.setTicks(symbol, ticks);
  return { ...loaded, fill: { ...fill, queue: { latencyMs } }, described: read.described.concat(withBars ? [] : ['bars made from the ticks (quote midpoints and trade prices; volume from trades)']) };
}
