import { invertSpdFlat, SpdScratch } from './linalg.js';

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

// Scratch of the normal equations, reused by every call (regressions run by the thousand in a pair selection and
// never re-enter each other): no allocation but the result.
const scratch = new SpdScratch();
let xtxBuf = new Float64Array(16);
let invBuf = new Float64Array(16);

function buffers(k: number): void {
  if (xtxBuf.length < k * k) {
    xtxBuf = new Float64Array(k * k);
    invBuf = new Float64Array(k * k);
  }
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
  buffers(k);
  crossProducts(columns, n, k, xtxBuf);
  if (!invertSpdFlat(xtxBuf, k, invBuf, scratch)) return undefined;
  return solve(y, columns, invBuf, n, k);
}

/** X'X (row-major k x k), each entry summed in row order. */
function crossProducts(columns: ReadonlyArray<ArrayLike<number>>, n: number, k: number, xtx: Float64Array): void {
  for (let a = 0; a < k; a++) {
    const ca = columns[a]!;
    for (let b = 0; b <= a; b++) {
      const cb = columns[b]!;
      let s = 0;
      for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
      xtx[a * k + b] = s;
      xtx[b * k + a] = s;
    }
  }
}

/** The rest of OLS once (X'X)^-1 is known: X'y, the coefficients, residuals and their statistics. */
function solve(y: ArrayLike<number>, columns: ReadonlyArray<ArrayLike<number>>, inv: Float64Array, n: number, k: number): OlsResult {
  const xty = new Array<number>(k).fill(0);
  for (let a = 0; a < k; a++) {
    const ca = columns[a]!;
    let s = 0;
    for (let i = 0; i < n; i++) s += ca[i]! * y[i]!;
    xty[a] = s;
  }
  const coef = new Array<number>(k);
  for (let r = 0; r < k; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s = s + inv[r * k + j]! * xty[j]!;
    coef[r] = s;
  }
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
  const stderr = new Array<number>(k);
  const tstat = new Array<number>(k);
  for (let j = 0; j < k; j++) {
    stderr[j] = Math.sqrt(sigma2 * inv[j * k + j]!);
    tstat[j] = coef[j]! / stderr[j]!;
  }
  return { coef, stderr, tstat, residuals, sigma2, ssr, n, k };
}

/**
 * Many regressions on the same regressors (stat-arb regresses every symbol on one day's factor returns): X'X and its
 * inverse are computed once; `fit(y)` equals `ols(y, columns)` to the last bit.
 */
export class SharedRegressors {
  private readonly inv: Float64Array | undefined;
  private readonly n: number;
  private readonly k: number;

  constructor(private readonly columns: ReadonlyArray<ArrayLike<number>>) {
    this.k = columns.length;
    this.n = this.k > 0 ? columns[0]!.length : 0;
    if (this.n <= this.k || this.k === 0) return;
    const xtx = new Float64Array(this.k * this.k);
    crossProducts(columns, this.n, this.k, xtx);
    const inv = new Float64Array(this.k * this.k);
    this.inv = invertSpdFlat(xtx, this.k, inv, scratch) ? inv : undefined;
  }

  fit(y: ArrayLike<number>): OlsResult | undefined {
    if (y.length !== this.n) throw new RangeError(`SharedRegressors: ${y.length} observations against regressors of ${this.n}`);
    return this.inv === undefined ? undefined : solve(y, this.columns, this.inv, this.n, this.k);
  }
}

const pairXtx = new Float64Array(4);
const pairInv = new Float64Array(4);

/**
 * y = alpha + beta x by OLS: `ols(y, [ones, x])` written out for its two regressors, every operation in the same
 * order (so the same numbers to the last bit), without building the column of ones or the unused statistics.
 */
export function linearFit(y: ArrayLike<number>, x: ArrayLike<number>): { alpha: number; beta: number; residuals: number[] } | undefined {
  const n = y.length;
  if (n <= 2) return undefined;
  let s00 = 0;
  let s10 = 0;
  let s11 = 0;
  let sy0 = 0;
  let sy1 = 0;
  // One pass, five sums: each is still added up in index order, so each equals ols's own loop over its column pair.
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    s00 += 1 * 1;
    sy0 += 1 * yi;
    s10 += xi * 1;
    s11 += xi * xi;
    sy1 += xi * yi;
  }
  return linearFitFromSums(y, x, s00, s10, s11, sy0, sy1);
}

/**
 * linearFit from its sums, for callers that share them between regressions (a pair selection regresses every y
 * on the same x): s00 = n, s10 = sum x, s11 = sum x^2, sy0 = sum y, sy1 = sum x y, each summed in index order.
 */
export function linearFitFromSums(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  s00: number,
  s10: number,
  s11: number,
  sy0: number,
  sy1: number,
): { alpha: number; beta: number; residuals: number[] } | undefined {
  const n = y.length;
  if (n <= 2) return undefined;
  pairXtx[0] = s00;
  pairXtx[1] = s10;
  pairXtx[2] = s10;
  pairXtx[3] = s11;
  if (!invertSpdFlat(pairXtx, 2, pairInv, scratch)) return undefined;
  let alpha = 0;
  alpha = alpha + pairInv[0]! * sy0;
  alpha = alpha + pairInv[1]! * sy1;
  let beta = 0;
  beta = beta + pairInv[2]! * sy0;
  beta = beta + pairInv[3]! * sy1;
  const residuals = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let fit = 0;
    fit += alpha * 1;
    fit += beta * x[i]!;
    residuals[i] = y[i]! - fit;
  }
  return { alpha, beta, residuals };
}

export function ones(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}
