import type { Timeframe } from '../../../src-shared/domain/bar.js';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { historyDatabasePath } from '../../history/history-db.js';
import { HistoryStore } from '../../history/store.js';
import { demoUniverses } from '../../bots/universes.js';
import { DEMO_SYMBOLS } from '../../exchange/market/demo-universe.js';

/** True for an argument that names one of the app's universes (`demo`, `demo:stocks`, `demo:XLK`...), not a ticker. */
export function isUniverseArg(arg: string): boolean {
  const lower = arg.toLowerCase();
  return lower === 'demo' || lower.startsWith('demo:');
}

export interface ExpandedSymbols {
  /** The symbols to read, in the order given, each once (a universe's members in the universe's order). */
  symbols: string[];
  /** Per universe named: its members and those left out because the source has no bars for them. */
  universes: Array<{ id: string; members: string[]; missing: string[] }>;
}

/**
 * Expands the universes among --symbol values into their members. A universe's members are the demo market's
 * (the same list the Bots tab offers); `available`, when given, is what the bar source holds (the history store's
 * symbols at the run's timeframe), and members it lacks are left out and reported, so `demo` works on a store that
 * recorded part of the demo market. A plain ticker passes through unchanged; an unknown universe is refused with
 * the list of known ones.
 */
export function expandSymbolArgs(args: readonly string[], available?: ReadonlySet<string>): ExpandedSymbols {
  const known = demoUniverses(DEMO_SYMBOLS);
  const symbols: string[] = [];
  const seen = new Set<string>();
  const universes: ExpandedSymbols['universes'] = [];
  const add = (symbol: string): void => {
    if (seen.has(symbol)) return;
    seen.add(symbol);
    symbols.push(symbol);
  };
  for (const arg of args) {
    if (!isUniverseArg(arg)) {
      add(arg.toUpperCase());
      continue;
    }
    // Ids are `demo:` plus a lower-case sector or list name, or an upper-case ETF: match either spelling.
    const universe = known.find((u) => u.id.toLowerCase() === arg.toLowerCase());
    if (!universe) {
      throw new CodedError('BAD_REQUEST', `--symbol ${arg}: no such universe; known universes: ${known.map((u) => u.id).join(', ')}`);
    }
    const kept = available ? universe.symbols.filter((s) => available.has(s)) : universe.symbols;
    universes.push({ id: universe.id, members: universe.symbols, missing: universe.symbols.filter((s) => !kept.includes(s)) });
    kept.forEach(add);
  }
  return { symbols, universes };
}

export interface SymbolSource {
  symbols?: string[] | undefined;
  /** --data files: a universe cannot name them (the files name their own symbols). */
  hasFiles: boolean;
  /** The history store's folder (the run reads --symbol there), or undefined when a catalog is the source. */
  dataDir?: string | undefined;
  timeframe: Timeframe;
  /** Where a note on members left out goes (stderr), or undefined to say nothing (--quiet). */
  note?: ((line: string) => void) | undefined;
}

/**
 * The --symbol values with every universe expanded, reading which members the history store holds at the run's
 * timeframe. Unchanged when no universe is named. A universe with none of its members stored is refused with what
 * to do; members missing from the store are left out and named in a note.
 */
export function resolveSymbolArgs(source: SymbolSource): string[] | undefined {
  const args = source.symbols;
  if (!args || !args.some(isUniverseArg)) return args;
  if (source.hasFiles) throw new CodedError('BAD_REQUEST', '--symbol demo:… reads the universe from the history store (--data-dir) or --catalog; it cannot be combined with --data files');
  if (source.dataDir === undefined) return expandSymbolArgs(args).symbols;
  const available = storedSymbols(source.dataDir, source.timeframe);
  const expanded = expandSymbolArgs(args, available);
  for (const u of expanded.universes) {
    if (u.missing.length === u.members.length) {
      throw new CodedError(
        'NOT_FOUND',
        `--symbol ${u.id}: none of its ${u.members.length} members has ${source.timeframe} bars in the history store of ${source.dataDir}; ` +
          'import them (workstation import --file F --symbol SYM) or record them from the demo exchange, then run again',
      );
    }
    if (u.missing.length > 0) source.note?.(`${u.id}: ${u.members.length - u.missing.length} of ${u.members.length} members have stored ${source.timeframe} bars; left out: ${u.missing.join(', ')}\n`);
  }
  return expanded.symbols;
}

function storedSymbols(dataDir: string, timeframe: Timeframe): Set<string> {
  let store: HistoryStore;
  try {
    store = HistoryStore.open(historyDatabasePath(dataDir), { readonly: true });
  } catch (error) {
    throw new CodedError('NOT_FOUND', `no history in ${dataDir} (${error instanceof Error ? error.message : String(error)}); import bars first or pass --data FILE.csv`);
  }
  try {
    return new Set(store.coverage().filter((c) => c.timeframe === timeframe).map((c) => c.symbol));
  } finally {
    store.close();
  }
}
