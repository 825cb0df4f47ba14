import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { Catalog, WritePlan, WriteResult } from '../catalog/catalog.js';
import { storeS3Credentials } from '../catalog/credentials.js';
import { CatalogError } from '../catalog/errors.js';
import { catalogArgs, openCatalogWithCredentials } from '../catalog/load.js';
import { CATALOG_COMPRESSIONS, type CatalogCompression } from '../catalog/parquet-bars.js';
import { columnsToBars } from '../history/columns.js';
import { csvHeader, csvRows, type CsvFormat } from '../history/csv/export.js';
import { describeSpacing, inferTimeframe } from '../history/csv/infer-timeframe.js';
import { parseColumnMap } from '../history/csv/ohlcv.js';
import { parseCsvColumns } from '../history/csv/parse-columns.js';
import { CsvFormatError } from '../history/csv/yahoo.js';
import { historyDatabasePath } from '../history/history-db.js';
import { HistoryStore } from '../history/store.js';
import { parseTimeframe } from '../history/timeframes.js';
import { symbolFromFile } from '../backtest/load-data.js';
import { resolveDataDir } from '../services/data-dir.js';
import { parseDate } from './backtest/options.js';

export const CATALOG_HELP = `The Parquet history catalog (a folder or an S3-compatible bucket)

Usage:
  workstation catalog import  --catalog URI (--file F.csv ... [--symbol SYM ...] | --from-history [--symbol SYM ...])
                              [--timeframe TF] [--map time=Date,...] [--tz ZONE] [--data-dir DIR] [--json]
                              [--compression none|snappy]
  workstation catalog export  --catalog URI --symbol SYM [--timeframe 1Day] [--from DATE] [--to DATE]
                              (--file OUT.csv | --to-history [--data-dir DIR]) [--format yahoo|ohlcv]
  workstation catalog ls      --catalog URI [--symbol SYM] [--timeframe TF] [--json]
  workstation catalog compact --catalog URI [--compression none|snappy] [--json]
  workstation catalog credentials --access-key-id ID    (the secret is read from stdin into the keychain)

--catalog URI    a folder (created on first import), file:///path, or s3://bucket/prefix; default: env
                 WORKSTATION_CATALOG.
--s3-endpoint U  an S3-compatible server (MinIO, ...) as http(s)://host:port, addressed path-style;
                 default env WORKSTATION_S3_ENDPOINT; none: AWS S3 (--s3-region, default us-east-1).
                 Credentials: WORKSTATION_S3_ACCESS_KEY_ID / WORKSTATION_S3_SECRET_ACCESS_KEY or
                 AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else the keychain (catalog credentials).

import   CSV files (any OHLCV header, Yahoo's included; the symbol is the file name's first word unless
         --symbol names one per file; the timeframe is inferred from the spacing unless given) or the
         history store's series (--from-history; all of them, or --symbol's, or --timeframe's). Every
         input is read and checked and every Parquet file encoded before the first is written: a
         malformed input is refused with its line and nothing is written. Bars already in the catalog
         with the same values leave their file untouched: a second import writes nothing.
export   A series as CSV (--file; ohlcv by default, --format yahoo for daily bars with Adj Close = Close), or into the history store
         (--to-history: the hot cache for the GUI and the backtests' --symbol).
ls       One line per series: files, bytes and the partitions held.
compact  Removes what interrupted writes left, reads every file in full (a damaged one is named), and
         rewrites files whose row groups, compression or order are not the catalog's own.
--compression    pages of the files written: none (default; a scan reads about three times faster) or
                 snappy (about half the bytes for typical prices). compact converts files to it.
Layout:  bars/<timeframe>/<SYMBOL>/<partition>.parquet; partition YYYY-MM (1Min..30Min), YYYY (1Hour,
         4Hour), YYYYs decade (1Day, 1Week, 1Month). See the README's catalog section.
`;

const OPTIONS = {
  catalog: { type: 'string' },
  's3-endpoint': { type: 'string' },
  's3-region': { type: 'string' },
  file: { type: 'string', multiple: true },
  symbol: { type: 'string', multiple: true },
  timeframe: { type: 'string' },
  map: { type: 'string' },
  tz: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string' },
  'from-history': { type: 'boolean' },
  'to-history': { type: 'boolean' },
  'access-key-id': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  compression: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CodedError('BAD_REQUEST', `${error instanceof Error ? error.message : String(error)} (see workstation catalog --help)`);
  }
}

async function openFrom(values: Values): Promise<Catalog> {
  const args = catalogArgs(values);
  if (!args) throw new CodedError('BAD_REQUEST', '--catalog is required: a folder or s3://bucket/prefix (or set WORKSTATION_CATALOG)');
  const compression = values.compression ?? 'none';
  if (!(CATALOG_COMPRESSIONS as readonly string[]).includes(compression)) throw new CodedError('BAD_REQUEST', `--compression must be one of ${CATALOG_COMPRESSIONS.join(', ')}, got "${compression}"`);
  return openCatalogWithCredentials(args.uri, { ...args.options, compression: compression as CatalogCompression });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

function summary(r: WriteResult): string {
  return `${r.symbol} ${r.timeframe}: ${plural(r.bars, 'bar')}: ${r.inserted.toLocaleString('en-US')} new / ${r.updated.toLocaleString('en-US')} updated; ${plural(r.filesWritten, 'file')} written, ${r.filesUnchanged.toLocaleString('en-US')} unchanged`;
}

/** Every CSV file read and checked (nothing opened for writing yet). */
function readCsvInputs(values: Values): Array<{ symbol: string; timeframe: Timeframe; file: string; columns: ReturnType<typeof parseCsvColumns>['columns'] }> {
  const files = values.file ?? [];
  const symbols = values.symbol ?? [];
  if (symbols.length > 0 && symbols.length !== files.length) throw new CodedError('BAD_REQUEST', `--symbol names ${symbols.length} symbols for ${files.length} --file inputs; give one per file or none`);
  const timeframe = values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe);
  const map = values.map ? parseColumnMap(values.map) : undefined;
  return files.map((file, i) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new CatalogError('CATALOG_NOT_FOUND', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; nothing was written`);
    }
    let parsed;
    try {
      parsed = parseCsvColumns(bytes, file, { ...(map ? { map } : {}), ...(values.tz ? { zone: values.tz } : {}) });
    } catch (error) {
      if (error instanceof CsvFormatError) throw new CatalogError('CATALOG_BAD_INPUT', `refused ${error.file} at line ${error.line}: ${error.reason}; nothing was written`);
      throw error;
    }
    let tf = timeframe;
    if (!tf) {
      const inferred = inferTimeframe(parsed.columns.t);
      if (!inferred.timeframe) {
        const spacing = inferred.spacingMs === undefined ? 'one row' : `rows mostly ${describeSpacing(inferred.spacingMs)} apart`;
        throw new CatalogError('CATALOG_BAD_INPUT', `cannot tell the timeframe of ${file} from its times (${spacing}); pass --timeframe; nothing was written`);
      }
      tf = inferred.timeframe;
    }
    return { symbol: symbols[i]?.toUpperCase() ?? symbolFromFile(file), timeframe: tf, file, columns: parsed.columns };
  });
}

async function runImport(values: Values): Promise<number> {
  if ((values.file?.length ?? 0) > 0 === (values['from-history'] ?? false)) throw new CodedError('BAD_REQUEST', 'catalog import takes --file F.csv ... or --from-history (one of them)');
  const catalog = await openFrom(values);
  const results: WriteResult[] = [];
  try {
    if (values.file) {
      const inputs = readCsvInputs(values);
      // Plan every input (checks and encodes), then write: a bad row in the last file writes nothing at all.
      const plans: WritePlan[] = [];
      for (const input of inputs) {
        try {
          plans.push(await catalog.planWrite(input.symbol, input.timeframe, input.columns));
        } catch (error) {
          if (error instanceof CatalogError && error.failure === 'CATALOG_BAD_INPUT') throw new CatalogError('CATALOG_BAD_INPUT', `refused ${input.file}: ${error.message}`);
          throw error;
        }
      }
      for (const plan of plans) results.push(await catalog.commit(plan));
    } else {
      const database = historyDatabasePath(resolveDataDir(values['data-dir']));
      let store: HistoryStore;
      try {
        store = HistoryStore.open(database, { readonly: true });
      } catch (error) {
        throw new CodedError('NOT_FOUND', `no history store at ${database} (${error instanceof Error ? error.message : String(error)})`);
      }
      try {
        const wanted = new Set((values.symbol ?? []).map((s) => s.toUpperCase()));
        const timeframe = values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe);
        const series = store.coverage().filter((s) => (wanted.size === 0 || wanted.has(s.symbol)) && (timeframe === undefined || s.timeframe === timeframe));
        if (series.length === 0) throw new CodedError('NOT_FOUND', `no matching series in ${database}; see \`workstation export --help\` for what it holds`);
        // The store's bars were checked when they went in: series are written one by one.
        for (const s of series) results.push(await catalog.writeBars(s.symbol, s.timeframe, store.readColumns(s.symbol, s.timeframe)));
      } finally {
        store.close();
      }
    }
  } finally {
    catalog.close();
  }
  if (values.json) process.stdout.write(`${JSON.stringify({ catalog: catalog.description, results })}\n`);
  else process.stdout.write(`${results.map(summary).join('\n')}\ncatalog: ${catalog.description}\n`);
  return 0;
}

async function runExport(values: Values): Promise<number> {
  const symbol = values.symbol?.[0];
  if (!symbol || (values.symbol?.length ?? 0) > 1) throw new CodedError('BAD_REQUEST', 'catalog export takes one --symbol');
  if ((values.file?.length ?? 0) > 0 === (values['to-history'] ?? false)) throw new CodedError('BAD_REQUEST', 'catalog export writes to --file OUT.csv or --to-history (one of them)');
  const timeframe = values.timeframe === undefined ? '1Day' : parseTimeframe(values.timeframe);
  const from = parseDate(values.from, '--from', false);
  const to = parseDate(values.to, '--to', true);
  // ohlcv by default: the catalog holds no adjusted close, which a Yahoo file would have to make up.
  const format: CsvFormat = values.format === 'yahoo' || values.format === 'ohlcv' ? values.format : 'ohlcv';
  if (values.format !== undefined && values.format !== format) throw new CodedError('BAD_REQUEST', `--format must be yahoo or ohlcv, got "${values.format}"`);
  const catalog = await openFrom(values);
  try {
    const columns = await catalog.readBars(symbol, timeframe, from, to);
    if (columns.t.length === 0) throw new CatalogError('CATALOG_NOT_FOUND', `no ${symbol.toUpperCase()} ${timeframe} bars in ${catalog.description}${from !== undefined || to !== undefined ? ' in that range' : ''}`);
    const bars = columnsToBars(columns);
    if (values['to-history']) {
      const database = historyDatabasePath(resolveDataDir(values['data-dir']));
      const store = HistoryStore.open(database);
      try {
        const r = store.writeBars(symbol, timeframe, bars, 'catalog');
        process.stdout.write(`${symbol.toUpperCase()} ${timeframe}: ${plural(r.written, 'bar')} into ${database}: ${r.inserted} new / ${r.updated} updated / ${r.unchanged} unchanged\n`);
      } finally {
        store.close();
      }
      return 0;
    }
    const file = values.file![0]!;
    // Written beside the target and renamed over it: a failed export leaves no half file.
    const temp = `${file}.tmp-${process.pid}`;
    try {
      writeFileSync(temp, csvHeader(format, timeframe) + csvRows(format, timeframe, bars));
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw new CodedError('UNAVAILABLE', `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    process.stdout.write(`exported ${plural(bars.length, 'bar')} of ${symbol.toUpperCase()} ${timeframe} to ${file} (${format})\n`);
    return 0;
  } finally {
    catalog.close();
  }
}

async function runLs(values: Values): Promise<number> {
  const catalog = await openFrom(values);
  try {
    const timeframe = values.timeframe === undefined ? undefined : parseTimeframe(values.timeframe);
    const symbol = values.symbol?.[0];
    const files = await catalog.files({ ...(timeframe ? { timeframe } : {}), ...(symbol && timeframe ? { symbol } : {}) });
    const picked = symbol ? files.filter((f) => f.symbol === symbol.toUpperCase()) : files;
    const series = new Map<string, { symbol: string; timeframe: Timeframe; files: number; bytes: number; partitions: string[] }>();
    for (const f of picked) {
      const key = `${f.timeframe} ${f.symbol}`;
      const entry = series.get(key) ?? { symbol: f.symbol, timeframe: f.timeframe, files: 0, bytes: 0, partitions: [] };
      entry.files++;
      entry.bytes += f.bytes;
      entry.partitions.push(f.partition);
      series.set(key, entry);
    }
    const list = [...series.values()];
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ catalog: catalog.description, series: list }, null, 2)}\n`);
      return 0;
    }
    const lines = list.map((s) => `${s.timeframe.padEnd(6)} ${s.symbol.padEnd(10)} ${plural(s.files, 'file').padStart(10)} ${(s.bytes / 1e6).toFixed(2).padStart(10)} MB  ${s.partitions[0]}..${s.partitions[s.partitions.length - 1]}`);
    process.stdout.write(`${catalog.description}: ${list.length.toLocaleString('en-US')} series\n${lines.join('\n')}${lines.length ? '\n' : ''}`);
    return 0;
  } finally {
    catalog.close();
  }
}

async function runCompact(values: Values): Promise<number> {
  const catalog = await openFrom(values);
  try {
    const r = await catalog.compact();
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else
      process.stdout.write(
        `${catalog.description}: ${plural(r.filesChecked, 'file')} checked, ${r.filesRewritten} rewritten, ${r.tempRemoved} leftover temporary files removed; ` +
          `${(r.bytesBefore / 1e6).toFixed(2)} MB -> ${(r.bytesAfter / 1e6).toFixed(2)} MB\n`,
      );
    return 0;
  } finally {
    catalog.close();
  }
}

async function runCredentials(values: Values): Promise<number> {
  const id = values['access-key-id']?.trim();
  if (!id) throw new CodedError('BAD_REQUEST', 'catalog credentials takes --access-key-id ID and reads the secret from stdin');
  const secret = readFileSync(0, 'utf8').trim();
  if (secret === '') throw new CodedError('BAD_REQUEST', 'no secret on stdin: pipe it in, e.g. `workstation catalog credentials --access-key-id ID < secret.txt`');
  const where = await storeS3Credentials({ accessKeyId: id, secretAccessKey: secret });
  process.stdout.write(`S3 access key ${id.slice(0, 4)}… stored in ${where}\n`);
  return 0;
}

export async function runCatalogCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const values = parse(rest);
  if (values.help || sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(CATALOG_HELP);
    return 0;
  }
  switch (sub) {
    case 'import':
      return runImport(values);
    case 'export':
      return runExport(values);
    case 'ls':
      return runLs(values);
    case 'compact':
      return runCompact(values);
    case 'credentials':
      return runCredentials(values);
    default:
      throw new CodedError('BAD_REQUEST', `unknown catalog command "${sub}" (import, export, ls, compact, credentials)`);
  }
}
