import type { Bar } from '../../src-shared/domain/bar.js';

export { columnsFromRows, emptyColumns, type BarColumns } from '../../src-shared/domain/bar-columns.js';
import { emptyColumns, type BarColumns } from '../../src-shared/domain/bar-columns.js';

/** A copy with room for `length` bars (or cut to it), keeping the bars that fit. */
export function grow(columns: BarColumns, length: number): BarColumns {
  const out = emptyColumns(length);
  for (const key of ['t', 'o', 'h', 'l', 'c', 'v'] as const) out[key].set(columns[key].subarray(0, Math.min(length, columns[key].length)));
  return out;
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
