import { parseArgs } from 'node:util';
import { TRADING_MODES, type TradingMode } from '../../src-shared/domain/mode.js';
import { CodedError } from '../../src-shared/ipc/errors.js';

export const HELP = `Alpaca Workstation command line

Usage: workstation <command> [options]

Commands:
  host       Start the headless host: the GUI over HTTP and the IPC contract over an
             authenticated WebSocket. Prints a loopback URL with a one-time token.
  health     Start the main-side services and check them, the files the app needs (GUI
             build, worker bundles, shipped models), the native modules (better-sqlite3,
             keytar), the broker (a real account call with the stored mode's keys; demo:
             the local exchange) and each market-data provider; print each result with
             what to do when it fails; exit 0 when all are ok, 1 otherwise.
  components List every service, strategy, shipped model, data provider and worker
             bundle with its state and version (--json: as JSON).
  exchange   Start the local Alpaca-compatible exchange on loopback (demo and tests):
             prints its URLs, a fresh demo key pair and the control token.
  backtest   Run a strategy over bars (any OHLCV CSV file, or the history store); JSON
             and HTML report when asked. Also: optimize, walk-forward, monte-carlo
             (see: workstation backtest --help).
  import     Import bars from a CSV file (Yahoo or any OHLCV header; --map, --tz) into the
             history store; export writes them back out
             (see: workstation import --help).
  catalog    The Parquet history catalog in a folder or an S3-compatible bucket: import
             (CSV or the history store), export, ls, compact, credentials
             (see: workstation catalog --help).
  ticks      Quotes and trades in the history store: import/export the backtest's CSVs,
             backfill from the history REST paths, prune old days, ls
             (see: workstation ticks --help).
  kill       Trip the kill switch of the workstation running on this data dir: halt
             trading, cancel every open order, optionally --flatten positions
             (see: workstation kill --help).
  ml         Train tree models (purged walk-forward scores, ONNX export), predict with
             onnxruntime-node, backtest the ml-signal strategy, list the model registry
             (see: workstation ml --help).
  options    Option prices and greeks, implied volatility (European or American),
             multi-leg payoffs (see: workstation options --help).
  portfolio  Target weights from daily closes: minimum variance, mean-variance, risk parity,
             hierarchical risk parity, or K of N by simulated annealing, within limits
             (see: workstation portfolio --help).
  allocate   Capital split across strategies by a bandit (Thompson sampling or EXP3),
             backtested day by day (see: workstation allocate --help).
  scan       The opportunity scanner: every strategy over the bars up to the last one (or
             --at), the signals still running ranked by calibrated confidence; --json
             (see: workstation scan --help).
  analyze    Ask a language model (OpenRouter or any OpenAI-compatible endpoint) for an
             analysis of one symbol and order proposals it only prints; --json
             (see: workstation analyze --help).
  strategies List every strategy with its family, data needs, fewest symbols and
             parameters (defaults and ranges); --json for JSON.
  worker     Run research jobs (sweep chunks, walk-forward windows, backtests) from a
             Redis queue that optimize / walk-forward --queue URL fill; queue status
             and queue cancel RUN show and stop runs (see: workstation worker --help).
  version    Print the version.
  help       Print this help.

Options:
  --data-dir <dir>   Where the database and logs live (default: the per-user app data
                     folder; env WORKSTATION_DATA_DIR also works).
  --port <n>         host: TCP port (default 17360; 0 picks any free port).
                     exchange: TCP port (default 0: any free port).
  --bind <addr>      host: address to listen on (default 127.0.0.1).
  --allow-remote     host: allow --bind to name a non-loopback address.
  --exchange-url <u> host, health: in demo mode, trade and read market data against a local
                     exchange that is already running (\`workstation exchange\`) at this
                     loopback URL, e.g. http://127.0.0.1:8100, instead of starting one.
                     Its keys come from WORKSTATION_EXCHANGE_KEY_ID and
                     WORKSTATION_EXCHANGE_SECRET_KEY (the exchange prints both).
  --mode <m>         host, health, components: trade in demo, paper or live for this run instead of the
                     mode stored by the last switch in Settings. Paper and live need their
                     keys (keychain, or APCA_API_KEY_ID/APCA_API_SECRET_KEY on the host);
                     live orders stay locked until confirmed in the GUI.
  --json             health, components: print the report as JSON.
  --seed <n>         exchange: seed of the synthetic market and fills (default 42).
  --speed <x>        exchange: simulated time runs x times as fast as the wall clock
                     (default 1: wall time).
  --replay <list>    exchange: replay stored daily bars instead of the synthetic market,
                     SYMBOL=FILE.csv[,SYMBOL=FILE.csv] (Yahoo daily CSV files); the
                     clock starts at the second stored day's open and runs at --speed.
  --log-level <lvl>  debug, info, warn or error (default info).
  -h, --help         Print this help.
`;

export interface CliOptions {
  command: string;
  dataDir: string | undefined;
  /** Undefined when not given: each command has its own default. */
  port: number | undefined;
  seed: number;
  speed: number;
  /** exchange --replay: one Yahoo daily CSV per symbol (empty: the synthetic market). */
  replay: Array<{ symbol: string; file: string }>;
  bind: string;
  allowRemote: boolean;
  /** host, health: an already-running local exchange for demo mode (undefined: start one). */
  exchangeUrl: string | undefined;
  json: boolean;
  /** Undefined when not given: the stored mode. */
  mode: TradingMode | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
}

export const DEFAULT_PORT = 17360;
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function parseCli(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        bind: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        'exchange-url': { type: 'string' },
        json: { type: 'boolean' },
        mode: { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        replay: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new CodedError('BAD_REQUEST', `unexpected argument "${positionals[1]}" (see --help)`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new CodedError('BAD_REQUEST', `--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new CodedError('BAD_REQUEST', `--seed must be an integer, got "${values.seed}"`);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 1_000_000) {
    throw new CodedError('BAD_REQUEST', `--speed must be a number above 0 and at most 1000000, got "${values.speed}"`);
  }
  const replay = parseReplay(values.replay);
  const mode = values.mode;
  if (mode !== undefined && !(TRADING_MODES as readonly string[]).includes(mode)) {
    throw new CodedError('BAD_REQUEST', `--mode must be one of ${TRADING_MODES.join(', ')}, got "${mode}"`);
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LEVELS as readonly string[]).includes(logLevel)) {
    throw new CodedError('BAD_REQUEST', `--log-level must be one of ${LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    command: positionals[0] ?? 'help',
    dataDir: values['data-dir'],
    port,
    seed,
    speed,
    replay,
    bind: values.bind ?? '127.0.0.1',
    allowRemote: values['allow-remote'] ?? false,
    exchangeUrl: values['exchange-url'],
    json: values.json ?? false,
    mode: mode as TradingMode | undefined,
    logLevel: logLevel as CliOptions['logLevel'],
    help: values.help ?? false,
  };
}

/** `SYMBOL=FILE.csv[,SYMBOL=FILE.csv]` (the files are read and checked when the exchange starts). */
function parseReplay(raw: string | undefined): Array<{ symbol: string; file: string }> {
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const eq = entry.indexOf('=');
    const symbol = eq > 0 ? entry.slice(0, eq).trim() : '';
    const file = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (symbol === '' || file === '') throw new CodedError('BAD_REQUEST', `--replay takes SYMBOL=FILE.csv[,SYMBOL=FILE.csv], got "${entry}"`);
    return { symbol, file };
  });
}
