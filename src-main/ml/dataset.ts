import type { Bar } from '../../src-shared/domain/bar.js';
import { featureColumns } from './features/feature-sets.js';
import type { FeatureDef, ScoredHeadline } from './features/feature.js';
import { forwardDirection, forwardReturn, tripleBarrier, type LabelKind, type Labels } from './labels.js';

/**
 * A training set: one row per (symbol, bar) whose features are all known and whose label could be computed, in
 * time order. `start`/`end` are the times of the bar and of the last bar its label reads, which is what purging
 * needs. `x` is row-major (rows x names.length), the layout ONNX takes.
 */
export interface Dataset {
  names: string[];
  rows: number;
  x: Float64Array;
  y: Float64Array;
  start: Float64Array;
  end: Float64Array;
  symbols: string[];
}

export interface LabelSpec {
  kind: LabelKind;
  horizon: number;
}

/** Binary target for classification: direction up, or the triple barrier's upper touch; 'return' stays a size. */
export function makeLabels(bars: readonly Readonly<Bar>[], spec: LabelSpec): Labels {
  switch (spec.kind) {
    case 'direction':
      return forwardDirection(bars, spec.horizon);
    case 'return':
      return forwardReturn(bars, spec.horizon);
    case 'triple-barrier': {
      const l = tripleBarrier(bars, { horizon: spec.horizon, upper: 1, lower: 1, volWindow: 20 });
      return { value: l.value.map((v) => (v !== v ? NaN : v > 0 ? 1 : 0)), end: l.end };
    }
  }
}

export function buildDataset(series: ReadonlyArray<{ symbol: string; bars: readonly Readonly<Bar>[]; news?: readonly ScoredHeadline[] }>, defs: readonly FeatureDef[], label: LabelSpec): Dataset {
  const names = defs.map((d) => d.name);
  const f = names.length;
  const picked: Array<{ t: number; end: number; y: number; row: Float64Array; symbol: string }> = [];
  for (const { symbol, bars, news } of series) {
    const cols = featureColumns(bars, defs, news ? { news } : {});
    const labels = makeLabels(bars, label);
    for (let i = 0; i < bars.length; i++) {
      const y = labels.value[i]!;
      if (y !== y) continue;
      const row = new Float64Array(f);
      let ok = true;
      for (let j = 0; j < f; j++) {
        const v = cols[j]![i]!;
        if (!Number.isFinite(v)) {
          ok = false;
          break;
        }
        row[j] = v;
      }
      if (ok) picked.push({ t: bars[i]!.t, end: bars[labels.end[i]!]!.t, y, row, symbol });
    }
  }
  picked.sort((a, b) => a.t - b.t || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const n = picked.length;
  const ds: Dataset = { names, rows: n, x: new Float64Array(n * f), y: new Float64Array(n), start: new Float64Array(n), end: new Float64Array(n), symbols: new Array<string>(n) };
  picked.forEach((p, i) => {
    ds.x.set(p.row, i * f);
    ds.y[i] = p.y;
    ds.start[i] = p.t;
    ds.end[i] = p.end;
    ds.symbols[i] = p.symbol;
  });
  return ds;
}

/** The rows `idx` of a dataset as a new one (same feature names). */
export function subset(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const f = ds.names.length;
  const n = idx.length;
  const out: Dataset = { names: ds.names, rows: n, x: new Float64Array(n * f), y: new Float64Array(n), start: new Float64Array(n), end: new Float64Array(n), symbols: new Array<string>(n) };
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    out.x.set(ds.x.subarray(i * f, i * f + f), k * f);
    out.y[k] = ds.y[i]!;
    out.start[k] = ds.start[i]!;
    out.end[k] = ds.end[i]!;
    out.symbols[k] = ds.symbols[i]!;
  }
  return out;
}
