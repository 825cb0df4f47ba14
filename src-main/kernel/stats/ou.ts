import { linearFit } from './ols.js';

export interface OuFit {
  /** AR(1) on the level: x_{t+1} = a + b x_t + e. */
  a: number;
  b: number;
  /** Mean the process reverts to: a / (1 - b). */
  mean: number;
  /** Speed of mean reversion per step: -ln b (kappa in Avellaneda-Lee, before annualising). */
  kappa: number;
  /** Steps for a deviation to halve: ln 2 / kappa. Infinity when the series does not revert (b >= 1). */
  halfLife: number;
  /** Standard deviation of the stationary distribution: sqrt(var(e) / (1 - b^2)). NaN when b >= 1. */
  sigmaEq: number;
  /** Variance of the AR(1) residual. */
  residualVar: number;
}

/**
 * Ornstein-Uhlenbeck fit by its exact discretisation, an AR(1) on the level (Avellaneda and Lee 2010, appendix A).
 * The half-life is ln 2 / -ln b; the common shortcut -ln 2 / beta from regressing the change on the lagged level
 * (beta = b - 1) is its first-order approximation, close when b is near 1. Undefined for fewer than 3 points or a
 * constant series.
 */
export function fitOu(x: ArrayLike<number>): OuFit | undefined {
  const n = x.length;
  if (n < 3) return undefined;
  const next = new Float64Array(n - 1);
  const prev = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) {
    next[i - 1] = x[i]!;
    prev[i - 1] = x[i - 1]!;
  }
  const f = linearFit(next, prev);
  if (!f) return undefined;
  const b = f.beta;
  const a = f.alpha;
  let ss = 0;
  for (const e of f.residuals) ss += e * e;
  const residualVar = ss / Math.max(1, f.residuals.length - 2);
  const reverts = b > 0 && b < 1;
  const kappa = reverts ? -Math.log(b) : b >= 1 ? 0 : Infinity;
  return {
    a,
    b,
    mean: b < 1 ? a / (1 - b) : NaN,
    kappa,
    halfLife: reverts ? Math.LN2 / kappa : b >= 1 ? Infinity : 0,
    sigmaEq: b < 1 && b > -1 ? Math.sqrt(residualVar / (1 - b * b)) : NaN,
    residualVar,
  };
}

/** How often a series crosses its own mean: sign changes of (x - mean), zeros skipped. */
export function meanCrossings(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= x.length;
  let last = 0;
  let crossings = 0;
  for (let i = 0; i < x.length; i++) {
    const s = Math.sign(x[i]! - mean);
    if (s === 0) continue;
    if (last !== 0 && s !== last) crossings++;
    last = s;
  }
  return crossings;
}
