import type { Timeframe } from '../../src-shared/domain/bar.js';
import { emptyColumns, type BarColumns } from '../../src-shared/domain/bar-columns.js';
import { normaliseSymbol } from '../history/store.js';
import { CatalogError } from './errors.js';
import { FolderStorage, isTempKey } from './folder-storage.js';
import { barFileKey, parseBarFileKey, partitionOf, partitionSpan, partitionUnit, seriesFolder, type BarFileKey } from './layout.js';
import { clip, concatColumns, mergeColumns, normaliseBars, sameColumns, slice } from './merge.js';
import { decodeRows, encodeBars, groupsInRange, hasCompression, readFooter, type BarFileFooter, type CatalogCompression, type GroupInfo } from './parquet-bars.js';
import { ObjectBuffer, PrefetchScratch } from './range-buffer.js';
import { S3Storage, type S3Credentials } from './s3-storage.js';
import type { CatalogStorage } from './storage.js';
import { describeLocation, parseCatalogUri } from './uri.js';

export interface OpenCatalogOptions {
  /** s3:// catalogs: an S3-compatible server (MinIO, s3rver), addressed path-style; absent: AWS S3. */
  s3Endpoint?: string;
  s3Region?: string;
  /** s3:// catalogs: required (resolveS3Credentials finds them in the environment or the keychain). */
  credentials?: S3Credentials;
  /** Tries per S3 request, the first included (default 3). */
  maxAttempts?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Rows per Parquet row group in files this catalog writes (default 5000). */
  rowGroupSize?: number;
  /** Page compression of files this catalog writes (default 'none': fastest to read; parquet-bars.ts). */
  compression?: CatalogCompression;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Rows decoded per step of a scan (default 262144): the most a scan holds at once, whatever the range. */
  chunkRows?: number;
  /**
   * scanBars only: decode every chunk into the same columns, so onChunk's columns are valid only until it returns
   * (copy what you keep). A consumer that folds chunks (sums, indicators, a backtest loop) saves allocating and
   * collecting a set of columns per chunk: about a quarter of a scan's time (bench/catalog.ts).
   */
  reuseChunks?: boolean;
}

/** One catalog file as listed. */
export interface CatalogFile extends BarFileKey {
  key: string;
  bytes: number;
}

/** What a read touched, for tests and the benchmark. */
export interface ReadStats {
  filesListed: number;
  filesOpened: number;
  groupsRead: number;
  groupsSkipped: number;
  requests: number;
  bytesFetched: number;
}

export interface WriteResult {
  symbol: string;
  timeframe: Timeframe;
  bars: number;
  /** Partition files written (new or changed) and left as they were (already held exactly these bars). */
  filesWritten: number;
  filesUnchanged: number;
  /** Bars that were not in the catalog before, and stored bars replaced by different values. */
  inserted: number;
  updated: number;
}

/** Files encoded by planWrite and not yet written. */
export interface WritePlan {
  result: WriteResult;
  puts: Array<{ key: string; bytes: Uint8Array }>;
}

export interface CompactResult {
  filesChecked: number;
  filesRewritten: number;
  tempRemoved: number;
  bytesBefore: number;
  bytesAfter: number;
}


/**
 * The Parquet history catalog (the cold tier behind history.sqlite): bars by timeframe, symbol and partition in a
 * folder or a bucket (layout.ts). Reads open only the partitions a range meets and fetch only the row groups
 * whose time statistics meet it; writes merge into the partition files, skip files whose bars are unchanged,
 * and encode every file before the first is written, so refused input writes nothing.
 */
export class Catalog {
  readonly stats: ReadStats = { filesListed: 0, filesOpened: 0, groupsRead: 0, groupsSkipped: 0, requests: 0, bytesFetched: 0 };

  constructor(
    readonly storage: CatalogStorage,
    readonly description: string,
    private readonly rowGroupSize = 5000,
    private readonly compression: CatalogCompression = 'none',
  ) {}

  close(): void {
    this.storage.close();
  }

  /** Every catalog file, optionally only one symbol's or one timeframe's, sorted by key. */
  async files(filter: { symbol?: string; timeframe?: Timeframe } = {}, signal?: AbortSignal): Promise<CatalogFile[]> {
    return this.listFiles(filter, signal, true);
  }

  /** files(); without sizes a folder is listed without a stat per file (a read sizes only what it opens). */
  private async listFiles(filter: { symbol?: string; timeframe?: Timeframe }, signal: AbortSignal | undefined, sizes: boolean): Promise<CatalogFile[]> {
    const prefix =
      filter.timeframe === undefined ? 'bars/' : filter.symbol === undefined ? `bars/${filter.timeframe}/` : seriesFolder(filter.timeframe, normaliseSymbol(filter.symbol));
    const listed = await this.storage.list(prefix, signal, { sizes });
    this.stats.filesListed += listed.length;
    const out: CatalogFile[] = [];
    for (const item of listed) {
      const parsed = parseBarFileKey(item.key);
      if (!parsed) continue;
      if (filter.symbol !== undefined && parsed.symbol !== normaliseSymbol(filter.symbol)) continue;
      out.push({ ...parsed, key: item.key, bytes: item.size });
    }
    return out;
  }

  /** Bars of one series in [fromMs, toMs] (both inclusive, either open), ascending, as columns. */
  async readBars(symbol: string, timeframe: Timeframe, fromMs?: number, toMs?: number, options: ReadOptions = {}): Promise<BarColumns> {
    const name = normaliseSymbol(symbol);
    const from = fromMs ?? Number.NEGATIVE_INFINITY;
    const to = toMs ?? Number.POSITIVE_INFINITY;
    if (from > to) return emptyColumns(0);
    const files = (await this.listFiles({ symbol: name, timeframe }, options.signal, false)).filter((f) => f.span[1] >= from && f.span[0] <= to);
    // Every footer first (a few at a time: on S3 each is a round trip), so the result is sized once and each run
    // of row groups decodes straight into it; rows outside the range can only sit at its two ends.
    const opened: Array<Awaited<ReturnType<Catalog['openFile']>>> = new Array(files.length);
    const scratch = new PrefetchScratch();
    for (let i = 0; i < files.length; i += 8) {
      const batch = await Promise.all(files.slice(i, i + 8).map((f) => this.openFile(f, options.signal, scratch)));
      batch.forEach((o, k) => (opened[i + k] = o));
    }
    const plans = opened.map((o) => {
      const groups = groupsInRange(o.footer, from, to);
      this.stats.groupsSkipped += o.footer.groups.length - groups.length;
      return { o, runs: runs(groups, Math.max(1, options.chunkRows ?? 262_144)) };
    });
    const total = plans.reduce((sum, p) => sum + p.runs.reduce((n, run) => n + (run[run.length - 1]!.rowEnd - run[0]!.rowStart), 0), 0);
    const out = emptyColumns(total);
    let at = 0;
    for (const { o, runs: fileRuns } of plans) {
      for (const run of fileRuns) {
        const first = run[0]!;
        const last = run[run.length - 1]!;
        await o.buffer.prefetch(first.byteStart, last.byteEnd);
        await decodeRows(o.buffer, o.footer, first.rowStart, last.rowEnd, `${this.description}/${o.file.key}`, { columns: out, at });
        o.buffer.release();
        this.stats.groupsRead += run.length;
        at += last.rowEnd - first.rowStart;
      }
      this.stats.requests += o.buffer.requests;
      this.stats.bytesFetched += o.buffer.bytesFetched;
    }
    return clip(out, from, to);
  }

  /**
   * The same bars as readBars, handed over in ascending chunks of at most `chunkRows` (memory stays bounded
   * whatever the range: a scan over 100M bars holds one chunk). Returns the number of bars scanned.
   */
  async scanBars(
    symbol: string,
    timeframe: Timeframe,
    fromMs: number | undefined,
    toMs: number | undefined,
    onChunk: (columns: BarColumns) => void | Promise<void>,
    options: ReadOptions = {},
  ): Promise<number> {
    const name = normaliseSymbol(symbol);
    const from = fromMs ?? Number.NEGATIVE_INFINITY;
    const to = toMs ?? Number.POSITIVE_INFINITY;
    if (from > to) return 0;
    const files = (await this.listFiles({ symbol: name, timeframe }, options.signal, false)).filter((f) => f.span[1] >= from && f.span[0] <= to);
    const chunkRows = Math.max(1, options.chunkRows ?? 262_144);
    const reused: { columns: BarColumns } = { columns: emptyColumns(0) };
    let count = 0;
    // The next file's footer is fetched while this one decodes: on S3 that hides one round trip per file.
    const scratch = new PrefetchScratch();
    let next = files.length > 0 ? this.openFile(files[0]!, options.signal, scratch) : undefined;
    for (let i = 0; i < files.length; i++) {
      const opened = await next!;
      next = i + 1 < files.length ? this.openFile(files[i + 1]!, options.signal, scratch) : undefined;
      next?.catch(() => undefined);
      count += await this.scanOpened(opened, from, to, onChunk, chunkRows, options.reuseChunks ? reused : undefined);
    }
    return count;
  }

  /**
   * The last `limit` bars of [fromMs, toMs], ascending: partitions are read newest first and reading stops once
   * enough bars are in hand (a chart asking for the latest 1000 minute bars opens one or two files, not years).
   */
  async readLatest(symbol: string, timeframe: Timeframe, fromMs: number | undefined, toMs: number | undefined, limit: number, options: ReadOptions = {}): Promise<BarColumns> {
    const name = normaliseSymbol(symbol);
    const from = fromMs ?? Number.NEGATIVE_INFINITY;
    const to = toMs ?? Number.POSITIVE_INFINITY;
    if (from > to || limit <= 0) return emptyColumns(0);
    const files = (await this.listFiles({ symbol: name, timeframe }, options.signal, false)).filter((f) => f.span[1] >= from && f.span[0] <= to).reverse();
    const parts: BarColumns[] = [];
    let held = 0;
    for (const file of files) {
      const chunks: BarColumns[] = [];
      await this.scanFile(file, from, to, (c) => void chunks.push(c), options);
      const all = chunks.length === 0 ? emptyColumns(0) : concatColumns(chunks);
      parts.unshift(all);
      held += all.t.length;
      if (held >= limit) break;
    }
    const joined = parts.length === 0 ? emptyColumns(0) : concatColumns(parts);
    if (joined.t.length <= limit) return joined;
    const cut = {} as BarColumns;
    for (const f of ['t', 'o', 'h', 'l', 'c', 'v'] as const) cut[f] = joined[f].subarray(joined.t.length - limit);
    return cut;
  }

  /** One file's bars in [from, to] in ascending chunks (see scanBars); returns the number of bars. */
  private async scanFile(file: CatalogFile, from: number, to: number, onChunk: (columns: BarColumns) => void | Promise<void>, options: ReadOptions): Promise<number> {
    const opened = await this.openFile(file, options.signal);
    return this.scanOpened(opened, from, to, onChunk, Math.max(1, options.chunkRows ?? 262_144));
  }

  private async scanOpened(
    opened: { file: CatalogFile; buffer: ObjectBuffer; footer: BarFileFooter },
    from: number,
    to: number,
    onChunk: (columns: BarColumns) => void | Promise<void>,
    chunkRows: number,
    /** Columns every chunk is decoded into (options.reuseChunks); grown to the largest run. */
    reused?: { columns: BarColumns },
  ): Promise<number> {
    let count = 0;
    const groups = groupsInRange(opened.footer, from, to);
    this.stats.groupsSkipped += opened.footer.groups.length - groups.length;
    for (const run of runs(groups, chunkRows)) {
      const first = run[0]!;
      const last = run[run.length - 1]!;
      await opened.buffer.prefetch(first.byteStart, last.byteEnd);
      const rows = last.rowEnd - first.rowStart;
      if (reused && reused.columns.t.length < rows) reused.columns = emptyColumns(Math.max(rows, Math.min(chunkRows, 2 * reused.columns.t.length)));
      const decoded = await decodeRows(opened.buffer, opened.footer, first.rowStart, last.rowEnd, `${this.description}/${opened.file.key}`, reused ? { columns: reused.columns, at: 0 } : undefined);
      opened.buffer.release();
      this.stats.groupsRead += run.length;
      const clipped = clip(decoded, from, to);
      if (clipped.t.length === 0) continue;
      count += clipped.t.length;
      await onChunk(clipped);
    }
    this.stats.requests += opened.buffer.requests;
    this.stats.bytesFetched += opened.buffer.bytesFetched;
    return count;
  }

  /**
   * Merges bars into the series' partition files: new times are added, stored times take the new values. A
   * file that would come out the same is not rewritten, so a second import of the same bars writes nothing.
   * Every file is encoded before the first is written: refused bars leave the catalog as it was.
   */
  async writeBars(symbol: string, timeframe: Timeframe, input: BarColumns, signal?: AbortSignal): Promise<WriteResult> {
    return this.commit(await this.planWrite(symbol, timeframe, input, signal), signal);
  }

  /**
   * The first half of writeBars: checks the bars, reads the partitions they fall in and encodes the merged
   * files, writing nothing. An import of several inputs plans them all, then commits, so one bad input
   * leaves every file as it was.
   */
  async planWrite(symbol: string, timeframe: Timeframe, input: BarColumns, signal?: AbortSignal): Promise<WritePlan> {
    const name = normaliseSymbol(symbol);
    const bars = normaliseBars(name, timeframe, input);
    // Bars are sorted, so each partition is one run of rows: found by its span's end, not a date per bar.
    const byPartition = new Map<string, [number, number]>();
    const unit = partitionUnit(timeframe);
    for (let i = 0; i < bars.t.length; ) {
      const p = partitionOf(timeframe, bars.t[i]!);
      const end = partitionSpan(unit, p)![1];
      let j = i + 1;
      while (j < bars.t.length && bars.t[j]! <= end) j++;
      byPartition.set(p, [i, j]);
      i = j;
    }
    const existing = new Map((await this.files({ symbol: name, timeframe }, signal)).map((f) => [f.partition, f]));
    const puts: Array<{ key: string; bytes: Uint8Array }> = [];
    const result: WriteResult = { symbol: name, timeframe, bars: bars.t.length, filesWritten: 0, filesUnchanged: 0, inserted: 0, updated: 0 };
    for (const [partition, [first, end]] of byPartition) {
      const incoming = slice(bars, first, end);
      const file = existing.get(partition);
      const stored = file ? await this.readFile(file, signal) : emptyColumns(0);
      const merged = mergeColumns(stored, incoming);
      const counts = countChanges(stored, incoming);
      result.inserted += counts.inserted;
      result.updated += counts.updated;
      if (file && sameColumns(stored, merged)) {
        result.filesUnchanged++;
        continue;
      }
      puts.push({ key: barFileKey(timeframe, name, partition), bytes: encodeBars(merged, { symbol: name, timeframe, rowGroupSize: this.rowGroupSize, compression: this.compression }) });
    }
    return { result, puts };
  }

  /** Writes what planWrite encoded (each file whole: a reader sees the old file or the new one). */
  async commit(plan: WritePlan, signal?: AbortSignal): Promise<WriteResult> {
    const result = { ...plan.result };
    for (const { key, bytes } of plan.puts) {
      await this.storage.put(key, bytes, signal);
      result.filesWritten++;
    }
    return result;
  }

  /**
   * Tidies the catalog: removes what interrupted writes left (temporary files), reads every file back in full
   * (a damaged one fails here with its key) and rewrites files whose row groups are not of this catalog's size,
   * whose pages are not in its compression (Snappy files of earlier versions) or whose rows are out of order
   * (files copied in from other tools).
   */
  async compact(signal?: AbortSignal): Promise<CompactResult> {
    const result: CompactResult = { filesChecked: 0, filesRewritten: 0, tempRemoved: 0, bytesBefore: 0, bytesAfter: 0 };
    for (const item of await this.storage.list('bars/', signal)) {
      if (isTempKey(item.key)) {
        await this.storage.delete(item.key, signal);
        result.tempRemoved++;
      }
    }
    for (const file of await this.files({}, signal)) {
      result.filesChecked++;
      result.bytesBefore += file.bytes;
      const opened = await this.openFile(file, signal);
      const columns = await decodeRows(opened.buffer, opened.footer, 0, opened.footer.rows, `${this.description}/${file.key}`);
      const expectedGroups = Math.max(1, Math.ceil(opened.footer.rows / this.rowGroupSize));
      const ordered = isOrdered(columns.t) && columns.t.every((t) => partitionOf(file.timeframe, t) === file.partition);
      if (ordered && opened.footer.groups.length === expectedGroups && hasCompression(opened.footer, this.compression)) {
        result.bytesAfter += file.bytes;
        continue;
      }
      const fixed = normaliseBars(file.symbol, file.timeframe, columns);
      const inside = fixed.t.filter((t) => partitionOf(file.timeframe, t) === file.partition).length;
      if (inside !== fixed.t.length) {
        throw new CatalogError('CATALOG_CORRUPT', `${this.description}/${file.key} holds bars outside ${file.partition}; move it aside and import its bars again`);
      }
      const bytes = encodeBars(fixed, { symbol: file.symbol, timeframe: file.timeframe, rowGroupSize: this.rowGroupSize, compression: this.compression });
      await this.storage.put(file.key, bytes, signal);
      result.filesRewritten++;
      result.bytesAfter += bytes.length;
    }
    return result;
  }

  /** `scratch`: shared by the files of one read, which prefetch and decode one range at a time. */
  private async openFile(listed: CatalogFile, signal?: AbortSignal, scratch?: PrefetchScratch): Promise<{ file: CatalogFile; buffer: ObjectBuffer; footer: BarFileFooter }> {
    let file = listed;
    if (Number.isNaN(file.bytes)) {
      const size = await this.storage.size(file.key, signal);
      if (size === undefined) throw new CatalogError('CATALOG_NOT_FOUND', `${this.description}/${file.key} went away while it was being read (another process deleted or replaced it); run the command again`);
      file = { ...file, bytes: size };
    }
    const buffer = new ObjectBuffer(this.storage, file.key, file.bytes, signal, scratch);
    const footer = await readFooter(buffer, `${this.description}/${file.key}`);
    this.stats.filesOpened++;
    return { file, buffer, footer };
  }

  private async readFile(file: CatalogFile, signal?: AbortSignal): Promise<BarColumns> {
    const opened = await this.openFile(file, signal);
    await opened.buffer.prefetch(0, file.bytes);
    return decodeRows(opened.buffer, opened.footer, 0, opened.footer.rows, `${this.description}/${file.key}`);
  }
}

/** Consecutive groups in runs of at most `maxRows` rows (one fetch and one decode each; at least one group). */
function runs(groups: readonly GroupInfo[], maxRows: number): GroupInfo[][] {
  const out: GroupInfo[][] = [];
  let current: GroupInfo[] = [];
  let rows = 0;
  for (const g of groups) {
    const last = current[current.length - 1];
    const contiguous = last !== undefined && last.rowEnd === g.rowStart;
    if (current.length > 0 && (!contiguous || rows + (g.rowEnd - g.rowStart) > maxRows)) {
      out.push(current);
      current = [];
      rows = 0;
    }
    current.push(g);
    rows += g.rowEnd - g.rowStart;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function isOrdered(t: Float64Array): boolean {
  for (let i = 1; i < t.length; i++) if (!(t[i]! > t[i - 1]!)) return false;
  return true;
}

function countChanges(stored: BarColumns, incoming: BarColumns): { inserted: number; updated: number } {
  let inserted = 0;
  let updated = 0;
  let i = 0;
  for (let j = 0; j < incoming.t.length; j++) {
    const t = incoming.t[j]!;
    while (i < stored.t.length && stored.t[i]! < t) i++;
    if (i >= stored.t.length || stored.t[i] !== t) inserted++;
    else if (
      !Object.is(stored.o[i], incoming.o[j]) ||
      !Object.is(stored.h[i], incoming.h[j]) ||
      !Object.is(stored.l[i], incoming.l[j]) ||
      !Object.is(stored.c[i], incoming.c[j]) ||
      !Object.is(stored.v[i], incoming.v[j])
    )
      updated++;
  }
  return { inserted, updated };
}

/** A catalog on a storage the caller made (tests wrap one to count requests). */
export function catalogOnStorage(storage: CatalogStorage, options: Pick<OpenCatalogOptions, 'rowGroupSize' | 'compression'> = {}): Catalog {
  return new Catalog(storage, storage.description, options.rowGroupSize, options.compression);
}

/**
 * Opens a catalog by URI: a folder (created on first write) or `s3://bucket/prefix`. Nothing is read until
 * the first call; an s3:// URI without credentials is refused here with where to put them.
 */
export function openCatalog(uri: string, options: OpenCatalogOptions = {}): Catalog {
  const location = parseCatalogUri(uri);
  if (location.kind === 'folder') return new Catalog(new FolderStorage(location.root), describeLocation(location), options.rowGroupSize, options.compression);
  if (!options.credentials) {
    throw new CatalogError(
      'CATALOG_AUTH',
      `${describeLocation(location)} needs S3 credentials: store them with \`workstation catalog credentials --access-key-id ID\` (the secret is read from stdin into the keychain) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
    );
  }
  if (options.s3Endpoint !== undefined && !/^https?:\/\/[^/\s]+\/?$/i.test(options.s3Endpoint)) {
    throw new CatalogError('CATALOG_BAD_URI', `--s3-endpoint must be http(s)://host:port, got "${options.s3Endpoint}"`);
  }
  const storage = new S3Storage({
    bucket: location.bucket,
    prefix: location.prefix,
    credentials: options.credentials,
    ...(options.s3Endpoint !== undefined ? { endpoint: options.s3Endpoint.replace(/\/$/, '') } : {}),
    ...(options.s3Region !== undefined ? { region: options.s3Region } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  return new Catalog(storage, storage.description, options.rowGroupSize, options.compression);
}

