import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';
import { exportCsv, importCsvFile } from '../history/csv-transfer.js';
import type { CsvFormat } from '../history/csv/export.js';
import { parseColumnMap, parseTimeField } from '../history/csv/ohlcv.js';
import { csvLines } from '../history/csv/fields.js';
import { ZoneClock } from '../history/csv/time-zone.js';
import { CsvFormatError, YAHOO_HEADER } from '../history/csv/yahoo.js';
import { historyDatabasePath } from '../history/history-db.js';
import { HistoryStore } from '../history/store.js';
import { isDailyOrLonger, MS_PER_DAY, parseTimeframe } from '../history/timeframes.js';
import { resolveDataDir } from '../services/data-dir.js';
import { ProgressBar } from './progress.js';

export const HISTORY_COMMANDS = ['import', 'export'] as const;

export const IMPORT_HELP = `Import and export bars of the history store (<data dir>/history.sqlite)

Usage:
  workstation import --file F.csv --symbol SYM [--format yahoo|ohlcv] [--map time=Date,open=O,...]
                     [--tz ZONE] [--timeframe 1Min|...|1Day] [--data-dir DIR] [--json]
  workstation export --symbol SYM [--timeframe 1Day] [--format yahoo|ohlcv] [--file OUT.csv]
                     [--from DATE] [--to DATE] [--data-dir DIR]

import   Reads the whole file, checks every line, then writes all rows in one transaction: a
         malformed file is refused with its line and reason and nothing is written. Rows already
         stored with the same values are left as they are ("0 new / N unchanged" on a re-import);
         rows with other values replace the stored ones. A progress bar is drawn on a terminal.
         --format: yahoo (Date,Open,High,Low,Close,Adj Close,Volume) or ohlcv (default when the
         header is not Yahoo's): a header naming date|datetime|time|timestamp, open, high, low, close,
         volume (optional: adj close, vwap, trades) in any case and order. --map names other
         columns: fields time, open, high, low, close, volume, adjClose, vwap, trades. Time may be a
         date (YYYY-MM-DD, stored at 00:00 UTC), epoch seconds or milliseconds, or an ISO timestamp:
         with a zone (Z or -05:00) it is read as written, without one it is wall time in --tz
         (an IANA name such as America/New_York; default UTC; DST-correct). The summary says the
         zone assumed. --timeframe: Yahoo files are 1Day; other files' timeframe is inferred from
         the spacing of their times when not given.
export   Writes a series as CSV to --file or stdout; --format yahoo (daily bars; the default for
         daily) or ohlcv (time,open,high,low,close,volume; the default for intraday). --from/--to
         (inclusive) take a date or an ISO timestamp (without a zone: in --tz, default UTC).
`;

interface HistoryCommandValues {
  file?: string;
  symbol?: string;
  format?: string;
  map?: string;
  timeframe?: string;
  tz?: string;
  from?: string;
  to?: string;
  'data-dir'?: string;
  json?: boolean;
  help?: boolean;
}

function parse(argv: string[]): HistoryCommandValues {
  try {
    return parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        file: { type: 'string' },
        symbol: { type: 'string' },
        format: { type: 'string' },
        map: { type: 'string' },
        timeframe: { type: 'string' },
        tz: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new CodedError('BAD_REQUEST', `${flag} is required (see --help)`);
  return value;
}

function parseFormat(value: string | undefined): CsvFormat | undefined {
  if (value === undefined) return undefined;
  if (value === 'yahoo' || value === 'ohlcv') return value;
  throw new CodedError('BAD_REQUEST', `--format must be yahoo or ohlcv, got "${value}"`);
}

/** Yahoo when the header is Yahoo's, else generic OHLCV. */
function detectFormat(file: string): CsvFormat {
  let head = '';
  try {
    head = csvLines(readFileSync(file, 'utf8').slice(0, 4096))[0] ?? '';
  } catch {
    // The import itself reports an unreadable file.
  }
  return head.split(',').map((h) => h.trim().toLowerCase()).join(',') === YAHOO_HEADER.join(',').toLowerCase() ? 'yahoo' : 'ohlcv';
}

function parseBound(value: string | undefined, flag: string, timeframe: Timeframe, end: boolean, zone: ZoneClock): EpochMs | undefined {
  if (value === undefined) return undefined;
  const t = parseTimeField(value, zone);
  if (typeof t === 'string') throw new CodedError('BAD_REQUEST', `${flag}: ${t}`);
  // A date as --to means the whole day, for intraday bars too.
  return end && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isDailyOrLonger(timeframe) ? t + MS_PER_DAY - 1 : t;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function runImport(values: HistoryCommandValues): number {
  const file = required(values.file, '--file');
  const symbol = required(values.symbol, '--symbol');
  const timeframe = values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe);
  const format = parseFormat(values.format) ?? (values.map ? 'ohlcv' : detectFormat(file));
  if (format === 'yahoo' && values.map) throw new CodedError('BAD_REQUEST', '--map applies to --format ohlcv only');
  // The zone is checked before anything is opened: a bad name is refused as such.
  const zone = values.tz === undefined ? undefined : new ZoneClock(values.tz).zone;
  const map = values.map ? parseColumnMap(values.map) : undefined;
  const database = historyDatabasePath(resolveDataDir(values['data-dir']));
  const store = HistoryStore.open(database);
  const progress = new ProgressBar(`importing ${basename(file)}`, { stream: process.stdout });
  try {
    const result = importCsvFile(store, { file, symbol, format, ...(timeframe ? { timeframe } : {}), ...(map ? { map } : {}), ...(zone ? { zone } : {}) }, (done, total) => progress.update(done, total));
    progress.done();
    const stored = store.count(result.symbol, result.timeframe);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...result, format, database, stored })}\n`);
    } else {
      process.stdout.write(
        `${result.symbol} ${result.timeframe} from ${file} (${format}): ${plural(result.written, 'row')}: ` +
          `${result.inserted.toLocaleString('en-US')} new / ${result.updated.toLocaleString('en-US')} updated / ${result.unchanged.toLocaleString('en-US')} unchanged\n` +
          (result.timeframeInferred && format !== 'yahoo' ? `timeframe ${result.timeframe} inferred from the spacing of the rows (pass --timeframe to say otherwise)\n` : '') +
          (result.assumedZone ? `times without a zone were read as ${result.assumedZone}${values.tz === undefined ? ' (pass --tz to say otherwise)' : ''}\n` : '') +
          `history: ${database} holds ${plural(stored, 'bar')} of ${result.symbol} ${result.timeframe}\n`,
      );
    }
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof CsvFormatError) {
      throw new CodedError('BAD_REQUEST', `refused ${error.file} at line ${error.line}: ${error.reason}; nothing was imported`);
    }
    throw error;
  } finally {
    store.close();
  }
}

function runExport(values: HistoryCommandValues): number {
  const symbol = required(values.symbol, '--symbol');
  const timeframe = values.timeframe === undefined ? '1Day' : parseTimeframe(values.timeframe);
  const format = parseFormat(values.format) ?? (isDailyOrLonger(timeframe) ? 'yahoo' : 'ohlcv');
  const zone = new ZoneClock(values.tz ?? 'UTC');
  const from = parseBound(values.from, '--from', timeframe, false, zone);
  const to = parseBound(values.to, '--to', timeframe, true, zone);
  const database = historyDatabasePath(resolveDataDir(values['data-dir']));
  let store: HistoryStore;
  try {
    store = HistoryStore.open(database, { readonly: true });
  } catch (error) {
    throw new CodedError('NOT_FOUND', `no history to export (${error instanceof Error ? error.message : String(error)}); import bars first`);
  }
  const fd = values.file === undefined ? 1 : openSync(values.file, 'w');
  try {
    const total = store.count(symbol, timeframe, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
    if (total === 0) throw new CodedError('NOT_FOUND', `no ${symbol.toUpperCase()} ${timeframe} bars in ${database}${from !== undefined || to !== undefined ? ' in that range' : ''}`);
    // The bar goes to stderr: stdout may be the CSV itself.
    const progress = new ProgressBar(`exporting ${symbol.toUpperCase()} ${timeframe}`, { stream: process.stderr });
    let done = 0;
    const count = exportCsv(store, { symbol, timeframe, format, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }, (text) => {
      writeSync(fd, text);
      done += text === '' ? 0 : text.split('\n').length - 1;
      progress.update(Math.min(done, total), total);
    });
    progress.done();
    if (values.file !== undefined) process.stdout.write(`exported ${plural(count, 'bar')} of ${symbol.toUpperCase()} ${timeframe} to ${values.file} (${format})\n`);
    return 0;
  } finally {
    if (fd !== 1) closeSync(fd);
    store.close();
  }
}

/** `import` and `export`: they take their own options, so they are dispatched before the general parser. */
export function runHistoryCommand(command: string, argv: string[]): number {
  const values = parse(argv);
  if (values.help) {
    process.stdout.write(IMPORT_HELP);
    return 0;
  }
  return command === 'import' ? runImport(values) : runExport(values);
}
