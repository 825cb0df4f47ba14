import type { Database, Statement } from 'better-sqlite3';
import { CodedError } from '../../../src-shared/ipc/errors.js';
import { normaliseSymbol } from '../store.js';
import {
  DAY_MS, columnList, concatSorted, sortTicks, emptyTicks, fieldsOf, fromList, packTicks, unpackTicks,
  type AnyTickColumns, type TickKind,
} from './tick-columns.js';

/** A time window, both ends inclusive, in UTC epoch ms; an open end reads to the first or last tick stored. */
export interface TickRange {
  from?: number;
  to?: number;
}

export interface TickCoverage {
  symbol: string;
  kind: TickKind;
  first: number;
  last: number;
  count: number;
  days: number;
}

interface ChunkRow {
  n: number;
  data: Buffer;
}

/**
 * Quotes and trades in history.sqlite as per-day column chunks (see migration 0003-ticks for why). Writes are
 * one transaction each; reads return typed-array columns in time order.
 */
export class TickStore {
  private readonly insertChunk: Statement<[string, TickKind, number, number, number, number, Buffer]>;
  private readonly selectDays: Statement<[string, TickKind, number, number], ChunkRow>;
  private readonly deleteDay: Statement<[string, TickKind, number]>;

  constructor(readonly db: Database) {
    this.insertChunk = db.prepare('INSERT INTO tick_chunks (symbol, kind, day, t0, t1, n, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.selectDays = db.prepare('SELECT n, data FROM tick_chunks WHERE symbol = ? AND kind = ? AND day BETWEEN ? AND ? ORDER BY day, t0, id');
    this.deleteDay = db.prepare('DELETE FROM tick_chunks WHERE symbol = ? AND kind = ? AND day = ?');
  }

  /** Adds ticks as new chunks (the recorder's write: nothing stored is read or rewritten). */
  append(symbol: string, kind: TickKind, columns: AnyTickColumns): number {
    const sym = normaliseSymbol(symbol);
    const ticks = checked(sym, kind, columns);
    const run = this.db.transaction(() => {
      forEachDay(ticks.t, (day, from, to) => this.insertChunk.run(sym, kind, day, ticks.t[from]!, ticks.t[to - 1]!, to - from, packTicks(kind, ticks, from, to)));
    });
    run();
    return ticks.t.length;
  }

  /**
   * Replaces what is stored in a window with the given ticks (an import or backfill: running it twice stores the
   * ticks once). The window defaults to the ticks' own first and last times; each day it touches is rewritten
   * as one chunk.
   */
  replace(symbol: string, kind: TickKind, columns: AnyTickColumns, window: TickRange = {}): number {
    const sym = normaliseSymbol(symbol);
    const ticks = checked(sym, kind, columns);
    const n = ticks.t.length;
    const from = window.from ?? (n > 0 ? ticks.t[0]! : undefined);
    const to = window.to ?? (n > 0 ? ticks.t[n - 1]! : undefined);
    if (from === undefined || to === undefined) return 0;
    const run = this.db.transaction(() => {
      for (let day = Math.floor(from / DAY_MS); day <= Math.floor(to / DAY_MS); day++) {
        const kept = this.readDays(sym, kind, day, day);
        const keep = columnList(kind, kept);
        const mask: number[] = [];
        for (let i = 0; i < kept.t.length; i++) if (kept.t[i]! < from || kept.t[i]! > to) mask.push(i);
        const dayFrom = lowerBound(ticks.t, day * DAY_MS);
        const dayTo = lowerBound(ticks.t, (day + 1) * DAY_MS);
        const fresh = columnList(kind, ticks).map((c) => c.subarray(dayFrom, dayTo));
        const merged = concatSorted(kind, [keep.map((c) => Float64Array.from(mask, (i) => c[i]!)), fresh]);
        this.deleteDay.run(sym, kind, day);
        const m = merged.t.length;
        if (m > 0) this.insertChunk.run(sym, kind, day, merged.t[0]!, merged.t[m - 1]!, m, packTicks(kind, merged));
      }
    });
    run();
    return n;
  }

  /** The ticks of one symbol in a window, in time order. */
  read(symbol: string, kind: TickKind, range: TickRange = {}): AnyTickColumns {
    const sym = normaliseSymbol(symbol);
    const bounds = this.db.prepare('SELECT MIN(day) AS lo, MAX(day) AS hi FROM tick_chunks WHERE symbol = ? AND kind = ?').get(sym, kind) as { lo: number | null; hi: number | null };
    if (bounds.lo === null || bounds.hi === null) return emptyTicks(kind);
    const lo = Math.max(bounds.lo, range.from !== undefined ? Math.floor(range.from / DAY_MS) : bounds.lo);
    const hi = Math.min(bounds.hi, range.to !== undefined ? Math.floor(range.to / DAY_MS) : bounds.hi);
    if (lo > hi) return emptyTicks(kind);
    const all = this.readDays(sym, kind, lo, hi);
    const a = range.from !== undefined ? lowerBound(all.t, range.from) : 0;
    const b = range.to !== undefined ? upperBound(all.t, range.to) : all.t.length;
    if (a === 0 && b === all.t.length) return all;
    return fromList(kind, columnList(kind, all).map((c) => c.slice(a, b)));
  }

  /**
   * Rewrites each day of the symbol that is held in more than one chunk (the recorder writes one a second) as a
   * single chunk, for days before `beforeDay` (a UTC day number; default: all). A recorded session is ~23,400
   * chunks; compacted, the day reads with one BLOB. Returns the days rewritten.
   */
  compact(symbol: string, beforeDay = Number.MAX_SAFE_INTEGER): number {
    const sym = normaliseSymbol(symbol);
    const days = this.db
      .prepare('SELECT kind, day FROM tick_chunks WHERE symbol = ? AND day < ? GROUP BY kind, day HAVING COUNT(*) > 1')
      .all(sym, beforeDay) as Array<{ kind: TickKind; day: number }>;
    const run = this.db.transaction(() => {
      for (const { kind, day } of days) {
        const all = this.readDays(sym, kind, day, day);
        this.deleteDay.run(sym, kind, day);
        const m = all.t.length;
        this.insertChunk.run(sym, kind, day, all.t[0]!, all.t[m - 1]!, m, packTicks(kind, all));
      }
    });
    run();
    return days.length;
  }

  /** What is stored, per symbol and kind. */
  coverage(symbol?: string): TickCoverage[] {
    const where = symbol ? 'WHERE symbol = ?' : '';
    const rows = this.db
      .prepare(`SELECT symbol, kind, MIN(t0) AS first, MAX(t1) AS last, SUM(n) AS count, COUNT(DISTINCT day) AS days FROM tick_chunks ${where} GROUP BY symbol, kind ORDER BY symbol, kind`)
      .all(...(symbol ? [normaliseSymbol(symbol)] : [])) as TickCoverage[];
    return rows;
  }

  /**
   * Retention: deletes the symbol's ticks (both kinds) on UTC days before the day `days` days before `now`, so
   * `days` = 30 keeps the last 30 days and today. Returns the ticks deleted.
   */
  prune(symbol: string, days: number, now: number): number {
    if (!Number.isInteger(days) || days < 0) throw new CodedError('BAD_REQUEST', `retention must be a whole number of days (0 or more), got ${days}`);
    const cutoff = Math.floor(now / DAY_MS) - days;
    const sym = normaliseSymbol(symbol);
    const run = this.db.transaction(() => {
      const gone = (this.db.prepare('SELECT COALESCE(SUM(n), 0) AS n FROM tick_chunks WHERE symbol = ? AND day < ?').get(sym, cutoff) as { n: number }).n;
      this.db.prepare('DELETE FROM tick_chunks WHERE symbol = ? AND day < ?').run(sym, cutoff);
      return gone;
    });
    return run();
  }

  /** The trader's per-symbol recording switch. */
  setRecording(symbol: string, on: boolean, now = Date.now()): void {
    const sym = normaliseSymbol(symbol);
    if (on) this.db.prepare('INSERT OR IGNORE INTO tick_recording (symbol, since) VALUES (?, ?)').run(sym, now);
    else this.db.prepare('DELETE FROM tick_recording WHERE symbol = ?').run(sym);
  }

  recordingSymbols(): Array<{ symbol: string; since: number }> {
    return this.db.prepare('SELECT symbol, since FROM tick_recording ORDER BY symbol').all() as Array<{ symbol: string; since: number }>;
  }

  private readDays(sym: string, kind: TickKind, lo: number, hi: number): AnyTickColumns {
    const parts = this.selectDays.all(sym, kind, lo, hi).map((row) => unpackTicks(kind, row.data, row.n));
    if (parts.length === 0) return emptyTicks(kind);
    if (parts.length === 1) return fromList(kind, parts[0]!);
    return concatSorted(kind, parts);
  }
}

/** The ticks validated (finite, prices above 0, sizes 0 or more) and in time order. */
function checked(symbol: string, kind: TickKind, columns: AnyTickColumns): AnyTickColumns {
  const list = columnList(kind, columns);
  const n = list[0]!.length;
  const fields = fieldsOf(kind);
  list.forEach((c, i) => {
    if (c.length !== n) throw new CodedError('BAD_REQUEST', `${symbol} ${kind}: column "${fields[i]}" has ${c.length} values, t has ${n}`);
  });
  let sorted = true;
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(list[0]![r]!) || list[0]![r]! < 1e11) throw new CodedError('BAD_REQUEST', `${symbol} ${kind} row ${r + 1}: time ${list[0]![r]} is not an epoch-ms time`);
    if (r > 0 && list[0]![r]! < list[0]![r - 1]!) sorted = false;
    for (let c = 1; c < list.length; c++) {
      const v = list[c]![r]!;
      const price = fields[c] === 'bid' || fields[c] === 'ask' || fields[c] === 'price';
      if (!Number.isFinite(v) || (price ? v <= 0 : v < 0)) {
        throw new CodedError('BAD_REQUEST', `${symbol} ${kind} row ${r + 1}: ${fields[c]} must be a finite number ${price ? 'above 0' : 'of 0 or more'}, got ${v}`);
      }
    }
  }
  return sorted ? columns : sortTicks(kind, list);
}

function forEachDay(t: Float64Array, visit: (day: number, from: number, to: number) => void): void {
  let from = 0;
  while (from < t.length) {
    const day = Math.floor(t[from]! / DAY_MS);
    const to = lowerBound(t, (day + 1) * DAY_MS, from);
    visit(day, from, to);
    from = to;
  }
}

/** First index with t[i] >= x. */
export function lowerBound(t: Float64Array, x: number, lo = 0): number {
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with t[i] > x. */
function upperBound(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
