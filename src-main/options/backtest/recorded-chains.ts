// Recorded option chains for backtests: one JSON file per session holding the body (or the pages, as an array) of
// Alpaca's chain snapshot endpoint, GET /v1beta1/options/snapshots/{underlying}: {"snapshots": {OCC: {latestQuote,
// latestTrade, greeks, impliedVolatility}}, "next_page_token"}. Rows are built as the options service builds them
// (IV and greeks solved here where a snapshot lacks them), each session's chain at its close; IV rank reads the
// recorded sessions up to that day only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { marketData } from '@alpacahq/alpaca-trade-api';
import { z } from 'zod';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { snapshotFromRest, type OptionSnapshotValue } from '../../adapters/alpaca/market-data/options-rest.js';
import { nyTime } from '../../exchange/market/ny-time.js';
import type { OptionChainView } from '../../kernel/strategy/options.js';
import { buildChain, DEFAULT_RATE, parseOccSymbol } from '../chain.js';
import { RowsChainView } from '../chain-view.js';
import type { DailyRow } from './engine.js';

const FILE = /^(?:([A-Za-z.]+)[-_])?(\d{4}-\d{2}-\d{2})(?:[-_]page\d+)?\.json$/;

const page = z.object({
  snapshots: z.record(z.string(), z.object({}).passthrough()),
  next_page_token: z.string().nullable().optional(),
});

export interface RecordedChains {
  underlying: string;
  folder: string;
  /** Sessions with a recorded chain, ascending. */
  dates: string[];
  snapshots: Map<string, OptionSnapshotValue[]>;
}

/**
 * Reads `DIR/<UNDERLYING>/` when that folder exists, else `DIR`: files named `YYYY-MM-DD.json`,
 * `<UNDERLYING>-YYYY-MM-DD.json` or with a `-pageN` suffix (pages of one day are merged). Contracts of other roots are
 * left out. A malformed file is refused with its name and what is wrong.
 */
export function readRecordedChains(dir: string, underlying: string): RecordedChains {
  const sub = join(dir, underlying);
  let folder = dir;
  try {
    if (statSync(sub).isDirectory()) folder = sub;
  } catch {
    // no per-underlying folder: the files are in dir itself
  }
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    throw new CodedError('NOT_FOUND', `cannot read the chains folder ${folder}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const snapshots = new Map<string, OptionSnapshotValue[]>();
  for (const name of names.sort()) {
    const m = FILE.exec(name);
    if (!m || (m[1] !== undefined && m[1].toUpperCase() !== underlying)) continue;
    const date = m[2]!;
    const file = join(folder, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new CodedError('BAD_REQUEST', `${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const list = snapshots.get(date) ?? [];
    for (const [i, body] of (Array.isArray(raw) ? raw : [raw]).entries()) {
      const parsed = page.safeParse(body);
      if (!parsed.success) throw new CodedError('BAD_REQUEST', `${file}${Array.isArray(raw) ? ` page ${i + 1}` : ''}: not an Alpaca chain snapshot page ({"snapshots": {...}}): ${parsed.error.issues[0]?.message ?? ''}`);
      for (const [symbol, s] of Object.entries(parsed.data.snapshots)) {
        if (parseOccSymbol(symbol)?.root !== underlying) continue;
        try {
          list.push(snapshotFromRest(symbol, s as unknown as marketData.OptionSnapshot));
        } catch (error) {
          throw new CodedError('BAD_REQUEST', `${file}: ${symbol}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    snapshots.set(date, list);
  }
  const dates = [...snapshots.keys()].sort();
  if (dates.length === 0) throw new CodedError('NOT_FOUND', `no recorded chains of ${underlying} in ${folder} (files named YYYY-MM-DD.json or ${underlying}-YYYY-MM-DD.json, each an Alpaca chain snapshot page)`);
  return { underlying, folder, dates, snapshots };
}

/**
 * The option backtest's chain source over recorded chains: a session's chain is its file's contracts at the
 * session's close (a session without a file lists nothing: the strategy opens nothing, and what is held is marked at
 * its intrinsic value). IV rank uses the 30-day ATM IV of the recorded sessions up to the day, each at its own close.
 */
export function recordedChainSource(recorded: RecordedChains, rows: readonly DailyRow[], rate = DEFAULT_RATE): (closes: readonly number[], row: DailyRow) => OptionChainView {
  const closeOf = new Map(rows.map((r) => [r.date, r.c]));
  const views = new Map<string, RowsChainView>();
  const iv30 = new Map<string, number>();
  const viewOf = (date: string, spot: number, history: readonly number[]): RowsChainView => {
    const cached = views.get(date);
    if (cached) return cached;
    const { rows: chainRows } = buildChain({ snapshots: recorded.snapshots.get(date) ?? [], spot, now: nyTime(date, 16), rate });
    const view = new RowsChainView(chainRows, spot, date, history);
    views.set(date, view);
    return view;
  };
  const iv30Of = (date: string): number | undefined => {
    if (iv30.has(date)) return iv30.get(date);
    const spot = closeOf.get(date);
    const value = spot === undefined ? undefined : viewOf(date, spot, []).atmIv30();
    if (value !== undefined && value > 0) iv30.set(date, value);
    return value !== undefined && value > 0 ? value : undefined;
  };
  return (_closes, row) => {
    const history: number[] = [];
    for (const d of recorded.dates) {
      if (d >= row.date) break;
      const v = iv30Of(d);
      if (v !== undefined) history.push(v);
    }
    const cached = views.get(row.date);
    // A view made earlier for IV history only carries no history of its own: make it again with it.
    if (cached) views.delete(row.date);
    return viewOf(row.date, row.c, history);
  };
}
