import { symmetricEigen, type Eigen } from './linalg.js';

export interface PcaFactors {
  /** Eigenvalues of the correlation matrix, largest first (they sum to the number of symbols). */
  values: number[];
  /** Share of the total variance each kept component explains. */
  explained: number[];
  /** Eigenportfolio weights per kept component: v_ij / sigma_i, applied to raw returns (Avellaneda-Lee eq. 9). */
  weights: number[][];
  /** factorReturns[j][t]: the return of eigenportfolio j at row t of the input. */
  factorReturns: number[][];
  /** The full decomposition: pass it back as `previous` for the next, nearby window (a warm start). */
  eigen: Eigen;
}

/**
 * Principal components of a window of returns (rows: times, columns: symbols), as Avellaneda and Lee (2010,
 * section 2.1) build their factors: the correlation matrix of the standardised returns, its leading eigenvectors,
 * and each eigenvector divided by the symbols' volatilities as a portfolio whose return is a factor. Undefined when
 * a column has no variance (a symbol that did not trade) or there are fewer rows than 3.
 */
export function pcaFactors(returns: ReadonlyArray<ArrayLike<number>>, components: number, previous?: Eigen): PcaFactors | undefined {
  const t = returns.length;
  if (t < 3) return undefined;
  const n = returns[0]!.length;
  const k = Math.max(1, Math.min(components, n));
  const mean = new Array<number>(n).fill(0);
  const sd = new Array<number>(n).fill(0);
  for (const row of returns) for (let i = 0; i < n; i++) mean[i] = mean[i]! + row[i]! / t;
  for (const row of returns) for (let i = 0; i < n; i++) sd[i] = sd[i]! + (row[i]! - mean[i]!) ** 2 / (t - 1);
  for (let i = 0; i < n; i++) {
    sd[i] = Math.sqrt(sd[i]!);
    if (!(sd[i]! > 0)) return undefined;
  }
  const corr = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const row of returns) {
    for (let i = 0; i < n; i++) {
      const zi = (row[i]! - mean[i]!) / sd[i]!;
      for (let j = 0; j <= i; j++) corr[i]![j] = corr[i]![j]! + (zi * (row[j]! - mean[j]!)) / sd[j]! / (t - 1);
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) corr[j]![i] = corr[i]![j]!;
  const eig = symmetricEigen(corr, 100, previous);
  const total = eig.values.reduce((s, v) => s + v, 0);
  const weights = eig.vectors.slice(0, k).map((v) => v.map((x, i) => x / sd[i]!));
  const factorReturns = weights.map((w) => returns.map((row) => w.reduce((s, wi, i) => s + wi * row[i]!, 0)));
  return { values: eig.values, explained: eig.values.slice(0, k).map((v) => v / total), weights, factorReturns, eigen: eig };
}
