import { describe, expect, it } from 'vitest';
import { fitOu, meanCrossings } from '../../../../src-main/kernel/stats/ou.js';
import { ar1 } from './random.js';

describe('fitOu', () => {
  it('a noiseless decay x_t = 10 * 0.5^t + 2 has b = 0.5, mean 2 and a half-life of exactly one step', () => {
    const x = Array.from({ length: 20 }, (_, t) => 10 * 0.5 ** t + 2);
    const f = fitOu(x)!;
    expect(f.b).toBeCloseTo(0.5, 10);
    expect(f.mean).toBeCloseTo(2, 8);
    expect(f.halfLife).toBeCloseTo(1, 8);
  });

  it('Monte Carlo: on a long AR(1) with b = 0.9 the half-life is near ln 2 / -ln 0.9 = 6.58 and sigma_eq near sigma / sqrt(1 - b^2)', () => {
    const x = ar1(50_000, 0.9, 0.3, 5);
    const f = fitOu(x)!;
    expect(Math.abs(f.halfLife / (Math.LN2 / -Math.log(0.9)) - 1)).toBeLessThan(0.05);
    expect(Math.abs(f.sigmaEq / (0.3 / Math.sqrt(1 - 0.81)) - 1)).toBeLessThan(0.03);
    // The shortcut -ln 2 / (b - 1) is within 6% of the exact form at b = 0.9.
    expect(Math.abs(-Math.LN2 / (f.b - 1) / f.halfLife - 1)).toBeLessThan(0.06);
  });

  it('a trend does not revert: b of 1 (to rounding) and a half-life beyond any window', () => {
    const f = fitOu(Array.from({ length: 50 }, (_, i) => i))!;
    expect(f.b).toBeCloseTo(1, 10);
    expect(f.halfLife).toBeGreaterThan(1e9);
  });
});

describe('meanCrossings', () => {
  it('counts sign changes around the mean, skipping points on it', () => {
    // Mean 0: + - - 0 + + - : crossings at 1, 4 (across the zero), 6.
    expect(meanCrossings([1, -1, -2, 0, 2, 1, -1])).toBe(3);
    expect(meanCrossings([1, 2, 3, 4])).toBe(1);
  });
});
