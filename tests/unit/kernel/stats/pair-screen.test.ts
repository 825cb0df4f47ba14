import { describe, expect, it } from 'vitest';
import { selectPairs, type PairSelectionOptions } from '../../../../src-main/kernel/stats/pair-selection.js';
import { ar1, normals } from './random.js';
import { realReturnColumns } from './real-returns.js';

/**
 * Walks, with pairs built cointegrated at several strengths (and so several half-lives, crossing counts and
 * p-values either side of the bounds), so every branch of the screen is met: neither order passing, one, both.
 */
function universe(seed: number, walks: number, pairs: number, length: number): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const z = normals(seed);
  for (let i = 0; i < walks; i++) out.set(`W${i}`, ar1(length, 1, 0.01, seed * 1000 + i, 4 + z()));
  for (let k = 0; k < pairs; k++) {
    const base = ar1(length, 1, 0.01, seed * 1000 + 500 + k, 4);
    const strength = 0.5 + (0.5 * k) / Math.max(1, pairs - 1);
    const noise = ar1(length, strength, 0.004 + 0.004 * (k % 3), seed * 1000 + 700 + k);
    out.set(`P${k}a`, base);
    out.set(`P${k}b`, base.map((v, i) => 0.1 * k + (0.6 + 0.1 * k) * v + noise[i]!));
  }
  return out;
}

describe('selectPairs screen', () => {
  const bounds: PairSelectionOptions[] = [
    { maxPValue: 0.05, minHalfLife: 1, maxHalfLife: 60, minCrossingsPerYear: 12, periodsPerYear: 252 },
    { maxPValue: 0.1, minHalfLife: 2, maxHalfLife: 8, minCrossingsPerYear: 20, periodsPerYear: 252 },
    { maxPValue: 0.01, minHalfLife: 0, maxHalfLife: 1_000, minCrossingsPerYear: 0, periodsPerYear: 252, lags: 1 },
  ];

  it.each([1, 2, 3])('the same pairs, in the same order with the same numbers, as testing every order (seed %i)', (seed) => {
    const prices = universe(seed, 14, 8, 252);
    for (const o of bounds) {
      const screened = selectPairs(prices, o);
      expect(screened).toEqual(selectPairs(prices, { ...o, screen: false }));
      // Not trivially: some pairs are kept, far from all (30 series: 435 pairs).
      if (o.maxHalfLife === 60) {
        expect(screened.length).toBeGreaterThan(0);
        expect(screened.length).toBeLessThan(435 / 2);
      }
    }
  });

  it('the same on real prices (log closes of the shared daily files)', () => {
    const columns = realReturnColumns(300);
    const n = columns[0]!.length;
    const prices = new Map<string, number[]>();
    for (let s = 0; s < n; s++) {
      let level = 0;
      prices.set(`R${s}`, columns.map((row) => (level += Math.log1p(row[s]!))));
    }
    for (const o of bounds) expect(selectPairs(prices, o)).toEqual(selectPairs(prices, { ...o, screen: false }));
  });
});
