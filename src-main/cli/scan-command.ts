// `workstation scan`: the opportunity scanner from the command line (src-main/discovery/scanner.ts) as of the last
// bar or of --at. Offline and pure: reads bars, runs the strategies in shadow runs, prints the ranked list.
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { loadData } from '../backtest/load-data.js';
import { DEFAULT_ORDER_HORIZON_BARS, scan, type ScanStrategy } from '../discovery/scanner.js';
import type { Opportunity } from '../discovery/signal.js';
import { parseParams } from '../kernel/strategy/params.js';
import { resolveDataDir } from '../services/data-dir.js';
import { STRATEGIES, strategyNames } from '../strategies/index.js';
import { resolveSymbolArgs } from './backtest/universe-args.js';

export const SCAN_HELP = `workstation scan (--data FILE ... | --symbol SYM ...) [--strategies a,b] [--at DATE] [--json]

  Runs every strategy (or those of --strategies) over the bars up to the last one (or --at: a date, end of
  that day, or an ISO time) and prints the opportunities still running then, ranked by calibrated confidence.
  A strategy that emits insights gives its own confidence and horizon; one that only sends orders is read
  from its orders (an order that opens or adds to a position is a view in its direction, raw confidence 0.5,
  horizon --horizon bars). Each past signal whose horizon ended by then is scored (direction hit, magnitude
  error, per strategy and volatility regime) and calibrates the confidence (isotonic regression).
  --data FILE.csv (repeatable) or --symbol SYM (from the history store of --data-dir); --symbol also takes a
                       universe (demo, demo:stocks, demo:sector-etfs, demo:pairs, demo:<ETF>, demo:<sector>)
  --strategies a,b     default: all of ${strategyNames().join(', ')}
  --at DATE            scan as of this time; nothing after it is read
  --window N           read only the last N bars of each symbol (default: all)
  --horizon N          horizon of order signals in bars (default ${DEFAULT_ORDER_HORIZON_BARS})
  --top N              print the N best only
  --json               {"asOf", "opportunities": [{symbol, strategy, direction, confidence, expectedReturn,
                       horizon, reason, ...}], "calibration": [{strategy, samples, hitRate, brier,
                       reliability: [{from, to, predicted, observed, count}]}], "skipped"}
`;

function bad(message: string): CodedError {
  return new CodedError('BAD_REQUEST', message);
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw bad(`${flag} must be a whole number above 0, got "${value}"`);
  return n;
}

function parseAt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const t = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(t)) throw bad(`--at must be a date like 2014-06-30 or an ISO time, got "${value}"`);
  return dayOnly ? t + 86_400_000 - 1 : t;
}

export function chosenStrategies(list: string | undefined): ScanStrategy[] {
  const names = list === undefined ? strategyNames() : list.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw bad('--strategies names no strategy');
  return names.map((name) => {
    const definition = STRATEGIES.get(name);
    if (!definition) throw bad(`unknown strategy "${name}" (one of: ${strategyNames().join(', ')})`);
    return { definition, params: parseParams(definition.params, {}) };
  });
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}

function text(asOf: number, rows: readonly Opportunity[]): string {
  const head = `opportunities as of ${new Date(asOf).toISOString()}: ${rows.length}\n`;
  const lines = rows.map(
    (o) =>
      `${o.symbol.padEnd(7)} ${o.strategy.padEnd(18)} ${o.direction.padEnd(5)} conf ${o.confidence.toFixed(3)} (${o.calibratedOn}, n=${o.samples}) ` +
      `exp ${pct(o.expectedReturn).padStart(7)} over ${o.horizon} bars  ${o.reason}`,
  );
  return `${head}${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
}

export async function runScanCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', multiple: true },
        symbol: { type: 'string', multiple: true },
        'data-dir': { type: 'string' },
        strategies: { type: 'string' },
        at: { type: 'string' },
        window: { type: 'string' },
        horizon: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw bad(`${error instanceof Error ? error.message : String(error)} (see: workstation scan --help)`);
  }
  if (values.help) {
    process.stdout.write(SCAN_HELP);
    return 0;
  }
  const strategies = chosenStrategies(values.strategies);
  const files = values.data ?? [];
  const dataDir = resolveDataDir(values['data-dir']);
  const symbols = resolveSymbolArgs({ symbols: values.symbol, hasFiles: files.length > 0, dataDir, timeframe: '1Day', note: (line) => process.stderr.write(line) }) ?? [];
  if (files.length === 0 && symbols.length === 0) throw bad('say which bars to scan: --data FILE.csv or --symbol SYM (see: workstation scan --help)');
  const asOf = parseAt(values.at);
  const { data } = loadData({
    ...(files.length > 0 ? { files } : { symbols, dataDir }),
    ...(files.length > 0 && symbols.length > 0 ? { symbols } : {}),
    ...(asOf !== undefined ? { to: asOf } : {}),
  });
  const window = positive(values.window, '--window');
  const horizon = positive(values.horizon, '--horizon');
  const top = positive(values.top, '--top');
  const result = scan({
    columns: data.columns,
    strategies,
    ...(asOf !== undefined ? { asOf } : {}),
    ...(window !== undefined ? { window } : {}),
    ...(horizon !== undefined ? { orderHorizonBars: horizon } : {}),
  });
  const opportunities = top === undefined ? result.opportunities : result.opportunities.slice(0, top);
  if (values.json) {
    const { outcomes: _scored, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ ...rest, opportunities, scored: result.outcomes.length }, null, 2)}\n`);
  } else {
    process.stdout.write(text(result.asOf, opportunities));
    for (const s of result.skipped) process.stdout.write(`skipped ${s.strategy}: ${s.reason}\n`);
  }
  return 0;
}
