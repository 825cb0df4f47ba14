import type { Database, Statement } from 'better-sqlite3';
import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { SessionCalendar } from './calendar.js';
import { nyseCalendar } from './calendar.js';
import { columnsFromRows, emptyColumns, grow, type BarColumns } from './columns.js';
import { findGaps, type Gap } from './gaps.js';
import { openHistoryDatabase, type HistoryDatabaseOptions } from './history-db.js';
import { storageTime } from './timeframes.js';

/** A stored bar: a Bar, plus the adjusted close when its source gave one (Yahoo files do). */
export interface StoredBar extends Bar {
  adjClose?: number;
}

/** Time range of a read, both ends inclusive (as Alpaca's start and end), in UTC epoch ms. */
export interface BarRange {
  from?: EpochMs;
  to?: EpochMs;
  /** At most this many bars: the first ones of the range, or the last ones with `fromEnd`. Always returned ascending. */
  limit?: number;
  fromEnd?: boolean;
}

/** What one write did, row by row: `written` = inserted + updated + unchanged. */
export interface WriteSummary {
  written: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface WriteOptions {
  /** Called between statement chunks inside the write's transaction: rows handled so far, rows in total. */
  onProgress?: (done: number, total: number) => void;
}

export interface SeriesCoverage {
  symbol: string;
  timeframe: Timeframe;
  first: EpochMs;
  last: EpochMs;
  count: number;
}

export interface GapQuery {
  from: EpochMs;
  to: EpochMs;
  calendar?: SessionCalendar;
}

const SYMBOL = /^[A-Z0-9][A-Z0-9./-]{0,31}$/;
/** Rows per multi-row INSERT: one call into SQLite per chunk instead of per row (9 parameters a row). */
const INSERT_CHUNK = 256;
const READ_COLUMNS = 't, o, h, l, c, v';
type RawRow = [number, number, number, number, number, number, number | null];

export function normaliseSymbol(symbol: string): string {
  const upper = symbol.trim().toUpperCase();
  if (!SYMBOL.test(upper)) {
    throw new CodedError('BAD_REQUEST', `symbol "${symbol}" is not a valid ticker (letters, digits, ".", "/", "-"; up to 32)`);
  }
  return upper;
}

function describeBar(symbol: string, timeframe: Timeframe, index: number, bar: Bar): string {
  const when = Number.isFinite(bar.t) ? new Date(bar.t).toISOString() : String(bar.t);
  return `${symbol} ${timeframe} bar #${index + 1} (${when})`;
}

function checkBar(symbol: string, timeframe: Timeframe, index: number, bar: StoredBar): void {
  if (!Number.isSafeInteger(bar.t)) throw new CodedError('BAD_REQUEST', `${describeBar(symbol, timeframe, index, bar)}: time is not an integer epoch ms`);
  const { o, h, l, c, v } = bar;
  if (!(Number.isFinite(o) && Number.isFinite(h) && Number.isFinite(l) && Number.isFinite(c) && Number.isFinite(v))) {
    throw new CodedError('BAD_REQUEST', `${describeBar(symbol, timeframe, index, bar)}: open, high, low, close and volume must be finite numbers`);
  }
  if (bar.adjClose !== undefined && !Number.isFinite(bar.adjClose)) {
    throw new CodedError('BAD_REQUEST', `${describeBar(symbol, timeframe, index, bar)}: adjusted close must be a finite number`);
  }
}

/**
 * Bars by (symbol, timeframe, t) on SQLite. Writes are upserts in one transaction per call: identical bars change
 * nothing, corrected bars replace earlier ones, and a call that fails leaves no row behind. Daily and longer bars
 * are stored (and returned) at 00:00 UTC of their session date, whatever time their source labelled them with
 * (see storageTime). Reads on this class are synchronous: use HistoryReadClient for large ranges on main.
 */
export class HistoryStore {
  private readonly seriesIds = new Map<string, number>();
  private readonly sourceIds = new Map<string, number>();
  private readonly insertStatements = new Map<number, Statement<unknown[]>>();
  private readonly selectSeries: Statement<[string, string], { id: number }>;
  private readonly insertSeries: Statement<[string, string]>;
  private readonly selectSource: Statement<[string], { id: number }>;
  private readonly insertSource: Statement<[string]>;
  private readonly update: Statement<unknown[]>;
  private readonly readDesc: Statement<[number, number, number, number], Bar>;
  private readonly readRaw: Statement<[number, number, number, number], RawRow>;
  private readonly readTimes: Statement<[number, number, number], number>;

  constructor(readonly db: Database) {
    this.selectSeries = db.prepare('SELECT id FROM series WHERE symbol = ? AND timeframe = ?');
    this.insertSeries = db.prepare('INSERT OR IGNORE INTO series (symbol, timeframe) VALUES (?, ?)');
    this.selectSource = db.prepare('SELECT id FROM sources WHERE name = ?');
    this.insertSource = db.prepare('INSERT OR IGNORE INTO sources (name) VALUES (?)');
    this.update = db.prepare('UPDATE bars SET o = ?, h = ?, l = ?, c = ?, v = ?, adj_close = ?, source_id = ? WHERE series_id = ? AND t = ?');
    const range = 'series_id = ? AND t >= ? AND t <= ?';
    this.readDesc = db.prepare(`SELECT ${READ_COLUMNS} FROM bars WHERE ${range} ORDER BY t DESC LIMIT ?`);
    this.readRaw = db.prepare(`SELECT ${READ_COLUMNS}, adj_close FROM bars WHERE ${range} ORDER BY t LIMIT ?`).raw(true) as unknown as Statement<
      [number, number, number, number],
      RawRow
    >;
    this.readTimes = db.prepare(`SELECT t FROM bars WHERE ${range} ORDER BY t`).pluck(true) as unknown as Statement<[number, number, number], number>;
  }

  /** Opens (creating and migrating when needed) the history database file and a store on it. */
  static open(file: string, options: HistoryDatabaseOptions = {}): HistoryStore {
    return new HistoryStore(openHistoryDatabase(file, options));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * Upserts bars of one series in one transaction (atomic: all or nothing). Bars need not be sorted; a time given
   * twice keeps the later bar.
   */
  writeBars(symbol: string, timeframe: Timeframe, bars: readonly StoredBar[], source = 'unknown', options: WriteOptions = {}): WriteSummary {
    const name = normaliseSymbol(symbol);
    for (let i = 0; i < bars.length; i++) checkBar(name, timeframe, i, bars[i]!);
    const run = this.db.transaction((): WriteSummary => {
      const seriesId = this.seriesId(name, timeframe, true)!;
      const sourceId = this.sourceId(source);
      let inserted = 0;
      let updated = 0;
      for (let start = 0; start < bars.length; start += INSERT_CHUNK) {
        const chunk = bars.slice(start, start + INSERT_CHUNK);
        const params = new Array<number | null>(chunk.length * 9);
        for (let i = 0, p = 0; i < chunk.length; i++) {
          const bar = chunk[i]!;
          params[p++] = seriesId;
          params[p++] = storageTime(timeframe, bar.t);
          params[p++] = bar.o;
          params[p++] = bar.h;
          params[p++] = bar.l;
          params[p++] = bar.c;
          params[p++] = bar.v;
          params[p++] = bar.adjClose ?? null;
          params[p++] = sourceId;
        }
        const added = this.insertStatement(chunk.length).run(params).changes;
        inserted += added;
        if (added < chunk.length) updated += this.updateDiffering(seriesId, sourceId, params, chunk.length);
        options.onProgress?.(Math.min(start + INSERT_CHUNK, bars.length), bars.length);
      }
      return { written: bars.length, inserted, updated, unchanged: bars.length - inserted - updated };
    });
    try {
      return run.immediate();
    } catch (error) {
      // The rollback may have removed a series or source this call created: forget the cached ids.
      this.seriesIds.clear();
      this.sourceIds.clear();
      throw error;
    }
  }

  /** Bars of a series in a range, ascending. An unknown series has no bars. */
  readBars(symbol: string, timeframe: Timeframe, range: BarRange = {}): Bar[] {
    const seriesId = this.seriesId(normaliseSymbol(symbol), timeframe, false);
    if (seriesId === undefined) return [];
    const [from, to] = this.bounds(timeframe, range);
    const limit = range.limit ?? -1;
    if (range.fromEnd) return this.readDesc.all(seriesId, from, to, limit).reverse();
    // Raw rows made into objects here are about three times faster than better-sqlite3's row objects.
    const bars: Bar[] = [];
    for (const rows of this.rawChunks(seriesId, from, to, range.limit)) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        bars.push({ t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] });
      }
    }
    return bars;
  }

  /**
   * Streams a range in chunks of `chunkSize` bars (keyset paging: each chunk is its own short query, so a slow
   * consumer holds no read transaction open). Bars carry `adjClose` where one is stored.
   */
  *iterateBars(symbol: string, timeframe: Timeframe, range: Omit<BarRange, 'fromEnd'> & { chunkSize?: number } = {}): Generator<StoredBar[], void, undefined> {
    const seriesId = this.seriesId(normaliseSymbol(symbol), timeframe, false);
    if (seriesId === undefined) return;
    const [from, to] = this.bounds(timeframe, range);
    for (const rows of this.rawChunks(seriesId, from, to, range.limit, range.chunkSize)) {
      const chunk = new Array<StoredBar>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!;
        chunk[i] = r[6] === null ? { t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] } : { t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5], adjClose: r[6] };
      }
      yield chunk;
    }
  }

  /** A range as columns (typed arrays), for the read worker to transfer. */
  readColumns(symbol: string, timeframe: Timeframe, range: BarRange = {}): BarColumns {
    const seriesId = this.seriesId(normaliseSymbol(symbol), timeframe, false);
    if (seriesId === undefined) return emptyColumns(0);
    if (range.fromEnd) {
      const bars = this.readBars(symbol, timeframe, range);
      return columnsFromRows(bars.length, (i) => bars[i]!);
    }
    const [from, to] = this.bounds(timeframe, range);
    let columns = emptyColumns(0);
    let at = 0;
    for (const rows of this.rawChunks(seriesId, from, to, range.limit)) {
      if (at + rows.length > columns.t.length) columns = grow(columns, Math.max(at + rows.length, columns.t.length * 2));
      for (let i = 0; i < rows.length; i++, at++) {
        const r = rows[i]!;
        columns.t[at] = r[0];
        columns.o[at] = r[1];
        columns.h[at] = r[2];
        columns.l[at] = r[3];
        columns.c[at] = r[4];
        columns.v[at] = r[5];
      }
    }
    return at === columns.t.length ? columns : grow(columns, at);
  }

  /**
   * Missing bars in [from, to]: sessions without a daily bar, or intraday bars missing inside regular sessions
   * (New York 09:30–16:00 by default; pass the calendar Alpaca returns to follow it exactly).
   */
  gaps(symbol: string, timeframe: Timeframe, query: GapQuery): Gap[] {
    const seriesId = this.seriesId(normaliseSymbol(symbol), timeframe, false);
    const [from, to] = this.bounds(timeframe, query);
    const present = seriesId === undefined ? [] : this.readTimes.all(seriesId, from, to);
    return findGaps(present, timeframe, from, to, query.calendar ?? nyseCalendar());
  }

  /** Symbols with at least one stored series, sorted. */
  symbols(): string[] {
    return this.db.prepare('SELECT DISTINCT symbol FROM series ORDER BY symbol').pluck(true).all() as string[];
  }

  /** Per series: first and last bar time and the number of bars. Series without bars are left out. */
  coverage(symbol?: string): SeriesCoverage[] {
    const sql = `SELECT s.symbol AS symbol, s.timeframe AS timeframe,
        (SELECT min(t) FROM bars WHERE series_id = s.id) AS first,
        (SELECT max(t) FROM bars WHERE series_id = s.id) AS last,
        (SELECT count(*) FROM bars WHERE series_id = s.id) AS count
      FROM series s ${symbol === undefined ? '' : 'WHERE s.symbol = ?'} ORDER BY s.symbol, s.timeframe`;
    const rows = (symbol === undefined ? this.db.prepare(sql).all() : this.db.prepare(sql).all(normaliseSymbol(symbol))) as Array<SeriesCoverage & { first: number | null }>;
    return rows.filter((r) => r.count > 0);
  }

  /**
   * Per series with bars: its first and last bar time (two index look-ups each; no count, which reads every row:
   * a chart's symbol list asks this on main's loop).
   */
  seriesSpans(): Array<{ symbol: string; timeframe: Timeframe; first: EpochMs; last: EpochMs }> {
    const rows = this.db
      .prepare(
        `SELECT s.symbol AS symbol, s.timeframe AS timeframe,
          (SELECT t FROM bars WHERE series_id = s.id ORDER BY t ASC LIMIT 1) AS first,
          (SELECT t FROM bars WHERE series_id = s.id ORDER BY t DESC LIMIT 1) AS last
        FROM series s ORDER BY s.symbol, s.timeframe`,
      )
      .all() as Array<{ symbol: string; timeframe: Timeframe; first: number | null; last: number | null }>;
    return rows.filter((r): r is { symbol: string; timeframe: Timeframe; first: number; last: number } => r.first !== null && r.last !== null);
  }

  /** Number of bars of a series in a range. */
  count(symbol: string, timeframe: Timeframe, range: Pick<BarRange, 'from' | 'to'> = {}): number {
    const seriesId = this.seriesId(normaliseSymbol(symbol), timeframe, false);
    if (seriesId === undefined) return 0;
    const [from, to] = this.bounds(timeframe, range);
    return this.db.prepare('SELECT count(*) FROM bars WHERE series_id = ? AND t >= ? AND t <= ?').pluck(true).get(seriesId, from, to) as number;
  }

  /**
   * A range as raw rows in chunks (keyset paging: each chunk is its own short query, so a slow consumer holds no
   * read transaction open between chunks).
   */
  private *rawChunks(seriesId: number, from: number, to: number, limit = Number.POSITIVE_INFINITY, chunkSize = 10_000): Generator<RawRow[], void, undefined> {
    const size = Math.max(1, chunkSize);
    let remaining = limit < 0 ? Number.POSITIVE_INFINITY : limit;
    while (remaining > 0 && from <= to) {
      const rows = this.readRaw.all(seriesId, from, to, Math.min(size, remaining));
      if (rows.length === 0) return;
      remaining -= rows.length;
      from = rows[rows.length - 1]![0] + 1;
      yield rows;
      if (rows.length < size) return;
    }
  }

  /**
   * Some times of a chunk were stored already: read the chunk's time span once and update only the rows whose
   * values differ. Rows this chunk just inserted hold exactly its values, so they count as unchanged here.
   */
  private updateDiffering(seriesId: number, sourceId: number, params: ReadonlyArray<number | null>, rows: number): number {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let p = 1; p < rows * 9; p += 9) {
      const t = params[p] as number;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const stored = new Map<number, RawRow>();
    for (const row of this.readRaw.all(seriesId, min, max, -1)) stored.set(row[0], row);
    let updated = 0;
    for (let p = 0; p < rows * 9; p += 9) {
      const t = params[p + 1] as number;
      const [o, h, l, c, v, adj] = [params[p + 2] as number, params[p + 3] as number, params[p + 4] as number, params[p + 5] as number, params[p + 6] as number, params[p + 7] ?? null];
      const row = stored.get(t);
      if (row && row[1] === o && row[2] === h && row[3] === l && row[4] === c && row[5] === v && row[6] === adj) continue;
      this.update.run(o, h, l, c, v, adj, sourceId, seriesId, t);
      // A time given twice in one write: the later bar is compared with the earlier one, not the stored one.
      stored.set(t, [t, o, h, l, c, v, adj]);
      updated++;
    }
    return updated;
  }

  private bounds(timeframe: Timeframe, range: Pick<BarRange, 'from' | 'to'>): [number, number] {
    const from = range.from === undefined ? Number.MIN_SAFE_INTEGER : storageTime(timeframe, range.from);
    const to = range.to === undefined ? Number.MAX_SAFE_INTEGER : range.to;
    return [from, to];
  }

  private seriesId(symbol: string, timeframe: Timeframe, create: boolean): number | undefined {
    const key = `${symbol}\u0000${timeframe}`;
    const cached = this.seriesIds.get(key);
    if (cached !== undefined) return cached;
    if (create) this.insertSeries.run(symbol, timeframe);
    const id = this.selectSeries.get(symbol, timeframe)?.id;
    if (id !== undefined) this.seriesIds.set(key, id);
    return id;
  }

  private sourceId(name: string): number {
    const cached = this.sourceIds.get(name);
    if (cached !== undefined) return cached;
    this.insertSource.run(name);
    const id = this.selectSource.get(name)!.id;
    this.sourceIds.set(name, id);
    return id;
  }

  private insertStatement(rows: number): Statement<unknown[]> {
    let statement = this.insertStatements.get(rows);
    if (!statement) {
      const values = new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
      // ON CONFLICT DO NOTHING skips only existing keys; OR IGNORE would also drop rows failing a CHECK silently.
      statement = this.db.prepare(
        `INSERT INTO bars (series_id, t, o, h, l, c, v, adj_close, source_id) VALUES ${values} ON CONFLICT (series_id, t) DO NOTHING`,
      );
      this.insertStatements.set(rows, statement);
    }
    return statement;
  }
}
