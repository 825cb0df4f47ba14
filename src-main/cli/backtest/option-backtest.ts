// `workstation backtest --strategy <option strategy>`: the OptionsBot strategies over one underlying's daily bars and a
// chain per session, from the synthetic surface (deterministic by --seed) or, with --chains DIR, from recorded chain
// snapshots (Alpaca's shape). Only backtest runs them: optimize, walk-forward and monte-carlo take stock strategies.
import { readFileSync } from 'node:fs';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { parseCsvColumns } from '../../history/csv/parse-columns.js';
import { ZoneClock } from '../../history/csv/time-zone.js';
import { parseColumnMap } from '../../history/csv/ohlcv.js';
import { parseParams } from '../../kernel/strategy/params.js';
import type { OptionStrategyDefinition } from '../../kernel/strategy/options.js';
import { backtestOptions, type DailyRow, type OptionBacktestOptions } from '../../options/backtest/engine.js';
import { readRecordedChains, recordedChainSource } from '../../options/backtest/recorded-chains.js';
import { bad, parseParamPairs, positiveInt, positiveNumber, type CommandValues } from './options.js';
import { describeData, writeJson } from './output.js';
import type { LoadedData } from '../../backtest/load-data.js';

/** Flags of the stock backtest that mean nothing here: refused rather than silently ignored. */
const STOCK_ONLY = ['leverage', 'allow-short', 'fill', 'slippage', 'commission', 'regulatory-fees', 'protections', 'report', 'save', 'calendar', 'weights', 'catalog'] as const;

export interface OptionRun {
  rows: DailyRow[];
  options: OptionBacktestOptions;
  /** Sessions with a recorded chain (--chains), for the summary. */
  recordedSessions?: number;
}

/** The daily rows of the one underlying, with the adjusted close where the file has one (ex-dividend warnings). */
export function optionRows(values: CommandValues, loaded: LoadedData): DailyRow[] {
  const columns = loaded.data.columns;
  if (columns.length !== 1) throw bad(`an option strategy trades one underlying: give one --data file or one --symbol, not ${columns.length}`);
  const c = columns[0]!;
  const adjusted = new Map<number, number>();
  const file = values.data?.[0];
  if (file !== undefined) {
    const parsed = parseCsvColumns(readFileSync(file), file, { zone: new ZoneClock(values.tz ?? 'UTC'), ...(values.map !== undefined ? { map: parseColumnMap(values.map) } : {}) });
    const adj = parsed.columns.adjClose;
    if (adj) for (let i = 0; i < parsed.columns.t.length; i++) adjusted.set(parsed.columns.t[i]!, adj[i]!);
  }
  const rows: DailyRow[] = [];
  for (let i = 0; i < c.t.length; i++) {
    const t = c.t[i]!;
    const adjClose = adjusted.get(t);
    // Daily bars are stamped at the session's start (00:00 UTC in files, New York midnight from Alpaca): its UTC day.
    rows.push({ t, o: c.o[i]!, h: c.h[i]!, l: c.l[i]!, c: c.c[i]!, v: c.v[i]!, date: new Date(t).toISOString().slice(0, 10), ...(adjClose !== undefined ? { adjClose } : {}) });
  }
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.date === rows[i - 1]!.date) throw bad(`${c.symbol}: option backtests take daily bars (two bars on ${rows[i]!.date}); pass --timeframe 1Day or a daily file`);
  }
  return rows;
}

export async function runOptionBacktest(values: CommandValues, definition: OptionStrategyDefinition, load: (values: CommandValues) => LoadedData | Promise<LoadedData>): Promise<number> {
  for (const flag of STOCK_ONLY) if (values[flag] !== undefined) throw bad(`--${flag} applies to stock strategies; ${definition.name} is an option strategy (see backtest --help, Options)`);
  const params = parseParams(definition.params, parseParamPairs(values.param));
  const loaded = await load({ ...values, ...(values.timeframe === undefined && values.data === undefined ? { timeframe: '1Day' } : {}) });
  const rows = optionRows(values, loaded);
  const underlying = loaded.data.columns[0]!.symbol;
  const cash = positiveNumber(values.cash, '--cash', 100_000);
  const options: OptionBacktestOptions = {
    cash,
    seed: positiveInt(values.seed, '--seed', 1),
    ...(values['spread-fraction'] !== undefined ? { spreadFraction: fraction(values['spread-fraction']) } : {}),
    ...(values['contract-fee'] !== undefined ? { commissionPerContract: nonNegative(values['contract-fee'], '--contract-fee') } : {}),
  };
  let recordedSessions: number | undefined;
  if (values.chains !== undefined) {
    const recorded = readRecordedChains(values.chains, underlying);
    options.chainAt = recordedChainSource(recorded, rows);
    const dates = new Set(rows.map((r) => r.date));
    recordedSessions = recorded.dates.filter((d) => dates.has(d)).length;
    if (recordedSessions === 0) throw new CodedError('BAD_REQUEST', `the recorded chains of ${underlying} (${recorded.dates[0]} to ${recorded.dates[recorded.dates.length - 1]}) share no session with the bars (${rows[0]!.date} to ${rows[rows.length - 1]!.date})`);
  }
  const result = backtestOptions(definition, params as never, underlying, rows, options);
  if (values.json) {
    const { equity, ...rest } = result;
    writeJson(values.json, { ...rest, params, chainSource: values.chains !== undefined ? 'recorded' : 'synthetic', ...(recordedSessions !== undefined ? { recordedSessions } : {}), finalValue: Math.round(result.finalValue * 100) / 100, equityPoints: equity.length }, values.equity ? { t: equity.map((e) => Date.parse(`${e.date}T00:00:00Z`)), value: equity.map((e) => e.value) } : undefined);
  } else if (values.equity) throw bad('--equity adds the equity curve to the --json file; give --json OUT.json too');
  if (!values.quiet) {
    const source = values.chains !== undefined ? `recorded chains (${recordedSessions} of ${rows.length} sessions have one)` : `the synthetic surface (seed ${options.seed})`;
    process.stdout.write(
      `${describeData(loaded.sources)}\n` +
        `${definition.name} ${JSON.stringify(params)} on ${underlying} over ${source}: ${result.sessions} sessions, ${result.fills.length} option and share fills, ` +
        `${result.closed.length} structures closed, ${result.events.length} expiry events, final value ${result.finalValue.toFixed(2)}, ` +
        `total return ${(result.totalReturn * 100).toFixed(2)} %, max drawdown ${(result.maxDrawdown * 100).toFixed(2)} %` +
        `${result.warnings.length > 0 ? `\n${result.warnings.length} warnings, first: ${result.warnings[0]}` : ''}\n`,
    );
  }
  return 0;
}

function fraction(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw bad(`--spread-fraction must be between 0 (mid) and 1 (the far side of the quote), got "${text}"`);
  return n;
}

function nonNegative(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw bad(`${flag} must be a number of 0 or more, got "${text}"`);
  return n;
}
