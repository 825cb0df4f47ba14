import type { EpochMs } from '../../src-shared/time.js';

/**
 * Sentiment as a feature column beside a symbol's bars: at each bar's time, the recency-weighted mean score of
 * the headlines published by then (weight halving every `halfLifeMs`, none older than `windowMs`), 0 where there
 * are none. `barTimes` ascending. A bar's value reads only headlines with t <= the bar's time, so a model trained on it sees no news
 * from its future.
 */
export interface TimedScore {
  t: EpochMs;
  score: number;
}

export function sentimentFeature(
  barTimes: ArrayLike<EpochMs>,
  news: readonly TimedScore[],
  options: { halfLifeMs?: number; windowMs?: number } = {},
): Float64Array {
  const halfLife = options.halfLifeMs ?? 4 * 3_600_000;
  const windowMs = options.windowMs ?? 3 * 86_400_000;
  const sorted = [...news].sort((a, b) => a.t - b.t);
  const out = new Float64Array(barTimes.length);
  let first = 0;
  let last = 0;
  for (let i = 0; i < barTimes.length; i++) {
    const t = barTimes[i]!;
    while (last < sorted.length && sorted[last]!.t <= t) last++;
    while (first < last && sorted[first]!.t <= t - windowMs) first++;
    let weighted = 0;
    let weights = 0;
    for (let k = first; k < last; k++) {
      const w = 0.5 ** ((t - sorted[k]!.t) / halfLife);
      weighted += w * sorted[k]!.score;
      weights += w;
    }
    out[i] = weights > 0 ? weighted / weights : 0;
  }
  return out;
}
