import { parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { emptyColumns, type BarColumns } from '../../src-shared/domain/bar-columns.js';
import { CatalogError } from './errors.js';
import { decodePlainChunk, NotPlain, planPlainColumns, type PlainColumn } from './plain-pages.js';
import { ObjectBuffer } from './range-buffer.js';

/** Written into every file's key-value metadata; a reader refuses files of another format version. */
export const FORMAT_KEY = 'workstation.catalog.format';
export const FORMAT_VERSION = 'bars/1';
export const PRICE_COLUMNS = ['o', 'h', 'l', 'c', 'v'] as const;

/** One row group as a reader plans with it: its rows, its time span (from the column statistics) and its bytes. */
export interface GroupInfo {
  rowStart: number;
  rowEnd: number;
  tMin: number;
  tMax: number;
  byteStart: number;
  byteEnd: number;
}

export interface BarFileFooter {
  /** The footer with `t` read as plain INT64 (see readFooter). */
  metadata: FileMetaData;
  groups: GroupInfo[];
  rows: number;
  symbol: string | undefined;
  timeframe: string | undefined;
  /** t, o, h, l, c, v as the plain page decoder reads them; undefined: the file is decoded by hyparquet. */
  plain: PlainColumn[] | undefined;
}

export interface EncodeOptions {
  symbol: string;
  timeframe: Timeframe;
  /** Rows per row group (default 5000): the unit a range read fetches and skips by. */
  rowGroupSize?: number;
  /** Page compression (default 'none'; see encodeBars). */
  compression?: CatalogCompression;
}

/**
 * 'none' (the default): pages stored as they are, so a price page decodes as one byte copy into the result; a
 * scan runs about three times faster than with Snappy (bench/catalog.ts) for about twice the bytes on disk.
 * 'snappy': half the bytes for price digits like the bench's, decoded by hysnappy's WebAssembly Snappy.
 */
export type CatalogCompression = 'none' | 'snappy';
export const CATALOG_COMPRESSIONS: readonly CatalogCompression[] = ['none', 'snappy'];

/**
 * Bars as one Parquet file: `t` INT64 TIMESTAMP(MILLIS, UTC) in delta encoding, `o h l c v` DOUBLE in PLAIN, not
 * nullable, uncompressed pages (or Snappy: options.compression), min/max statistics of `t` per row group (what
 * lets a reader skip groups outside its range).
 * Any Parquet reader (DuckDB, pandas, Spark) reads these files as a table.
 */
export function encodeBars(columns: BarColumns, options: EncodeOptions): Uint8Array {
  const n = columns.t.length;
  const t = new BigInt64Array(n);
  for (let i = 0; i < n; i++) t[i] = BigInt(columns.t[i]!);
  const buffer = parquetWriteBuffer({
    codec: parquetCodec(options.compression ?? 'none'),
    statistics: true,
    rowGroupSize: options.rowGroupSize ?? 5000,
    kvMetadata: [
      { key: FORMAT_KEY, value: FORMAT_VERSION },
      { key: 'symbol', value: options.symbol },
      { key: 'timeframe', value: options.timeframe },
    ],
    createdBy: 'alpaca-workstation catalog',
    columnData: [
      { name: 't', data: t, type: 'TIMESTAMP', nullable: false, encoding: 'DELTA_BINARY_PACKED' },
      // Statistics on t only: they are what a reader prunes by, and the writer's min/max pass over five price
      // columns took about a fifth of an import's time.
      ...PRICE_COLUMNS.map((name) => ({ name, data: columns[name], type: 'DOUBLE' as const, nullable: false, encoding: 'PLAIN' as const, statistics: false })),
    ],
  });
  return new Uint8Array(buffer);
}

export function parquetCodec(compression: CatalogCompression): 'UNCOMPRESSED' | 'SNAPPY' {
  return compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED';
}

/** True when every column chunk of the file is compressed with `compression` (compact rewrites the others). */
export function hasCompression(footer: BarFileFooter, compression: CatalogCompression): boolean {
  const codec = parquetCodec(compression);
  return footer.metadata.row_groups.every((group) => group.columns.every((column) => column.meta_data?.codec === codec));
}

function statNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return undefined;
}

/**
 * Reads a file's footer (one ranged read of its tail, a second only for a footer over 64 KiB) and plans its row
 * groups. The `t` column's TIMESTAMP annotation is dropped from the schema the decoder sees, so times decode as
 * one BigInt64Array per page instead of one Date per value (ten times faster; bench/catalog.ts).
 */
export async function readFooter(file: AsyncBuffer, name: string): Promise<BarFileFooter> {
  let parsed: FileMetaData;
  try {
    parsed = await parquetMetadataAsync(file, { initialFetchSize: 64 * 1024 });
  } catch (error) {
    if (error instanceof CatalogError) throw error;
    throw new CatalogError('CATALOG_CORRUPT', `${name} is not a readable Parquet file (${error instanceof Error ? error.message : String(error)}); delete it and import its bars again`);
  }
  const kv = new Map((parsed.key_value_metadata ?? []).map((entry) => [entry.key, entry.value]));
  const version = kv.get(FORMAT_KEY);
  if (version !== undefined && version !== FORMAT_VERSION) {
    throw new CatalogError('CATALOG_CORRUPT', `${name} is catalog format ${version}; this workstation reads ${FORMAT_VERSION} (update it)`);
  }
  const names = parsed.schema.slice(1).map((element) => element.name);
  for (const column of ['t', ...PRICE_COLUMNS]) {
    if (!names.includes(column)) throw new CatalogError('CATALOG_CORRUPT', `${name} has no "${column}" column; a bar file has t, o, h, l, c, v`);
  }
  const tIndex = names.indexOf('t');
  const schema = parsed.schema.map((element) => {
    if (element.name !== 't') return element;
    const { converted_type: _converted, logical_type: _logical, ...plain } = element;
    return plain;
  });
  const metadata: FileMetaData = { ...parsed, schema };
  const groups: GroupInfo[] = [];
  let row = 0;
  for (const group of parsed.row_groups) {
    const rows = Number(group.num_rows);
    const stats = group.columns[tIndex]?.meta_data?.statistics;
    const tMin = statNumber(stats?.min_value ?? stats?.min);
    const tMax = statNumber(stats?.max_value ?? stats?.max);
    let byteStart = Number.POSITIVE_INFINITY;
    let byteEnd = 0;
    for (const column of group.columns) {
      const meta = column.meta_data;
      if (!meta) continue;
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      byteStart = Math.min(byteStart, start);
      byteEnd = Math.max(byteEnd, start + Number(meta.total_compressed_size));
    }
    groups.push({
      rowStart: row,
      rowEnd: row + rows,
      // A group without statistics is read whatever the range (it cannot be skipped safely).
      tMin: tMin ?? Number.NEGATIVE_INFINITY,
      tMax: tMax ?? Number.POSITIVE_INFINITY,
      byteStart: Number.isFinite(byteStart) ? byteStart : 0,
      byteEnd,
    });
    row += rows;
  }
  const plain = planPlainColumns(metadata, ['t', ...PRICE_COLUMNS]);
  return { metadata, groups, rows: row, symbol: kv.get('symbol'), timeframe: kv.get('timeframe'), plain };
}

function viewOf(columns: BarColumns, start: number, end: number): BarColumns {
  return {
    t: columns.t.subarray(start, end),
    o: columns.o.subarray(start, end),
    h: columns.h.subarray(start, end),
    l: columns.l.subarray(start, end),
    c: columns.c.subarray(start, end),
    v: columns.v.subarray(start, end),
  };
}

/** The groups whose time span meets [from, to] (both inclusive). */
export function groupsInRange(footer: BarFileFooter, from: number, to: number): GroupInfo[] {
  return footer.groups.filter((g) => g.tMax >= from && g.tMin <= to);
}

/**
 * Decodes rows [rowStart, rowEnd) of a file into columns. `file` should already hold those rows' bytes (see
 * prefetched in catalog.ts): hyparquet asks for each column chunk separately.
 */
export async function decodeRows(
  file: AsyncBuffer,
  footer: BarFileFooter,
  rowStart: number,
  rowEnd: number,
  name: string,
  into?: { columns: BarColumns; at: number },
): Promise<BarColumns> {
  // Straight into the caller's columns when given (readBars sizes them once): no copy of a copy.
  const out = into ? viewOf(into.columns, into.at, into.at + (rowEnd - rowStart)) : emptyColumns(rowEnd - rowStart);
  if (footer.plain) {
    try {
      await decodePlain(file, footer, footer.plain, rowStart, rowEnd, out);
      return out;
    } catch (error) {
      // Not in the shape the plain decoder reads after all: hyparquet decodes it below (and reports real damage).
      if (!(error instanceof NotPlain) && !(error instanceof RangeError)) throw corrupt(name, rowStart, rowEnd, error);
    }
  }
  try {
    await parquetRead({
      file,
      metadata: footer.metadata,
      columns: ['t', ...PRICE_COLUMNS],
      rowStart,
      rowEnd,
      // hysnappy's WebAssembly Snappy (bundled in the package, nothing fetched): several times hyparquet's own.
      compressors,
      onChunk(chunk) {
        // Chunks may start before rowStart or run past rowEnd (whole pages); copy only the rows asked for.
        const from = Math.max(chunk.rowStart, rowStart);
        const to = Math.min(chunk.rowEnd, rowEnd);
        if (to <= from) return;
        const source = chunk.columnData;
        const offset = from - chunk.rowStart;
        const at = from - rowStart;
        if (chunk.columnName === 't') {
          const target = out.t;
          if (source instanceof BigInt64Array) {
            // Two 32-bit halves instead of Number(bigint) per value: times fit 53 bits, little-endian words.
            const words = new Int32Array(source.buffer, source.byteOffset + offset * 8, (to - from) * 2);
            for (let i = 0; i < to - from; i++) target[at + i] = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
          } else {
            for (let i = 0; i < to - from; i++) target[at + i] = Number(source[offset + i] as bigint | number);
          }
        } else {
          const target = out[chunk.columnName as (typeof PRICE_COLUMNS)[number]];
          if (source instanceof Float64Array) target.set(source.subarray(offset, offset + (to - from)), at);
          else for (let i = 0; i < to - from; i++) target[at + i] = Number(source[offset + i]);
        }
      },
    });
  } catch (error) {
    throw corrupt(name, rowStart, rowEnd, error);
  }
  return out;
}

function corrupt(name: string, rowStart: number, rowEnd: number, error: unknown): CatalogError {
  if (error instanceof CatalogError) return error;
  return new CatalogError('CATALOG_CORRUPT', `${name}: rows ${rowStart}-${rowEnd - 1} cannot be decoded (${error instanceof Error ? error.message : String(error)}); delete the file and import its bars again`);
}

const COLUMN_NAMES = ['t', ...PRICE_COLUMNS] as const;

/** Rows [rowStart, rowEnd) through the plain page decoder (plain-pages.ts), column chunk by column chunk. */
async function decodePlain(file: AsyncBuffer, footer: BarFileFooter, plan: PlainColumn[], rowStart: number, rowEnd: number, out: BarColumns): Promise<void> {
  for (let g = 0; g < footer.groups.length; g++) {
    const group = footer.groups[g]!;
    if (group.rowEnd <= rowStart || group.rowStart >= rowEnd) continue;
    const from = Math.max(rowStart, group.rowStart) - group.rowStart;
    const to = Math.min(rowEnd, group.rowEnd) - group.rowStart;
    const at = group.rowStart + from - rowStart;
    const chunks = footer.metadata.row_groups[g]!.columns;
    for (let c = 0; c < plan.length; c++) {
      const { index, kind } = plan[c]!;
      const meta = chunks[index]!.meta_data!;
      const start = Number(meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const bytes = file instanceof ObjectBuffer ? await file.bytes(start, end) : new Uint8Array(await file.slice(start, end));
      decodePlainChunk(bytes, kind, meta.codec, compressors, from, to, out[COLUMN_NAMES[c]!], at);
    }
  }
}
