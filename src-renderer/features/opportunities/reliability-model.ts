import type { StrategyCalibrationDto } from '../../../src-shared/ipc/opportunities-schemas.js';

export interface PooledBin {
  from: number;
  to: number;
  /** Mean predicted probability of the bin's outcomes, over the strategies pooled. */
  predicted: number;
  /** Their hit rate. */
  observed: number;
  count: number;
}

export interface PooledReliability {
  bins: PooledBin[];
  samples: number;
  /** Hit rate over every outcome pooled (null: none). */
  hitRate: number | null;
  /** Brier score over every outcome pooled, from each strategy's score weighted by its samples (null: none). */
  brier: number | null;
}

/**
 * The reliability diagram of one strategy, or of all of them together (`strategy` empty): bins of the same range
 * are merged by their counts, so a pooled bin's predicted and observed values are the means over all its outcomes.
 * Empty bins are left out (nothing to draw).
 */
export function pooledReliability(calibration: readonly StrategyCalibrationDto[], strategy: string): PooledReliability {
  const chosen = calibration.filter((c) => strategy === '' || c.strategy === strategy);
  const byRange = new Map<string, { from: number; to: number; p: number; o: number; n: number }>();
  let samples = 0;
  let hits = 0;
  let brier = 0;
  for (const c of chosen) {
    samples += c.samples;
    hits += (c.hitRate ?? 0) * c.samples;
    brier += (c.brier ?? 0) * c.samples;
    for (const b of c.reliability) {
      if (b.count === 0 || b.predicted === null || b.observed === null) continue;
      const key = `${b.from}-${b.to}`;
      const cell = byRange.get(key) ?? { from: b.from, to: b.to, p: 0, o: 0, n: 0 };
      cell.p += b.predicted * b.count;
      cell.o += b.observed * b.count;
      cell.n += b.count;
      byRange.set(key, cell);
    }
  }
  const bins = [...byRange.values()].sort((a, b) => a.from - b.from).map((c) => ({ from: c.from, to: c.to, predicted: c.p / c.n, observed: c.o / c.n, count: c.n }));
  return { bins, samples, hitRate: samples > 0 ? hits / samples : null, brier: samples > 0 ? brier / samples : null };
}
