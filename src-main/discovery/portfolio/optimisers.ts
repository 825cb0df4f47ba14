import { CodedError } from '../../../src-shared/ipc/errors.js';
import { invertSpdFlat } from '../../kernel/stats/linalg.js';
import { covTimes, projectOntoBox, type WeightBounds } from './weights.js';

function checkSquare(cov: Float64Array, p: number): void {
  if (cov.length !== p * p || p < 1) throw new CodedError('BAD_REQUEST', `the covariance must be ${p} x ${p}`);
  for (let i = 0; i < p; i++) if (!(cov[i * p + i]! > 0)) throw new CodedError('BAD_REQUEST', `asset ${i + 1} has no variance: drop it or give it a history`);
}

/** An upper bound of the largest eigenvalue (Gershgorin): the gradient's Lipschitz constant for the step size. */
function spectralBound(cov: Float64Array, p: number): number {
  let bound = 0;
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += Math.abs(cov[i * p + j]!);
    bound = Math.max(bound, s);
  }
  return bound;
}

export interface MeanVarianceInput {
  cov: Float64Array;
  size: number;
  /** Expected returns per period; all zero (or absent) gives the minimum-variance portfolio. */
  expected?: ArrayLike<number>;
  /** lambda in w'mu - lambda/2 w'Cov w. */
  riskAversion?: number;
  bounds: WeightBounds;
}

/**
 * Markowitz: the weights maximising w'mu - (lambda/2) w'Cov w within per-asset bounds and a budget, by accelerated
 * projected gradient (FISTA); the problem is convex, so this is the optimum, to 1e-12 in the weights' steps.
 */
export function meanVariance(input: MeanVarianceInput): Float64Array {
  const p = input.size;
  checkSquare(input.cov, p);
  const lambda = input.riskAversion ?? 1;
  if (!(lambda > 0)) throw new CodedError('BAD_REQUEST', 'risk aversion must be above 0');
  const mu = input.expected ?? new Float64Array(p);
  const step = 1 / (lambda * spectralBound(input.cov, p));
  let w = projectOntoBox(new Float64Array(p).fill(input.bounds.budget / p), input.bounds);
  let y = Float64Array.from(w);
  let t = 1;
  const grad = new Float64Array(p);
  const trial = new Float64Array(p);
  for (let iteration = 0; iteration < 100_000; iteration++) {
    covTimes(input.cov, p, y, grad);
    for (let i = 0; i < p; i++) trial[i] = y[i]! + step * (mu[i]! - lambda * grad[i]!);
    const next = projectOntoBox(trial, input.bounds);
    let moved = 0;
    for (let i = 0; i < p; i++) moved = Math.max(moved, Math.abs(next[i]! - w[i]!));
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    for (let i = 0; i < p; i++) y[i] = next[i]! + ((t - 1) / tNext) * (next[i]! - w[i]!);
    w = next;
    t = tNext;
    if (moved < 1e-13) break;
  }
  return w;
}

/**
 * The unconstrained mean-variance weights (short sales allowed, budget 1) in closed form:
 * w = Cov^-1 (mu - gamma 1) / lambda, gamma making them sum to 1. The reference the constrained solver meets when its
 * bounds do not bind.
 */
export function meanVarianceClosedForm(cov: Float64Array, p: number, expected: ArrayLike<number>, riskAversion: number): Float64Array {
  checkSquare(cov, p);
  const inv = new Float64Array(p * p);
  if (!invertSpdFlat(cov, p, inv)) throw new CodedError('BAD_REQUEST', 'the covariance is singular: two assets move as one; shrink it (Ledoit-Wolf) or drop one');
  const ones = new Float64Array(p).fill(1);
  const invOnes = covTimes(inv, p, ones);
  const invMu = covTimes(inv, p, expected);
  let a = 0;
  let b = 0;
  for (let i = 0; i < p; i++) {
    a += invOnes[i]!;
    b += invMu[i]!;
  }
  const gamma = (b - riskAversion) / a;
  const w = new Float64Array(p);
  for (let i = 0; i < p; i++) w[i] = (invMu[i]! - gamma * invOnes[i]!) / riskAversion;
  return w;
}

/**
 * Risk parity: long-only weights whose risk contributions w_i (Cov w)_i match the budgets (equal by default), by
 * cyclical coordinate descent (Griveau-Billion, Richard and Roncalli, 2013), then scaled to sum to 1.
 */
export function riskParity(cov: Float64Array, p: number, budgets?: ArrayLike<number>): Float64Array {
  checkSquare(cov, p);
  const b = budgets ? Float64Array.from(budgets) : new Float64Array(p).fill(1 / p);
  let x = new Float64Array(p);
  for (let i = 0; i < p; i++) x[i] = 1 / Math.sqrt(cov[i * p + i]!);
  for (let sweep = 0; sweep < 10_000; sweep++) {
    let moved = 0;
    for (let i = 0; i < p; i++) {
      let c = 0;
      for (let j = 0; j < p; j++) if (j !== i) c += cov[i * p + j]! * x[j]!;
      let variance = 0;
      const cx = covTimes(cov, p, x);
      for (let j = 0; j < p; j++) variance += x[j]! * cx[j]!;
      const sigma = Math.sqrt(variance);
      const sii = cov[i * p + i]!;
      const next = (-c + Math.sqrt(c * c + 4 * sii * b[i]! * sigma)) / (2 * sii);
      moved = Math.max(moved, Math.abs(next - x[i]!) / Math.max(next, 1e-300));
      x[i] = next;
    }
    if (moved < 1e-12) break;
  }
  let sum = 0;
  for (let i = 0; i < p; i++) sum += x[i]!;
  x = x.map((v) => v / sum);
  return x;
}
