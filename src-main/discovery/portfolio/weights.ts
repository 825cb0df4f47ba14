import { CodedError } from '../../../src-shared/ipc/errors.js';

/** Row-major p x p covariance times a vector. */
export function covTimes(cov: Float64Array, p: number, w: ArrayLike<number>, out = new Float64Array(p)): Float64Array {
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += cov[i * p + j]! * w[j]!;
    out[i] = s;
  }
  return out;
}

export function portfolioVariance(cov: Float64Array, p: number, w: ArrayLike<number>): number {
  const cw = covTimes(cov, p, w);
  let v = 0;
  for (let i = 0; i < p; i++) v += w[i]! * cw[i]!;
  return v;
}

/** Each asset's share of the portfolio's variance: w_i (Cov w)_i / w'Cov w (they sum to 1). */
export function riskContributions(cov: Float64Array, p: number, w: ArrayLike<number>): Float64Array {
  const cw = covTimes(cov, p, w);
  const total = portfolioVariance(cov, p, w);
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) out[i] = total > 0 ? (w[i]! * cw[i]!) / total : 0;
  return out;
}

/** Per-asset bounds and the budget the weights sum to. */
export interface WeightBounds {
  lower: Float64Array;
  upper: Float64Array;
  budget: number;
}

export function bounds(p: number, options: { lower?: number; upper?: number; budget?: number } = {}): WeightBounds {
  const lower = options.lower ?? 0;
  const upper = options.upper ?? 1;
  const budget = options.budget ?? 1;
  if (!(upper >= lower)) throw new CodedError('BAD_REQUEST', `the largest weight (${upper}) must not be below the smallest (${lower})`);
  if (p * upper < budget - 1e-12 || p * lower > budget + 1e-12) {
    throw new CodedError('BAD_REQUEST', `no weights of ${p} assets between ${lower} and ${upper} sum to ${budget}: raise the position limit or add assets`);
  }
  return { lower: new Float64Array(p).fill(lower), upper: new Float64Array(p).fill(upper), budget };
}

/**
 * Euclidean projection onto { w : lower <= w <= upper, sum w = budget }: w_i = clip(v_i - tau), tau found by
 * bisection (the sum is monotone in tau). The feasible set of every long-only or boxed optimiser here.
 */
export function projectOntoBox(v: ArrayLike<number>, b: WeightBounds, out = new Float64Array(v.length)): Float64Array {
  const p = v.length;
  const sumAt = (tau: number): number => {
    let s = 0;
    for (let i = 0; i < p; i++) s += Math.min(b.upper[i]!, Math.max(b.lower[i]!, v[i]! - tau));
    return s;
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < p; i++) {
    lo = Math.min(lo, v[i]! - b.upper[i]!);
    hi = Math.max(hi, v[i]! - b.lower[i]!);
  }
  for (let k = 0; k < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); k++) {
    const mid = (lo + hi) / 2;
    if (sumAt(mid) > b.budget) lo = mid;
    else hi = mid;
  }
  const tau = (lo + hi) / 2;
  for (let i = 0; i < p; i++) out[i] = Math.min(b.upper[i]!, Math.max(b.lower[i]!, v[i]! - tau));
  return out;
}

/**
 * A turnover limit: when reaching the target would trade more than `maxTurnover` (sum of |w - current|), move only
 * that far along the straight line towards it. The line stays inside the (convex) feasible set, so every limit holds.
 */
export function limitTurnover(target: Float64Array, current: ArrayLike<number>, maxTurnover: number): { weights: Float64Array; turnover: number; capped: boolean } {
  let turnover = 0;
  for (let i = 0; i < target.length; i++) turnover += Math.abs(target[i]! - current[i]!);
  if (turnover <= maxTurnover || turnover === 0) return { weights: target, turnover, capped: false };
  const a = maxTurnover / turnover;
  const weights = new Float64Array(target.length);
  for (let i = 0; i < target.length; i++) weights[i] = current[i]! + a * (target[i]! - current[i]!);
  return { weights, turnover: maxTurnover, capped: true };
}
