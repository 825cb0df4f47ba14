import { describe, expect, it } from 'vitest';
import { allPairs, closestPairs } from '../../../../src-main/kernel/stats/pair-distance.js';
import { selectPairs } from '../../../../src-main/kernel/stats/pair-selection.js';
import { ar1 } from './random.js';

/** Gatev et al.'s distance by its definition: each path to mean 0 and variance 1, the sum of squared differences. */
function ssd(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const norm = (p: ArrayLike<number>): number[] => {
    const xs = Array.from(p);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
    return xs.map((x) => (x - mean) / sd);
  };
  const na = norm(a);
  const nb = norm(b);
  return na.reduce((s, x, i) => s + (x - nb[i]!) ** 2, 0);
}

describe('closestPairs (normalised price distance)', () => {
  const paths = Array.from({ length: 23 }, (_, i) => ar1(120, 1, 0.01, 300 + i, 4));

  it('the `limit` pairs of smallest distance, by its definition, in (i, j) order', () => {
    const got = closestPairs(paths, 40);
    expect(got).toHaveLength(40);
    const scored = allPairs(paths.length).map(([i, j]) => ({ i, j, d: ssd(paths[i]!, paths[j]!) }));
    const want = scored
      .slice()
      .sort((p, q) => p.d - q.d)
      .slice(0, 40)
      .sort((p, q) => p.i - q.i || p.j - q.j)
      .map((p) => [p.i, p.j]);
    expect(got).toEqual(want);
  });

  it('every pair, in order, when there are no more than the limit; the pairs of a flat path come last', () => {
    expect(closestPairs(paths.slice(0, 5), 10)).toEqual(allPairs(5));
    const withFlat = [...paths.slice(0, 6), new Array(120).fill(4)];
    expect(closestPairs(withFlat, 15).some(([i, j]) => i === 6 || j === 6)).toBe(false);
  });

  it('a cointegrated pair built among walks is among the closest, and selectPairs with a limit finds it', () => {
    const x = ar1(252, 1, 0.01, 51, 4);
    const noise = ar1(252, 0.8, 0.004, 52);
    const series = new Map<string, number[]>(paths.map((p, i) => [`W${String(i).padStart(2, '0')}`, [...p, ...ar1(132, 1, 0.01, 900 + i, p[119]!)]]));
    series.set('PA', x);
    series.set('PB', x.map((v, i) => 0.3 + 0.8 * v + noise[i]!));
    const o = { maxPValue: 0.05, minHalfLife: 1, maxHalfLife: 60, minCrossingsPerYear: 12, periodsPerYear: 252, lags: 1 };
    const limited = selectPairs(series, { ...o, maxCandidates: 30 });
    expect(limited.map((p) => [p.y, p.x].sort().join('/'))).toContain('PA/PB');
    // Every pair it keeps is one the exhaustive selection keeps, with the same numbers.
    const every = selectPairs(series, o);
    for (const p of limited) expect(every).toContainEqual(p);
    expect(limited.length).toBeLessThanOrEqual(every.length);
  });
});
