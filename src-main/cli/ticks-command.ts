import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { historyDatabasePath, openHistoryDatabase } from '../history/history-db.js';
import { backfillTicks } from '../history/ticks/tick-backfill.js';
import { exportTickFiles, importTickFiles, tickFilesIn } from '../history/ticks/tick-files.js';
import { TickStore } from '../history/ticks/tick-store.js';
import { resolveDataDir } from '../services/data-dir.js';
import { parseDate } from './backtest/options.js';

export const TICKS_HELP = `Quotes and trades in the history store (history.sqlite, beside the bars)

Usage:
  workstation ticks import   --dir DIR | --file SYM-quotes.csv ...   [--data-dir DIR] [--json]
  workstation ticks export   --symbol SYM --dir OUT [--from DATE] [--to DATE] [--data-dir DIR] [--json]
  workstation ticks backfill --symbol SYM ... --from DATE --to DATE --exchange-url http://127.0.0.1:PORT
                             [--data-dir DIR] [--json]
  workstation ticks prune    --symbol SYM ... --keep-days N [--data-dir DIR] [--json]
  workstation ticks ls       [--symbol SYM] [--data-dir DIR] [--json]

Files are the quote-level backtest's CSVs: SYM-quotes.csv (t,bid,bidSize,ask,askSize) and SYM-trades.csv
(t,price,size), t in epoch ms or ISO. An import replaces the window each file covers, so importing a file twice
stores it once; a malformed row is refused with its file and line. backfill reads the history REST paths
(/v2/stocks/{symbol}/quotes and /trades) of the local exchange (its key pair from WORKSTATION_EXCHANGE_KEY_ID and
WORKSTATION_EXCHANGE_SECRET_KEY, as \`workstation exchange\` prints them) and replaces the window. prune keeps the
last N UTC days (and today) of each symbol named. Replay with: workstation backtest --ticks store --symbol SYM.
`;

const OPTIONS = {
  dir: { type: 'string' },
  file: { type: 'string', multiple: true },
  symbol: { type: 'string', multiple: true },
  from: { type: 'string' },
  to: { type: 'string' },
  'keep-days': { type: 'string' },
  'exchange-url': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see workstation ticks --help)`);
  }
}

function openStore(values: Values): { store: TickStore; file: string } {
  const file = historyDatabasePath(resolveDataDir(values['data-dir']));
  return { store: new TickStore(openHistoryDatabase(file)), file };
}

function print(values: Values, json: unknown, text: string): void {
  process.stdout.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
}

function symbolsOf(values: Values, command: string): string[] {
  const symbols = (values.symbol ?? []).map((s) => s.toUpperCase());
  if (symbols.length === 0) throw new CodedError('BAD_REQUEST', `ticks ${command} needs --symbol SYM`);
  return symbols;
}

async function runBackfill(values: Values, store: TickStore, file: string): Promise<void> {
  const symbols = symbolsOf(values, 'backfill');
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  if (from === undefined || to === undefined || to < from) throw new CodedError('BAD_REQUEST', 'ticks backfill needs --from and --to (dates or ISO times), --from not after --to');
  if (!values['exchange-url']) throw new CodedError('BAD_REQUEST', 'ticks backfill needs --exchange-url (the local exchange, as `workstation exchange` prints it)');
  const [{ externalExchangeEndpoints }, { AlpacaMarketDataRest }] = await Promise.all([import('./external-exchange.js'), import('../adapters/alpaca/market-data/rest-client.js')]);
  const endpoints = externalExchangeEndpoints(values['exchange-url'], process.env);
  const rest = new AlpacaMarketDataRest({
    tradingUrl: endpoints.tradingUrl, dataUrl: endpoints.dataUrl, stockStreamUrl: endpoints.marketDataStreamUrl,
    keyId: endpoints.keys.keyId, secret: endpoints.keys.secret, feed: 'iex', source: 'demo-exchange',
  });
  const results = await backfillTicks(rest, store, symbols, from, to);
  print(values, { database: file, results }, results.map((r) => `${r.symbol}: ${r.quotes.toLocaleString('en-US')} quotes, ${r.trades.toLocaleString('en-US')} trades into ${file}`).join('\n'));
}

export async function runTicksCommand(argv: string[]): Promise<number> {
  const sub = argv[0];
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(TICKS_HELP);
    return sub === undefined ? 2 : 0;
  }
  const values = parse(argv.slice(1));
  if (values.help) {
    process.stdout.write(TICKS_HELP);
    return 0;
  }
  if (!['import', 'export', 'backfill', 'prune', 'ls'].includes(sub)) throw new CodedError('BAD_REQUEST', `unknown ticks command "${sub}" (import, export, backfill, prune, ls)`);
  const { store, file } = openStore(values);
  try {
    if (sub === 'import') {
      const files = [...(values.file ?? []), ...(values.dir ? dirFiles(values.dir) : [])];
      if (files.length === 0) throw new CodedError('BAD_REQUEST', 'ticks import needs --dir DIR or --file SYM-quotes.csv ...');
      const results = importTickFiles(store, files);
      print(values, { database: file, results }, results.map((r) => `${r.symbol} ${r.kind}: ${r.ticks.toLocaleString('en-US')} from ${r.file}`).concat(`into ${file}`).join('\n'));
    } else if (sub === 'export') {
      const [symbol, ...more] = symbolsOf(values, 'export');
      if (more.length > 0) throw new CodedError('BAD_REQUEST', 'ticks export takes one --symbol');
      if (!values.dir) throw new CodedError('BAD_REQUEST', 'ticks export needs --dir OUT');
      const from = parseDate(values.from, '--from', false);
      const to = parseDate(values.to, '--to', true);
      const results = exportTickFiles(store, symbol!, values.dir, { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      print(values, { results }, results.map((r) => `${r.symbol} ${r.kind}: ${r.ticks.toLocaleString('en-US')} to ${r.file}`).join('\n'));
    } else if (sub === 'backfill') {
      await runBackfill(values, store, file);
    } else if (sub === 'prune') {
      const symbols = symbolsOf(values, 'prune');
      const days = Number(values['keep-days']);
      if (values['keep-days'] === undefined || !Number.isInteger(days) || days < 0) throw new CodedError('BAD_REQUEST', `ticks prune needs --keep-days N (a whole number of days, 0 or more), got "${values['keep-days'] ?? ''}"`);
      const now = Date.now();
      const results = symbols.map((symbol) => ({ symbol, deleted: store.prune(symbol, days, now) }));
      print(values, { results }, results.map((r) => `${r.symbol}: ${r.deleted.toLocaleString('en-US')} ticks older than ${days} days deleted`).join('\n'));
    } else {
      const coverage = store.coverage(values.symbol?.[0]);
      const recording = store.recordingSymbols();
      const iso = (t: number) => new Date(t).toISOString();
      print(values, { coverage, recording }, coverage.length === 0 ? `no ticks stored in ${file}` : coverage.map((c) => `${c.symbol} ${c.kind}: ${c.count.toLocaleString('en-US')} over ${c.days} days, ${iso(c.first)} .. ${iso(c.last)}`).join('\n'));
    }
  } finally {
    store.db.close();
  }
  return 0;
}

function dirFiles(dir: string): string[] {
  try {
    if (!statSync(dir).isDirectory()) throw new CodedError('BAD_REQUEST', `--dir ${dir} is not a folder`);
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new CodedError('NOT_FOUND', `--dir ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const files = tickFilesIn(dir);
  if (files.length === 0) throw new CodedError('BAD_REQUEST', `--dir ${dir} holds no SYM-quotes.csv or SYM-trades.csv`);
  return files;
}
