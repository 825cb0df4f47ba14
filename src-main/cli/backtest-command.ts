import { readFileSync, writeFileSync } from 'node:fs';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { runBacktest, type BacktestResult } from '../backtest/backtest.js';
import { loadData, type LoadedData } from '../backtest/load-data.js';
import { parseColumnMap } from '../history/csv/ohlcv.js';
import { parseParams } from '../kernel/strategy/params.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { resolveDataDir } from '../services/data-dir.js';
import { STRATEGIES, strategyNames } from '../strategies/index.js';
import { OPTION_STRATEGIES } from '../strategies/options/index.js';
import { definitionWithInputs } from '../strategies/inputs.js';
import { bad, parseAccount, parseCommand, parseDate, parseFillModel, parseParamPairs, parseProtections, parseTimeframe, type CommandValues } from './backtest/options.js';
import { describeData, writeJson } from './backtest/output.js';
import { resolveSymbolArgs } from './backtest/universe-args.js';
import { ProgressBar } from './progress.js';

export const BACKTEST_COMMANDS = ['backtest', 'optimize', 'walk-forward', 'monte-carlo'] as const;

export const BACKTEST_HELP = `Backtests (offline; nothing here talks to a broker)

Usage:
  workstation backtest     --strategy NAME [--param k=v ...] (--data FILE.csv ... | --symbol SYM ...) [options]
  workstation optimize     ... --grid k=FROM:TO:STEP ... | --random N   [--workers N] [--objective sharpe] [--heatmap k1,k2]
  workstation walk-forward ... --in-sample BARS --out-of-sample BARS [--anchored] (plus optimize's search options)
  optimize and walk-forward take --queue redis://HOST:PORT/DB: the work goes to \`workstation worker\` processes
          (any machine) and the result is the local run's to the last digit (see: workstation worker --help);
          --queue-chunk N: combinations per optimize job (default: about four jobs per connected worker slot)
  workstation monte-carlo  ... [--runs 10000] [--method bootstrap|shuffle] [--loss 0.2] [--seed 1]

Data:     --data FILE.csv (repeatable; the symbol is the file name's first word) or --symbol SYM (from the
          history store in --data-dir, or with --catalog URI [--s3-endpoint URL] from the Parquet catalog:
          a folder or s3://bucket/prefix, see workstation catalog --help); --from / --to YYYY-MM-DD (inclusive).
          --symbol also takes the app's universes, expanded to their members: demo, demo:stocks, demo:sector-etfs,
          demo:pairs, demo:<ETF> (the ETF, then its holdings), demo:<sector>; members without stored bars are left
          out (and named on stderr).
          A file is any OHLCV CSV with a header: date|datetime|time|timestamp, open, high, low, close, volume
          (optional: adj close, vwap, trades), in any case and order (Yahoo's files are one such layout);
          --map time=Stamp,close=Last,... names other headers. Times: YYYY-MM-DD (00:00 UTC), ISO
          timestamps (with Z or an offset: as written; without: wall time in --tz ZONE, an IANA name such
          as America/New_York, default UTC; DST-correct), or epoch seconds/milliseconds.
          --timeframe 1Min|5Min|...|1Day: the store's series to read; for a file it is inferred from the
          spacing when not given. The summary says the timeframe and the zone assumed.
Inputs:   --calendar FILE (earnings-momentum: symbol,date lines; Alpaca has no earnings calendar)
          --weights FILE (etf-basket-arb: the ETF's holdings, symbol,weight lines); backtest and monte-carlo only
Account:  --cash 100000  --leverage 1 (2: Reg T margin)  --allow-short
Fills:    --fill next-open|close  --slippage none|bps:N|volume:IMPACT:MAXSHARE
          --commission none|share:RATE[:MIN]|order:AMOUNT|percent:P  --regulatory-fees (SEC + FINRA TAF on sells)
Ticks:    backtest --ticks DIR|FILE.csv (repeatable): top-of-book quotes (header t,bid,bidSize,ask,askSize) and trades
          (header t,price,size), one kind per file, named SYM-quotes.csv / SYM-trades.csv (the symbol is the name
          before the kind); t in epoch milliseconds or ISO (no zone: UTC); rows in time order. Orders of a symbol with
          quotes fill by the quote-level rules (README: a queue place behind the displayed size, fills as prints
          pass it, marketable orders at the touch up to its size); --latency-ms N (default 0) delays placing,
          replacing and cancelling. Without --data/--symbol, bars (--timeframe, default 1Min) are made from the ticks.
          --ticks store --symbol SYM [--from --to]: the quotes and trades recorded or imported into the history store
          (workstation ticks --help); bars are made from them unless --data/--catalog gives some.
Protect:  backtest --protections '{"cooldown":{"hours":24},"stoplossGuard":{"trades":2,"lookbackHours":72,"lockHours":48},
          "maxDrawdown":{"maxDrawdown":0.1,"lookbackHours":720,"lockHours":120},"lowProfit":{"minProfit":0,"lookbackHours":720,
          "lockHours":240}}' (or a .json file): locks refuse entries; the JSON and report list locks and decisions
Output:   --json OUT.json: the result (metrics, trades, fills, orders) without the per-bar equity;
          --equity adds it to the JSON as "equity": [{t, value}, ...], streamed to the file (a million bars
          are about 45 MB; walk-forward: its stitched out-of-sample curve). --report OUT.html (self-contained,
          for each of the four commands). Nothing is written or rendered unless asked.
          --save (store in the data folder's database)  --quiet (no summary on stdout). A progress bar is
          drawn when stderr is a terminal.
Options:  backtest --strategy ${[...OPTION_STRATEGIES.keys()][0]} (any option strategy below) runs the option engine over one
          underlying's daily bars (--data FILE or --symbol SYM): a chain per session from the synthetic surface
          (deterministic by --seed, default 1), or --chains DIR: recorded chain snapshots, one file per session named
          YYYY-MM-DD.json or SYM-YYYY-MM-DD.json (in DIR or DIR/SYM), each the body (or an array of the pages) of
          Alpaca's GET /v1beta1/options/snapshots/{underlying}. Fills at mid plus --spread-fraction of the half
          spread (0..1, default 0.5), --contract-fee per contract (default 0.65); --cash, --param, --from/--to,
          --json (fills, expiry events, closed structures, warnings), --equity, --quiet as above
Strategies: ${strategyNames().join(', ')}
Option strategies: ${[...OPTION_STRATEGIES.keys()].join(', ')}
`;

export function resolveStrategy(values: CommandValues): { definition: StrategyDefinition; params: Record<string, unknown> } {
  if (!values.strategy) throw bad(`--strategy is required (one of: ${strategyNames().join(', ')})`);
  const registered = STRATEGIES.get(values.strategy);
  if (!registered && OPTION_STRATEGIES.has(values.strategy)) throw bad(`${values.strategy} is an option strategy: only backtest runs it (optimize, walk-forward and monte-carlo take stock strategies)`);
  if (!registered) throw bad(`unknown strategy "${values.strategy}" (one of: ${strategyNames().join(', ')})`);
  const input = (file: string | undefined) => (file === undefined ? undefined : { text: readInput(file), file });
  const calendar = input(values.calendar);
  const weights = input(values.weights);
  const definition = definitionWithInputs(values.strategy, registered, { ...(calendar ? { calendar } : {}), ...(weights ? { weights } : {}) });
  return { definition, params: parseParams(definition.params, parseParamPairs(values.param)) as Record<string, unknown> };
}

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw bad(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The run's bars: from the Parquet catalog when --catalog names one, else as resolveData reads them. */
export async function resolveRunData(values: CommandValues): Promise<LoadedData> {
  if (values.catalog === undefined) return resolveData(values);
  if (values.data) throw bad('--catalog reads --symbol SYM from the catalog; --data files are read without it');
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  if (from !== undefined && to !== undefined && from > to) throw bad('--from must not be after --to');
  const timeframe = parseTimeframe(values.timeframe);
  const { catalogArgs, loadCatalogData } = await import('../catalog/load.js');
  const target = catalogArgs(values)!;
  return loadCatalogData({
    catalog: target.uri,
    options: target.options,
    symbols: values.symbol ?? [],
    ...(timeframe ? { timeframe } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
}

export function resolveData(values: CommandValues): LoadedData {
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  if (from !== undefined && to !== undefined && from > to) throw bad('--from must not be after --to');
  const timeframe = parseTimeframe(values.timeframe);
  if ((values.map !== undefined || values.tz !== undefined) && !values.data) throw bad('--map and --tz apply to --data files');
  return loadData({
    ...(values.data ? { files: values.data } : {}),
    ...(values.symbol ? { symbols: values.symbol } : {}),
    ...(values.data ? {} : { dataDir: resolveDataDir(values['data-dir']) }),
    ...(values.map !== undefined ? { map: parseColumnMap(values.map) } : {}),
    ...(values.tz !== undefined ? { zone: values.tz } : {}),
    ...(timeframe ? { timeframe } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  });
}

/**
 * The JSON the CLI writes: the result with `finalValue` to the cent and the metrics at the top level too. The
 * equity curve is not in it: writeJson streams it after the rest when --equity asks for it.
 */
export function resultJson(result: BacktestResult): Record<string, unknown> {
  const { equity, ...rest } = result;
  return { ...rest, ...result.metrics, metrics: result.metrics, finalValue: Math.round(result.finalValue * 100) / 100, equityPoints: equity.t.length };
}

export function writeOutput(path: string | undefined, text: string): void {
  if (!path) return;
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CodedError('UNAVAILABLE', `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

async function backtest(values: CommandValues): Promise<number> {
  const option = values.strategy === undefined ? undefined : OPTION_STRATEGIES.get(values.strategy);
  if (option) {
    const { runOptionBacktest } = await import('./backtest/option-backtest.js');
    return runOptionBacktest(values, option, resolveRunData);
  }
  if (values.chains !== undefined || values['spread-fraction'] !== undefined || values['contract-fee'] !== undefined) throw bad('--chains, --spread-fraction and --contract-fee apply to option strategies (see backtest --help, Options)');
  const { definition, params } = resolveStrategy(values);
  if (values['latency-ms'] !== undefined && values.ticks === undefined) throw bad('--latency-ms applies to quote-level fills: give --ticks too');
  let fill = parseFillModel(values);
  let described: string[] = [];
  let loaded: LoadedData;
  if (values.ticks !== undefined) {
    const { resolveTickRun } = await import('./backtest/ticks.js');
    ({ fill, described, ...loaded } = await resolveTickRun(values, fill, resolveRunData));
  } else loaded = await resolveRunData(values);
  const { data, sources } = loaded;
  if (values.equity && !values.json) throw bad('--equity adds the equity curve to the --json file; give --json OUT.json too');
  const protections = parseProtections(values);
  const progress = new ProgressBar('backtest', { stream: process.stderr });
  const result = runBacktest(definition, params, data, {
    fill,
    account: parseAccount(values),
    ...(protections ? { protections } : {}),
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();
  // Only what was asked for is made: the JSON, the curve in it, the report.
  if (values.json) writeJson(values.json, resultJson(result), values.equity ? result.equity : undefined);
  if (values.report) {
    const { renderReport } = await import('../backtest/report-html.js');
    writeOutput(values.report, renderReport(result));
  }
  if (values.save) {
    const { saveRun } = await import('./backtest/save.js');
    const id = saveRun(values['data-dir'], result);
    if (!values.quiet) process.stdout.write(`saved as run ${id}\n`);
  }
  if (!values.quiet) {
    const m = result.metrics;
    process.stdout.write(
      `${describeData(sources)}\n` +
      described.map((line) => `${line}\n`).join('') +
      `${definition.name} ${JSON.stringify(params)} on ${result.symbols.join(',')}: ${result.bars} bars, ` +
        `${result.closedTrades} closed trades, final value ${result.finalValue.toFixed(2)}, total return ${(m.totalReturn * 100).toFixed(2)} %, ` +
        `max drawdown ${(m.maxDrawdown * 100).toFixed(2)} %, Sharpe ${m.sharpe === null ? '–' : m.sharpe.toFixed(2)}\n`,
    );
  }
  return 0;
}

/** Entry for the backtest family of commands; argv starts after the command name. */
/** --symbol demo:… (any of the app's universes) replaced by its members; see universe-args.ts. */
function withUniverses(values: CommandValues): CommandValues {
  const symbols = resolveSymbolArgs({
    symbols: values.symbol,
    hasFiles: values.data !== undefined,
    dataDir: values.catalog === undefined ? resolveDataDir(values['data-dir']) : undefined,
    timeframe: parseTimeframe(values.timeframe) ?? '1Day',
    note: values.quiet ? undefined : (line) => process.stderr.write(line),
  });
  return symbols === values.symbol ? values : { ...values, symbol: symbols };
}

export async function runBacktestCommand(command: string, argv: string[]): Promise<number> {
  const parsed = parseCommand(argv);
  if (parsed.help) {
    process.stdout.write(BACKTEST_HELP);
    return 0;
  }
  const values = withUniverses(parsed);
  switch (command) {
    case 'backtest':
      return backtest(values);
    case 'optimize':
    case 'walk-forward':
    case 'monte-carlo': {
      const { runResearchCommand } = await import('./backtest/research-commands.js');
      return runResearchCommand(command, values);
    }
    default:
      throw bad(`unknown command "${command}"`);
  }
}
