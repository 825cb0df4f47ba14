import { parseArgs } from 'node:util';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/bar.js';
import type { FillModelInput, AccountModelInput } from '../../backtest/fill-model.js';
import { readFileSync } from 'node:fs';
import { protectionSettings, type ProtectionSettings } from '../../kernel/protections/settings.js';

/** Options shared by backtest, optimize, walk-forward and monte-carlo. */
export const COMMON_OPTIONS = {
  strategy: { type: 'string' },
  param: { type: 'string', multiple: true },
  /** earnings-momentum's earnings calendar (symbol,date) and etf-basket-arb's holdings weights (symbol,weight). */
  calendar: { type: 'string' },
  weights: { type: 'string' },
  data: { type: 'string', multiple: true },
  map: { type: 'string' },
  tz: { type: 'string' },
  symbol: { type: 'string', multiple: true },
  timeframe: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  cash: { type: 'string' },
  leverage: { type: 'string' },
  'allow-short': { type: 'boolean' },
  fill: { type: 'string' },
  slippage: { type: 'string' },
  commission: { type: 'string' },
  'regulatory-fees': { type: 'boolean' },
  /** backtest of an option strategy: recorded chain snapshots (a folder of YYYY-MM-DD.json), fill and fee settings. */
  chains: { type: 'string' },
  'spread-fraction': { type: 'string' },
  'contract-fee': { type: 'string' },
  /** backtest: quote and trade CSV files (or folders of them) for quote-level fills, and their latency. */
  ticks: { type: 'string', multiple: true },
  'latency-ms': { type: 'string' },
  /** backtest: protections as JSON ({"cooldown":{"hours":24}}, ...) or a .json file holding it. */
  protections: { type: 'string' },
  json: { type: 'string' },
  equity: { type: 'boolean' },
  report: { type: 'string' },
  'data-dir': { type: 'string' },
  /** --symbol's bars from the Parquet catalog (a folder or s3://bucket/prefix) instead of the history store. */
  catalog: { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  save: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // optimize / walk-forward
  grid: { type: 'string', multiple: true },
  random: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  /** optimize / walk-forward: run on the workers of this Redis queue instead of local threads. */
  queue: { type: 'string' },
  /** optimize --queue: combinations per job (default about four jobs per connected worker slot). */
  'queue-chunk': { type: 'string' },
  objective: { type: 'string' },
  heatmap: { type: 'string' },
  'in-sample': { type: 'string' },
  'out-of-sample': { type: 'string' },
  anchored: { type: 'boolean' },
  /** optimize / walk-forward --method pso|anneal: iterations, and particles or chains per iteration. */
  iterations: { type: 'string' },
  population: { type: 'string' },
  /** Blocks the bars are cut into for the probability of backtest overfitting (CSCV; even, 4 to 20). */
  'pbo-blocks': { type: 'string' },
  // monte-carlo
  runs: { type: 'string' },
  loss: { type: 'string' },
  method: { type: 'string' },
} as const;

export function bad(message: string): CodedError {
  return new CodedError('BAD_REQUEST', message);
}

export function parseCommand(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: COMMON_OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw bad(`${error instanceof Error ? error.message : String(error)} (see backtest --help)`);
  }
}
export type CommandValues = ReturnType<typeof parseCommand>;

export function positiveNumber(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw bad(`${flag} must be a positive number, got "${value}"`);
  return n;
}

export function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  const n = positiveNumber(value, flag, fallback);
  if (!Number.isInteger(n)) throw bad(`${flag} must be a whole number, got "${value}"`);
  return n;
}

/** YYYY-MM-DD (UTC day start) or an ISO time; --to includes its whole day. */
export function parseDate(value: string | undefined, flag: string, endOfDay: boolean): number | undefined {
  if (value === undefined) return undefined;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(t)) throw bad(`${flag} must be a date like 2014-01-31, got "${value}"`);
  return dayOnly && endOfDay ? t + 86_400_000 - 1 : t;
}

export function parseParamPairs(pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw bad(`--param must look like name=value, got "${pair}"`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

export function parseTimeframe(value: string | undefined): Timeframe | undefined {
  if (value === undefined) return undefined;
  if (!(TIMEFRAMES as readonly string[]).includes(value)) throw bad(`--timeframe must be one of ${TIMEFRAMES.join(', ')}, got "${value}"`);
  return value as Timeframe;
}

/** --fill next-open|close, --slippage none|bps:N|volume:IMPACT:MAXSHARE, --commission none|share:R[:MIN]|order:A|percent:P. */
export function parseFillModel(values: CommandValues): FillModelInput {
  const fill: FillModelInput = {};
  if (values.fill !== undefined) {
    if (values.fill !== 'next-open' && values.fill !== 'close') throw bad(`--fill must be next-open or close, got "${values.fill}"`);
    fill.marketFill = values.fill;
  }
  if (values.slippage !== undefined) {
    const [kind, a, b] = values.slippage.split(':');
    if (kind === 'none') fill.slippage = { kind: 'none' };
    else if (kind === 'bps' && a !== undefined) fill.slippage = { kind: 'fixed-bps', bps: nonNegative(a, '--slippage bps') };
    else if (kind === 'volume' && a !== undefined && b !== undefined) {
      fill.slippage = { kind: 'volume-share', impact: nonNegative(a, '--slippage impact'), maxShare: positiveNumber(b, '--slippage max share', 1) };
    } else throw bad(`--slippage must be none, bps:N or volume:IMPACT:MAXSHARE, got "${values.slippage}"`);
  }
  if (values.commission !== undefined) {
    const [kind, a, b] = values.commission.split(':');
    if (kind === 'none') fill.commission = { kind: 'none' };
    else if (kind === 'share' && a !== undefined) fill.commission = { kind: 'per-share', perShare: nonNegative(a, '--commission per share'), minPerOrder: b === undefined ? 0 : nonNegative(b, '--commission minimum') };
    else if (kind === 'order' && a !== undefined) fill.commission = { kind: 'per-order', perOrder: nonNegative(a, '--commission per order') };
    else if (kind === 'percent' && a !== undefined) fill.commission = { kind: 'percent', percent: nonNegative(a, '--commission percent') };
    else throw bad(`--commission must be none, share:RATE[:MIN], order:AMOUNT or percent:P, got "${values.commission}"`);
  }
  if (values['regulatory-fees']) fill.regulatoryFees = { secPerMillion: 27.8, tafPerShare: 0.000166, tafMax: 8.3 };
  return fill;
}

export function parseAccount(values: CommandValues): AccountModelInput {
  return {
    cash: positiveNumber(values.cash, '--cash', 100_000),
    leverage: positiveNumber(values.leverage, '--leverage', 1),
    allowShort: values['allow-short'] ?? false,
  };
}

/** --protections: inline JSON, or the path of a JSON file; refused with the field that is wrong. */
export function parseProtections(values: CommandValues): ProtectionSettings | undefined {
  const text = values.protections;
  if (text === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text.trim().startsWith('{') ? text : readFileSync(text, 'utf8'));
  } catch (error) {
    throw bad(`--protections must be JSON such as {"cooldown":{"hours":24}} or a file holding it: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = protectionSettings.safeParse(raw);
  if (!parsed.success) throw bad(`--protections: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'} ${i.message}`).join('; ')}`);
  return parsed.data;
}

function nonNegative(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw bad(`${what} must be a number of 0 or more, got "${value}"`);
  return n;
}
