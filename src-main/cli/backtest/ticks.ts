import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { LoadedData } from '../../backtest/load-data.js';
import { MarketData, type TickColumns } from '../../backtest/market-data.js';
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
      files.push(...found);
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

/**
 * backtest --ticks: the run's bars (from --data/--symbol/--catalog, or made from the ticks when none is given) with
 * each symbol's quotes and trades attached, and the fill model with quote-level fills and --latency-ms.
 */
export async function resolveTickRun(values: CommandValues, fill: FillModelInput, resolveBars: (values: CommandValues) => Promise<LoadedData>): Promise<LoadedData & { fill: FillModelInput; described: string[] }> {
  const latencyMs = values['latency-ms'] === undefined ? 0 : Number(values['latency-ms']);
  if (!Number.isFinite(latencyMs) || latencyMs < 0 || latencyMs > 60_000) throw bad(`--latency-ms must be a number of milliseconds from 0 to 60000, got "${values['latency-ms']}"`);
  const read = readTicks(values.ticks ?? []);
  const withBars = values.data !== undefined || values.symbol !== undefined || values.catalog !== undefined;
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
