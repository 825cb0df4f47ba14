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

export function columnsToBars(columns: BarColumns): Bar[] {
  const { t, o, h, l, c, v } = columns;
  const bars: Bar[] = new Array<Bar>(t.length);
  for (let i = 0; i < t.length; i++) bars[i] = { t: t[i]!, o: o[i]!, h: h[i]!, l: l[i]!, c: c[i]!, v: v[i]! };
  return bars;
}

export function columnBuffers(columns: BarColumns): ArrayBuffer[] {
  return [columns.t, columns.o, columns.h, columns.l, columns.c, columns.v].map((a) => a.buffer as ArrayBuffer);
}
