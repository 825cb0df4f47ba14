import { invertSpd } from './linalg.js';

export interface OlsResult {
  /** One coefficient per regressor column, in the order given. */
  coef: number[];
  /** Standard error of each coefficient (classical, homoskedastic). */
  stderr: number[];
  /** coef / stderr. */
  tstat: number[];
  residuals: number[];
  /** Residual variance: sum of squared residuals / (n - k). */
  sigma2: number;
  /** Sum of squared residuals. */
  ssr: number;
  n: number;
  k: number;
}

/**
 * Ordinary least squares y = X b + e by the normal equations (X'X)^-1 X'y. Fine for the few, well-scaled
 * regressors used here (ADF lags, a pair's hedge ratio, factor loadings). `columns[j][i]` is regressor j at row i;
 * pass a column of ones for an intercept. Undefined when the regressors are collinear or there are too few rows.
 */
export function ols(y: ArrayLike<number>, columns: ReadonlyArray<ArrayLike<number>>): OlsResult | undefined {
  const n = y.length;
  const k = columns.length;
  if (n <= k || k === 0) return undefined;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) {
    const ca = columns[a]!;
    for (let b = 0; b <= a; b++) {
      const cb = columns[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
      xtx[a]![b] = s;
      xtx[b]![a] = s;
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += ca[i]! * y[i]!;
    xty[a] = s;
  }
  const inv = invertSpd(xtx);
  if (!inv) return undefined;
  const coef = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  const residuals = new Array<number>(n);
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < k; j++) fit += coef[j]! * columns[j]![i]!;
    const e = y[i]! - fit;
    residuals[i] = e;
    ssr += e * e;
  }
  const sigma2 = ssr / (n - k);
  const stderr = inv.map((row, j) => Math.sqrt(sigma2 * row[j]!));
  return { coef, stderr, tstat: coef.map((c, j) => c / stderr[j]!), residuals, sigma2, ssr, n, k };
}

/** y = alpha + beta x by OLS. */
export function linearFit(y: ArrayLike<number>, x: ArrayLike<number>): { alpha: number; beta: number; residuals: number[] } | undefined {
  const r = ols(y, [ones(y.length), x]);
  return r && { alpha: r.coef[0]!, beta: r.coef[1]!, residuals: r.residuals };
}

export function ones(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}
