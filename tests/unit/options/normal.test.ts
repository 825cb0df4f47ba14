import { describe, expect, it } from 'vitest';
import { DENSITY, normCdf, normCdfAndDensity } from '../../../src-shared/options/normal.js';

// An independent reference: erf by its Taylor series near 0 and erfc by its continued fraction in the tail, both
// summed far past double precision; Phi(x) = erfc(-x / sqrt 2) / 2.
function erfSeries(z: number): number {
  let sum = 0;
  let term = z;
  for (let n = 0; n < 200; n++) {
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-18 * Math.abs(sum)) break;
    term *= (-z * z) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
/** P(Z > t) for t >= 2: phi(t) / (t + 1/(t + 2/(t + 3/(t + ...)))) by Lentz's method, with exp(-t^2/2) split exactly. */
function upperTailContinuedFraction(t: number): number {
  let f = t;
  let c = t;
  let d = 0;
  for (let n = 1; n < 20000; n++) {
    d = 1 / (t + n * d);
    c = t + n / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  const hi = Math.round(t * 1024) / 1024; // hi * hi is exact
  const lo = t - hi;
  const pdf = (Math.exp(-0.5 * hi * hi) * Math.exp(-(hi * lo + 0.5 * lo * lo))) / Math.sqrt(2 * Math.PI);
  return pdf / f;
}
function referenceCdf(x: number): number {
  if (Math.abs(x) < 2) return 0.5 * (1 + erfSeries(x / Math.SQRT2));
  return x < 0 ? upperTailContinuedFraction(-x) : 1 - upperTailContinuedFraction(x);
}

describe('normal CDF (Cody)', () => {
  it('matches published values', () => {
    expect(normCdf(0)).toBe(0.5);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 15);
    expect(normCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 12);
    expect(normCdf(-37) / 5.72557122252458e-300).toBeCloseTo(1, 10);
    expect(normCdf(-40)).toBe(0);
    expect(normCdf(40)).toBe(1);
    expect(normCdf(Number.NaN)).toBeNaN();
  });

  it('agrees with an independent series and continued fraction to ~1e-15 relative, far into the lower tail', () => {
    let worst = 0;
    for (let x = -37; x <= 8; x += 0.01) {
      const ref = referenceCdf(x);
      const got = normCdf(x);
      const err = x <= 0 ? Math.abs(got - ref) / ref : Math.abs(got - ref);
      worst = Math.max(worst, err);
    }
    // The reference itself carries a few 1e-15 (cancellation in 1 + erf near x = -2).
    expect(worst).toBeLessThan(1e-14);
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (let x = 0; x < 8; x += 0.137) expect(normCdf(x) + normCdf(-x)).toBeCloseTo(1, 15);
  });

  it('normCdfAndDensity gives the same probability and the density from the same exponential', () => {
    for (let x = -38; x <= 9; x += 0.0731) {
      expect(normCdfAndDensity(x)).toBe(normCdf(x));
      const pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(DENSITY[0]! - pdf) / pdf).toBeLessThan(1e-13 * (1 + x * x)); // exp's own conditioning in x^2
    }
  });
});
