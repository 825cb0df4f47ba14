import { CodedError } from '../../../src-shared/ipc/errors.js';

/** A return history: rows are periods, columns assets (the same order as the symbols beside it). */
export type ReturnMatrix = ReadonlyArray<ArrayLike<number>>;

function shape(returns: ReturnMatrix): { n: number; p: number } {
  const n = returns.length;
  const p = n > 0 ? returns[0]!.length : 0;
  if (n < 2 || p < 1) throw new CodedError('BAD_REQUEST', 'a covariance needs at least two periods of returns for at least one asset');
  for (const row of returns) {
    if (row.length !== p) throw new CodedError('BAD_REQUEST', 'every period needs a return for every asset (align the histories first)');
    for (let j = 0; j < p; j++) if (!Number.isFinite(row[j]!)) throw new CodedError('BAD_REQUEST', 'returns must be finite numbers');
  }
  return { n, p };
}

export function meanReturns(returns: ReturnMatrix): Float64Array {
  const { n, p } = shape(returns);
  const mean = new Float64Array(p);
  for (const row of returns) for (let j = 0; j < p; j++) mean[j]! += row[j]! / n;
  return mean;
}

/** The maximum-likelihood covariance (divided by n, as Ledoit and Wolf's estimator is defined), row-major p x p. */
function centredCovariance(returns: ReturnMatrix, n: number, p: number, mean: Float64Array): Float64Array {
  const s = new Float64Array(p * p);
  for (const row of returns) {
    for (let i = 0; i < p; i++) {
      const di = row[i]! - mean[i]!;
      for (let j = i; j < p; j++) s[i * p + j]! += (di * (row[j]! - mean[j]!)) / n;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) s[i * p + j] = s[j * p + i]!;
  return s;
}

export interface ShrunkCovariance {
  /** Row-major p x p. */
  matrix: Float64Array;
  size: number;
  /** The weight on the scaled identity, in [0, 1]. */
  shrinkage: number;
}

/**
 * Ledoit and Wolf's (2004) shrinkage of the sample covariance towards a scaled identity, with the intensity that
 * minimises the expected squared error: sample covariances of many assets from few periods are far too confident in
 * their extreme eigenvalues, which a mean-variance optimiser then bets on.
 */
export function ledoitWolf(returns: ReturnMatrix): ShrunkCovariance {
  const { n, p } = shape(returns);
  const mean = meanReturns(returns);
  const s = centredCovariance(returns, n, p, mean);
  let trace = 0;
  for (let i = 0; i < p; i++) trace += s[i * p + i]!;
  const mu = trace / p;
  // delta: squared distance of S from the target; beta: the estimated error of S itself, capped by delta.
  let delta = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const d = s[i * p + j]! - (i === j ? mu : 0);
      delta += d * d;
    }
  }
  let beta = 0;
  const x = new Float64Array(p);
  for (const row of returns) {
    for (let j = 0; j < p; j++) x[j] = row[j]! - mean[j]!;
    let err = 0;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        const d = x[i]! * x[j]! - s[i * p + j]!;
        err += d * d;
      }
    }
    beta += err / (n * n);
  }
  const shrinkage = delta > 0 ? Math.min(beta, delta) / delta : 0;
  const matrix = new Float64Array(p * p);
  for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) matrix[i * p + j] = (1 - shrinkage) * s[i * p + j]! + (i === j ? shrinkage * mu : 0);
  return { matrix, size: p, shrinkage };
}

/** The sample covariance with n - 1 (for reporting beside the shrunk one). */
export function sampleCovariance(returns: ReturnMatrix): Float64Array {
  const { n, p } = shape(returns);
  const s = centredCovariance(returns, n, p, meanReturns(returns));
  for (let k = 0; k < s.length; k++) s[k] = (s[k]! * n) / (n - 1);
  return s;
}
