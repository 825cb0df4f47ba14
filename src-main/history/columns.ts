import type { Bar } from '../../src-shared/domain/bar.js';

/**
 * Bars as columns: what crosses a worker boundary. Typed arrays transfer without copying, where a million bar
 * objects would be cloned one property at a time.
 */
export interface BarColumns {
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
}

export function emptyColumns(length: number): BarColumns {
  return {
    t: new Float64Array(length),
    o: new Float64Array(length),
    h: new Float64Array(length),
    l: new Float64Array(length),
    c: new Float64Array(length),
    v: new Float64Array(length),
  };
}

/** A copy with room for `length` bars (or cut to it), keeping the bars that fit. */
export function grow(columns: BarColumns, length: number): BarColumns {
  const out = emptyColumns(length);
  for (const key of ['t', 'o', 'h', 'l', 'c', 'v'] as const) out[key].set(columns[key].subarray(0, Math.min(length, columns[key].length)));
  return out;
}

export function columnsFromRows(length: number, bar: (i: number) => Bar): BarColumns {
  const columns = emptyColumns(length);
  for (let i = 0; i < length; i++) {
    const b = bar(i);
    columns.t[i] = b.t;
    columns.o[i] = b.o;
    columns.h[i] = b.h;
    columns.l[i] = b.l;
    columns.c[i] = b.c;
    columns.v[i] = b.v;
  }
  return columns;
}

export function columnsToBars(columns: BarColumns): Bar[] {
  const { t, o, h, l, c, v } = columns;
  const bars: Bar[] = new Array<Bar>(t.length);
  for (let i = 0; i < t.length; i++) bars[i] = { t: t[i]!, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v[i]! };
  return bars;
}

export function columnBuffers(columns: BarColumns): ArrayBuffer[] {
  return [columns.t, columns.o, columns.h, columns.l, columns.c, columns.v].map((a) => a.buffer as ArrayBuffer);
}
