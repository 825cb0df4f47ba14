import type { Timeframe } from '../../src-shared/domain/bar.js';
import { emptyColumns, type BarColumns } from '../../src-shared/domain/bar-columns.js';
import { intradayMs, storageTime } from '../history/timeframes.js';
import { CatalogError } from './errors.js';

const FIELDS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

/** A copy of rows `index[0..n)` of `columns`, in that order. */
export function pick(columns: BarColumns, index: ArrayLike<number>, n = index.length): BarColumns {
  const out = emptyColumns(n);
  for (const f of FIELDS) {
    const from = columns[f];
    const to = out[f];
    for (let i = 0; i < n; i++) to[i] = from[index[i]!]!;
  }
  return out;
}

/**
 * Checks bars for the catalog and puts them in order: times are whole epoch ms (daily and longer moved to 00:00
 * UTC of their session date, as history.sqlite keys them), values finite, intraday times on the timeframe's
 * boundaries; sorted by time, and where a time is given twice the later row wins. Throws CATALOG_BAD_INPUT
 * naming the first bad row (1-based, in the order given).
 */
export function normaliseBars(symbol: string, timeframe: Timeframe, input: BarColumns): BarColumns {
  const n = input.t.length;
  const length = intradayMs(timeframe);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const raw = input.t[i]!;
    const where = `${symbol} ${timeframe} bar #${i + 1}`;
    if (!Number.isSafeInteger(raw)) throw new CatalogError('CATALOG_BAD_INPUT', `${where}: time ${raw} is not a whole epoch millisecond; nothing was written`);
    for (const f of FIELDS) {
      if (f !== 't' && !Number.isFinite(input[f][i]!)) {
        throw new CatalogError('CATALOG_BAD_INPUT', `${where} (${new Date(raw).toISOString()}): ${f} is ${input[f][i]}, not a finite number; nothing was written`);
      }
    }
    if (length !== undefined && raw % length !== 0) {
      throw new CatalogError('CATALOG_BAD_INPUT', `${where}: time ${new Date(raw).toISOString()} is not on a ${timeframe} boundary; nothing was written`);
    }
    t[i] = storageTime(timeframe, raw);
  }
  let ascending = true;
  for (let i = 1; i < n && ascending; i++) ascending = t[i]! > t[i - 1]!;
  if (ascending) {
    // The usual case (a file or a store read in time order): no sort, no copy but the times.
    const out = { t, o: input.o.slice(), h: input.h.slice(), l: input.l.slice(), c: input.c.slice(), v: input.v.slice() };
    return out;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  // Stable sort: of equal times, the later row stays last and wins below.
  order.sort((a, b) => t[a]! - t[b]! || a - b);
  const keep: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (k + 1 < n && t[order[k + 1]!] === t[i]) continue;
    keep.push(i);
  }
  const out = pick(input, keep);
  for (let k = 0; k < keep.length; k++) out.t[k] = t[keep[k]!]!;
  return out;
}

/** Stored bars and new ones (both sorted, unique times) as one sorted series; a new bar replaces a stored one. */
export function mergeColumns(stored: BarColumns, incoming: BarColumns): BarColumns {
  if (stored.t.length === 0) return incoming;
  const a = stored.t;
  const b = incoming.t;
  const out = emptyColumns(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  const take = (source: BarColumns, at: number): void => {
    for (const f of FIELDS) out[f][k] = source[f][at]!;
    k++;
  };
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) take(stored, i++);
    else {
      if (i < a.length && a[i] === b[j]) i++;
      take(incoming, j++);
    }
  }
  if (k === out.t.length) return out;
  const cut = emptyColumns(k);
  for (const f of FIELDS) cut[f].set(out[f].subarray(0, k));
  return cut;
}

/** Same bars, to the bit (Object.is: -0 and NaN are told apart like any other value). */
export function sameColumns(a: BarColumns, b: BarColumns): boolean {
  if (a.t.length !== b.t.length) return false;
  for (const f of FIELDS) {
    const x = a[f];
    const y = b[f];
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  }
  return true;
}

/** Rows [start, end) as views (no copy). */
export function slice(columns: BarColumns, start: number, end: number): BarColumns {
  const out = {} as BarColumns;
  for (const f of FIELDS) out[f] = columns[f].subarray(start, end);
  return out;
}

/** Rows of sorted columns with from <= t <= to. */
export function clip(columns: BarColumns, from: number, to: number): BarColumns {
  const t = columns.t;
  const lower = (x: number): number => {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const start = lower(from);
  const end = to === Number.POSITIVE_INFINITY ? t.length : lower(to + 1);
  if (start === 0 && end === t.length) return columns;
  const out = {} as BarColumns;
  for (const f of FIELDS) out[f] = columns[f].subarray(start, Math.max(start, end));
  return out;
}

export function concatColumns(parts: readonly BarColumns[]): BarColumns {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, p) => sum + p.t.length, 0);
  const out = emptyColumns(total);
  let at = 0;
  for (const p of parts) {
    for (const f of FIELDS) out[f].set(p[f], at);
    at += p.t.length;
  }
  return out;
}
