import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { parseTickCsv } from '../../backtest/ticks/tick-csv.js';
import { columnList, type AnyTickColumns, type TickKind } from './tick-columns.js';
import type { TickRange, TickStore } from './tick-store.js';

const FILE = /^([A-Za-z0-9][A-Za-z0-9.-]*)-(quotes|trades)\.csv$/;
const HEADER: Record<TickKind, string> = { quotes: 't,bid,bidSize,ask,askSize', trades: 't,price,size' };

/** The CSV a quote-level backtest reads (`SYM-quotes.csv`, `SYM-trades.csv`), t in epoch ms. */
export function formatTickCsv(kind: TickKind, columns: AnyTickColumns): string {
  const list = columnList(kind, columns);
  const n = columns.t.length;
  const lines = new Array<string>(n + 1);
  lines[0] = HEADER[kind];
  for (let r = 0; r < n; r++) {
    let line = String(list[0]![r]!);
    for (let c = 1; c < list.length; c++) line += `,${list[c]![r]!}`;
    lines[r + 1] = line;
  }
  return `${lines.join('\n')}\n`;
}

export interface TickFileSummary {
  file: string;
  symbol: string;
  kind: TickKind;
  ticks: number;
}

/** Imports every `SYM-quotes.csv` / `SYM-trades.csv` in a folder (or one such file), replacing the window each covers. */
export function importTickFiles(store: TickStore, files: readonly string[]): TickFileSummary[] {
  const out: TickFileSummary[] = [];
  for (const file of files) {
    const name = file.split(/[\\/]/).pop() ?? file;
    const match = FILE.exec(name);
    if (!match) throw new CodedError('BAD_REQUEST', `${file}: tick files are named SYM-quotes.csv or SYM-trades.csv`);
    const parsed = parseTickCsv(readFileSync(file, 'utf8'), name);
    const columns = parsed.kind === 'quotes' ? parsed.quotes : parsed.trades;
    if (parsed.kind !== match[2]) throw new CodedError('BAD_REQUEST', `${file}: the name says ${match[2]} but the header is ${parsed.kind}`);
    const symbol = match[1]!.toUpperCase();
    store.replace(symbol, parsed.kind, columns);
    out.push({ file, symbol, kind: parsed.kind, ticks: columns.t.length });
  }
  return out;
}

/** The tick files in a folder. */
export function tickFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => FILE.test(f)).sort().map((f) => join(dir, f));
}

/** Writes a symbol's stored quotes and trades in a window to `dir/SYM-quotes.csv` and `dir/SYM-trades.csv`. */
export function exportTickFiles(store: TickStore, symbol: string, dir: string, range: TickRange = {}): TickFileSummary[] {
  mkdirSync(dir, { recursive: true });
  const sym = symbol.toUpperCase();
  const out: TickFileSummary[] = [];
  for (const kind of ['quotes', 'trades'] as const) {
    const columns = store.read(sym, kind, range);
    if (columns.t.length === 0) continue;
    const file = join(dir, `${sym}-${kind}.csv`);
    writeFileSync(file, formatTickCsv(kind, columns));
    out.push({ file, symbol: sym, kind, ticks: columns.t.length });
  }
  if (out.length === 0) throw new CodedError('NOT_FOUND', `no ${sym} quotes or trades stored${range.from !== undefined || range.to !== undefined ? ' in that window' : ''}; record or backfill them first`);
  return out;
}

