import { symmetricEigenFlat, type Eigen } from './linalg.js';

export interface PcaFactors {
  /**
   * Eigenvalues of the correlation matrix, largest first: all n of them (they sum to the number of symbols) when
   * `spectrum` is 'full', only the kept components' when it is 'leading' (PcaTracker's fast path for big universes).
   */
  values: number[];
  /** Which eigenvalues `values` holds (see there). */
  spectrum: 'full' | 'leading';
  /** Share of the total variance (the trace, n) each kept component explains. */
  explained: number[];
  /** Eigenportfolio weights per kept component: v_ij / sigma_i, applied to raw returns (Avellaneda-Lee eq. 9). */
  weights: number[][];
  /** factorReturns[j][t]: the return of eigenportfolio j at row t of the input (computed when first read). */
  readonly factorReturns: number[][];
  /** The decomposition (full, or the leading pairs): pass a full one back as `previous` for the next window (a warm start). */
  eigen: Eigen;
}

/**
 * Principal components of a window of returns (rows: times, columns: symbols), as Avellaneda and Lee (2010,
 * section 2.1) build their factors: the correlation matrix of the standardised returns, its leading eigenvectors,
 * and each eigenvector divided by the symbols' volatilities as a portfolio whose return is a factor. Undefined when
 * a column has no variance (a symbol that did not trade) or there are fewer rows than 3.
 * The correlation sums run in flat typed arrays, every term in the order it always was (same numbers to the bit);
 * the factor returns over the whole window are computed only if read (stat-arb uses its own shorter window).
 */
export function pcaFactors(returns: ReadonlyArray<ArrayLike<number>>, components: number, previous?: Eigen): PcaFactors | undefined {
  const t = returns.length;
  if (t < 3) return undefined;
  const n = returns[0]!.length;
  const k = Math.max(1, Math.min(components, n));
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  for (const row of returns) for (let i = 0; i < n; i++) mean[i] = mean[i]! + row[i]! / t;
  for (const row of returns) for (let i = 0; i < n; i++) sd[i] = sd[i]! + (row[i]! - mean[i]!) ** 2 / (t - 1);
  for (let i = 0; i < n; i++) {
    sd[i] = Math.sqrt(sd[i]!);
    if (!(sd[i]! > 0)) return undefined;
  }
  const corr = new Float64Array(n * n);
  const d = new Float64Array(n);
  const tm1 = t - 1;
  for (const row of returns) {
    for (let j = 0; j < n; j++) d[j] = row[j]! - mean[j]!;
    for (let i = 0; i < n; i++) {
      const zi = d[i]! / sd[i]!;
      const base = i * n;
      for (let j = 0; j <= i; j++) corr[base + j] = corr[base + j]! + (zi * d[j]!) / sd[j]! / tm1;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) corr[j * n + i] = corr[i * n + j]!;
  const eig = symmetricEigenFlat(corr, n, 100, previous);
  const total = eig.values.reduce((s, v) => s + v, 0);
  return factorsOf(returns, eig, k, sd, total, 'full');
}

/**
 * The factors of a decomposition `eig` (its first k pairs kept) of the correlation matrix of `returns`, whose
 * columns have volatilities `sd`; `total` is the variance the `explained` shares are of.
 */
export function factorsOf(returns: ReadonlyArray<ArrayLike<number>>, eig: Eigen, k: number, sd: ArrayLike<number>, total: number, spectrum: 'full' | 'leading'): PcaFactors {
  const weights = eig.vectors.slice(0, k).map((v) => v.map((x, i) => x / sd[i]!));
  let factorReturns: number[][] | undefined;
  return {
    values: eig.values,
    spectrum,
    explained: eig.values.slice(0, k).map((v) => v / total),
    weights,
    get factorReturns(): number[][] {
      factorReturns ??= weights.map((w) => returns.map((row) => w.reduce((s, wi, i) => s + wi * row[i]!, 0)));
      return factorReturns;
    },
    eigen: eig,
  };
}
