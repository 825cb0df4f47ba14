import { describe, expect, it } from 'vitest';
import { symmetricEigenFlat } from '../../../../src-main/kernel/stats/linalg.js';
import { SlidingCorrelation } from '../../../../src-main/kernel/stats/sliding-correlation.js';
import { topEigen } from '../../../../src-main/kernel/stats/top-eigen.js';
import { normals } from './random.js';
import { realReturnColumns } from './real-returns.js';
import { apart } from './unit-vectors.js';

function correlationOf(window: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const s = new SlidingCorrelation();
  s.update(window);
  return s.correlation()!.corr;
}

/**
 * Yesterday's window decomposed in full, today's (moved by one row) by topEigen from yesterday's leading vectors,
 * against today's full decomposition.
 */
function compare(rows: Float64Array[], t: number, k: number, guard: number, degree: number): void {
  const n = rows[0]!.length;
  const yesterday = symmetricEigenFlat(correlationOf(rows.slice(0, t)), n);
  const corr = correlationOf(rows.slice(1, t + 1));
  const exact = symmetricEigenFlat(corr, n);
  // The filtered iteration within PcaTracker's cap of 12: a dominant first eigenvalue (the market mode) must not
  // swamp the block (it did before the degree was capped and locked vectors deflated).
  const fast = topEigen(corr, n, k, yesterday.vectors.slice(0, k + guard), { degree, maxIterations: degree === 1 ? 300 : 12 });
  expect(fast).toBeDefined();
  for (let j = 0; j < k; j++) {
    expect(Math.abs(fast!.values[j]! - exact.values[j]!)).toBeLessThan(1e-8 * Math.max(1, exact.values[0]!));
    expect(apart(fast!.vectors[j]!, exact.vectors[j]!)).toBeLessThan(1e-8);
    // The sign rule of symmetricEigen: the same vector, not its negative.
    expect(fast!.vectors[j]!.reduce((s, x, i) => s + x * exact.vectors[j]![i]!, 0)).toBeGreaterThan(0.999);
  }
}

describe('topEigen', () => {
  const z = normals(11);

  it('a market mode 30 times the bulk (a real universe): 3 pairs of 70 symbols over 60 rows', () => {
    const n = 70;
    const rows = Array.from({ length: 61 }, () => {
      const f = z();
      return Float64Array.from({ length: n }, () => 0.01 * f + 0.01 * z());
    });
    const lambda1 = symmetricEigenFlat(correlationOf(rows.slice(0, 60)), n).values[0]!;
    expect(lambda1).toBeGreaterThan(25);
    compare(rows, 60, 3, 6, 12);
  });

  it('random returns with three common factors: the 8 leading pairs of 90 symbols equal full Jacobi to 1e-8 (plain and filtered)', () => {
    const n = 90;
    const rows = Array.from({ length: 201 }, () => {
      const f = [z(), z(), z()];
      return Float64Array.from({ length: n }, (_, i) => 0.01 * (f[0]! + (i % 3 === 0 ? f[1]! : 0) + (i % 5 === 0 ? 0.7 * f[2]! : 0)) + 0.015 * z());
    });
    compare(rows, 200, 8, 10, 1);
    compare(rows, 200, 8, 10, 8);
    compare(rows, 200, 8, 6, 12);
  });

  it('pure noise, more symbols than rows (no spectral gap, as the scanner benchmark): 15 pairs of 120 symbols over 80 rows', () => {
    const n = 120;
    const rows = Array.from({ length: 81 }, () => Float64Array.from({ length: n }, () => 0.02 * z()));
    compare(rows, 80, 15, 10, 8);
  });

  it('real daily returns (ORCL, NVDA, YHOO stretches as 48 columns): 10 pairs equal full Jacobi to 1e-8', () => {
    const rows = realReturnColumns(250);
    expect(rows[0]!.length).toBeGreaterThan(40);
    compare(rows, 200, 10, 10, 8);
    compare(rows.slice(40), 120, 10, 6, 1);
  });

  it('gives up (undefined) when the cap comes first or the start block is degenerate', () => {
    const n = 60;
    const rows = Array.from({ length: 41 }, () => Float64Array.from({ length: n }, () => z()));
    const corr = correlationOf(rows.slice(1));
    const start = symmetricEigenFlat(correlationOf(rows.slice(0, 40)), n).vectors.slice(0, 12);
    expect(topEigen(corr, n, 10, start, { maxIterations: 1, degree: 1 })).toBeUndefined();
    expect(topEigen(corr, n, 2, [start[0]!, start[0]!])).toBeUndefined();
  });
});
