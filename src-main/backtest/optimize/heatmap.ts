import type { Metrics } from '../metrics.js';
import type { ComboResult } from './evaluate.js';

export interface StabilityHeatmap {
  x: { name: string; values: Array<number | string | boolean> };
  y: { name: string; values: Array<number | string | boolean> };
  metric: keyof Metrics;
  /** cells[yi][xi]: the best metric over the other parameters at that (x, y); null where no valid combination. */
  cells: Array<Array<number | null>>;
}

/** The metric over a grid of two parameters: a plateau means the result does not hang on one lucky setting. */
export function stabilityHeatmap(results: readonly ComboResult[], xName: string, yName: string, metric: keyof Metrics): StabilityHeatmap {
  const sortValues = (vs: Array<number | string | boolean>) => [...new Set(vs)].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  const xs = sortValues(results.map((r) => r.params[xName]!));
  const ys = sortValues(results.map((r) => r.params[yName]!));
  const cells: Array<Array<number | null>> = ys.map(() => xs.map(() => null));
  for (const r of results) {
    const xi = xs.indexOf(r.params[xName]!);
    const yi = ys.indexOf(r.params[yName]!);
    const v = r.metrics[metric];
    if (typeof v !== 'number') continue;
    const row = cells[yi]!;
    const current = row[xi];
    if (current === null || current === undefined || v > current) row[xi] = v;
  }
  return { x: { name: xName, values: xs }, y: { name: yName, values: ys }, metric, cells };
}
