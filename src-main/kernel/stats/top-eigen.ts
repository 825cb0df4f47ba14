import { symmetricEigenFlat } from './linalg.js';

/**
 * The leading eigenpairs of a symmetric positive semi-definite matrix (a correlation matrix) by warm-started
 * subspace iteration with Rayleigh-Ritz (Saad, Numerical Methods for Large Eigenvalue Problems, 2nd ed., ch. 5):
 * stat-arb needs only its `components` leading eigenvectors of an N x N matrix that changes a little each bar (PcaTracker
 * uses this where the window has at least as many rows as symbols; with more symbols, gram-eigen.ts),
 * where the full Jacobi decomposition costs seconds. A block Q of m >= k orthonormal vectors (yesterday's Ritz
 * vectors: nearly today's answer) is multiplied by A, the small m x m problem Q'AQ is solved with the existing
 * Jacobi, and the block becomes the orthonormalised A X. The m - k extra vectors are a guard band: the error in
 * vector j shrinks by about lambda_(m+1) / lambda_j an iteration instead of lambda_(k+1) / lambda_j.
 *
 * Each multiplication is a polynomial filter (a Chebyshev polynomial of A of degree `degree`, Zhou and Saad 2007,
 * "Chebyshev-filtered subspace iteration"): it damps the spectrum below the block's smallest Ritz value, where the
 * unwanted eigenvalues lie, and grows the wanted ones far faster than A^degree does when the spectrum has no gap
 * (a correlation matrix of more symbols than rows has none past its first few values). Degree 1 is plain A.
 *
 * Stops when every wanted pair's residual |A x - theta x| is below `tol` times max(1, theta_1); undefined when the
 * cap on iterations comes first (the caller then takes the full decomposition).
 */
export interface TopEigen {
  /** The k leading eigenvalues, largest first. */
  values: number[];
  /** vectors[j] is the unit eigenvector of values[j], its largest component made positive (as symmetricEigen). */
  vectors: number[][];
  /** All m Ritz vectors (the k wanted and the guard band), the warm start of the next call. */
  block: Float64Array[];
  /** Iterations taken (each `degree` multiplications of the block by A, and one more for Rayleigh-Ritz). */
  iterations: number;
}

export interface TopEigenOptions {
  /** Residual tolerance, relative to max(1, largest eigenvalue). */
  tol?: number;
  maxIterations?: number;
  /** Chebyshev filter degree per iteration (1: plain subspace iteration). */
  degree?: number;
}

/**
 * Top k eigenpairs of the row-major n x n symmetric matrix `a`, starting from `start` (m >= k vectors of length n,
 * e.g. the previous call's `block`; they need not be orthonormal). Undefined when it has not converged within
 * `maxIterations` or the block degenerates (the start vectors did not span m dimensions).
 */
export function topEigen(a: Float64Array, n: number, k: number, start: ReadonlyArray<ArrayLike<number>>, options: TopEigenOptions = {}): TopEigen | undefined {
  const tol = options.tol ?? 1e-10;
  const maxIterations = options.maxIterations ?? 20;
  const degree = Math.max(1, options.degree ?? 1);
  const m = start.length;
  if (m < k || m > n || k < 1) return undefined;
  let q: Float64Array[] = start.map((v) => Float64Array.from(v));
  if (!orthonormalise(q, n)) return undefined;
  let aq = multiply(a, n, q);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Rayleigh-Ritz: the eigenpairs of H = Q'AQ give the best approximations the block's span holds.
    const h = new Float64Array(m * m);
    for (let p = 0; p < m; p++) {
      for (let c = p; c < m; c++) {
        const v = (dot(q[p]!, aq[c]!, n) + dot(q[c]!, aq[p]!, n)) / 2;
        h[p * m + c] = v;
        h[c * m + p] = v;
      }
    }
    const small = symmetricEigenFlat(h, m);
    const x = combine(q, small.vectors, n);
    const ax = combine(aq, small.vectors, n);
    const scale = tol * Math.max(1, Math.abs(small.values[0]!));
    // Locking: the leading pairs that have converged stay as they are; only the rest are filtered again (the
    // well-separated leading vectors converge in an iteration or two, the last few in the cluster take longer).
    let locked = 0;
    while (locked < k && residual(ax[locked]!, x[locked]!, small.values[locked]!, n) < scale) locked++;
    if (locked === k) {
      return { values: small.values.slice(0, k), vectors: x.slice(0, k).map(signFixed), block: x, iterations: iteration };
    }
    // The filter: damp [0, the block's smallest Ritz value] (A is positive semi-definite), grow what is above.
    // The locked vectors are projected out of every step (deflation), and the degree is capped so that the
    // largest active Ritz value is not grown more than 1e8 times the band's edge: a market mode (lambda_1 of a
    // real universe is tens of times the rest) would otherwise swamp every other vector of the block, and
    // orthogonalising it back out would leave only rounding error. Once it is locked, the full degree returns.
    const active = x.slice(locked);
    const activeAx = ax.slice(locked);
    const lo = 0;
    const hi = small.values[m - 1]!;
    const top = small.values[locked]!;
    const reach = (top - (hi + lo) / 2) / ((hi - lo) / 2);
    const d = reach > 1 ? Math.max(1, Math.min(degree, Math.floor(Math.log(2e8) / Math.acosh(reach)))) : degree;
    const lockedX = x.slice(0, locked);
    const filtered = d === 1 ? activeAx : chebyshev(a, n, active, activeAx, d, lo, hi, top, lockedX);
    q = x.slice(0, locked).concat(filtered);
    if (!orthonormalise(q, n, locked)) return undefined;
    aq = ax.slice(0, locked).concat(multiply(a, n, q.slice(locked)));
  }
  return undefined;
}

/** The largest-magnitude component made positive, as symmetricEigenFlat does, so weights keep their sign bar to bar. */
export function signFixed(v: Float64Array): number[] {
  let big = 0;
  for (const x of v) if (Math.abs(x) > Math.abs(big)) big = x;
  return big < 0 ? Array.from(v, (x) => -x) : Array.from(v);
}

/** v minus its parts along the orthonormal vectors `basis`. */
function deflate(v: Float64Array, basis: Float64Array[], n: number): void {
  for (const u of basis) {
    const f = dot(u, v, n);
    for (let i = 0; i < n; i++) v[i] = v[i]! - f * u[i]!;
  }
}

/** |A x - theta x|. */
function residual(ax: Float64Array, x: Float64Array, theta: number, n: number): number {
  let r2 = 0;
  for (let i = 0; i < n; i++) r2 += (ax[i]! - theta * x[i]!) ** 2;
  return Math.sqrt(r2);
}

function dot(x: Float64Array, y: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
  return s;
}

/**
 * A times each vector of the block. Four vectors at a time share each read of a row of A (the multiplication is
 * nearly all of the cost, and memory, not arithmetic, bounds it).
 */
function multiply(a: Float64Array, n: number, block: Float64Array[]): Float64Array[] {
  const m = block.length;
  const out = block.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const base = i * n;
    let c = 0;
    for (; c + 4 <= m; c += 4) {
      const v0 = block[c]!;
      const v1 = block[c + 1]!;
      const v2 = block[c + 2]!;
      const v3 = block[c + 3]!;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const aij = a[base + j]!;
        s0 += aij * v0[j]!;
        s1 += aij * v1[j]!;
        s2 += aij * v2[j]!;
        s3 += aij * v3[j]!;
      }
      out[c]![i] = s0;
      out[c + 1]![i] = s1;
      out[c + 2]![i] = s2;
      out[c + 3]![i] = s3;
    }
    for (; c < m; c++) out[c]![i] = dot(a.subarray(base, base + n), block[c]!, n);
  }
  return out;
}

/** out[r] = sum_c w[r][c] block[c]. */
function combine(block: Float64Array[], w: number[][], n: number): Float64Array[] {
  return w.map((wr) => {
    const out = new Float64Array(n);
    for (let c = 0; c < wr.length; c++) {
      const f = wr[c]!;
      const v = block[c]!;
      for (let i = 0; i < n; i++) out[i] = out[i]! + f * v[i]!;
    }
    return out;
  });
}

/**
 * p(A) X for the degree-d Chebyshev polynomial that is small on [lo, hi] and large above it, by the three-term
 * recurrence with scaling (Zhou and Saad 2007, algorithm 3.2) so nothing overflows; `ax` is A X, already known.
 * Each product is taken with the `locked` (orthonormal) vectors projected out: the filter works on the rest of A.
 */
function chebyshev(a: Float64Array, n: number, x: Float64Array[], ax: Float64Array[], d: number, lo: number, hi: number, top: number, locked: Float64Array[]): Float64Array[] {
  const e = (hi - lo) / 2;
  const centre = (hi + lo) / 2;
  if (!(e > 0)) return ax;
  let sigma = e / (top - centre);
  const tau = 2 / sigma;
  let prev = x;
  // Y = (A X - c X) sigma / e
  let y = x.map((xc, c) => {
    const out = new Float64Array(n);
    const axc = ax[c]!;
    for (let i = 0; i < n; i++) out[i] = ((axc[i]! - centre * xc[i]!) * sigma) / e;
    return out;
  });
  for (let step = 2; step <= d; step++) {
    const sigmaNext = 1 / (tau - sigma);
    const ay = multiply(a, n, y);
    for (const v of ay) deflate(v, locked, n);
    const next = y.map((yc, c) => {
      const out = new Float64Array(n);
      const ayc = ay[c]!;
      const pc = prev[c]!;
      for (let i = 0; i < n; i++) out[i] = ((2 * sigmaNext) / e) * (ayc[i]! - centre * yc[i]!) - sigma * sigmaNext * pc[i]!;
      return out;
    });
    prev = y;
    y = next;
    sigma = sigmaNext;
  }
  return y;
}

/**
 * Modified Gram-Schmidt, twice ("twice is enough", Giraud et al. 2005): a block that is nearly dependent, as the
 * filtered vectors are, loses orthogonality after one pass. The first `from` vectors are orthonormal already (the
 * locked ones). False when a vector has no part outside the others.
 */
function orthonormalise(block: Float64Array[], n: number, from = 0): boolean {
  for (let c = from; c < block.length; c++) {
    const v = block[c]!;
    const before = Math.sqrt(dot(v, v, n));
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const u = block[p]!;
        const f = dot(u, v, n);
        for (let i = 0; i < n; i++) v[i] = v[i]! - f * u[i]!;
      }
    }
    const norm = Math.sqrt(dot(v, v, n));
    if (!(norm > 1e-13 * before) || !(norm > 0)) return false;
    for (let i = 0; i < n; i++) v[i] = v[i]! / norm;
  }
  return true;
}
