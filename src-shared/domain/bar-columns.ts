import type { Bar } from './bar.js';

/**
 * Bars as typed columns: what crosses a worker boundary (typed arrays transfer without copying, where a million
 * bar objects would be cloned one property at a time), what the backtest's hot loop and the chart read.
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

/** Columns of `length` bars, the i-th given by `bar(i)`. */
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

export function columnsFromBars(bars: readonly Bar[]): BarColumns {
  return columnsFromRows(bars.length, (i) => bars[i]!);
}
