import { linalgKernels, type LinalgKernels, type Reduction } from './wasm/linalg-kernels.js';

/**
 * The k leading eigenpairs of a dense symmetric matrix, directly: Householder reduction to tridiagonal form, the
 * eigenvalues by bisection on Sturm counts, the eigenvectors by inverse iteration on the tridiagonal matrix and the
 * reflections applied back (Golub and Van Loan, Matrix Computations, 4th ed., 8.3 and 8.4; LAPACK's dsytrd,
 * dstebz and dstein do the same). The reduction costs about n^3 multiply-adds whatever the spectrum; the rest is
 * O(n k) and O(n^2 k). For stat-arb's 252 x 252 Gram matrix that is less than the warm-started subspace iteration
 * needs on a spectrum without gaps (a universe of noise), where it takes four filtered rounds of 12 products.
 *
 * Accuracy: the eigenvalues to a few units of rounding of the matrix's norm; each vector's residual is checked, and
 * undefined is answered when one is not below `tol` times the norm (the caller then takes Jacobi).
 */
export interface LeadingEigen {
  /** The k largest eigenvalues, largest first. */
  values: number[];
  /** Unit eigenvectors (length n), in the order of `values`; signs arbitrary. */
  vectors: Float64Array[];
}

const EPS = 2.220446049250313e-16;

export function leadingEigen(input: Float64Array, n: number, k: number, tol = 1e-11, kernels: LinalgKernels = linalgKernels()): LeadingEigen | undefined {
  if (k < 1 || k > n || n < 2) return undefined;
  const { d, e, reflections } = tridiagonalise(kernels.reduction(input, n), n);
  // Gershgorin bounds and the norm the tolerances are relative to.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0);
    lo = Math.min(lo, d[i]! - r);
    hi = Math.max(hi, d[i]! + r);
  }
  const scale = Math.max(Math.abs(lo), Math.abs(hi), Number.MIN_VALUE);
  const values: number[] = [];
  for (let j = 0; j < k; j++) values.push(bisect(d, e, n, n - 1 - j, lo, hi, scale));

  const vectors: Float64Array[] = [];
  let lastShift = Infinity;
  for (let j = 0; j < k; j++) {
    // Equal (or nearly) eigenvalues get shifts apart, and vectors orthogonal to their cluster's earlier ones.
    let shift = values[j]!;
    if (lastShift - shift < 10 * EPS * scale) shift = lastShift - 10 * EPS * scale;
    lastShift = shift;
    const cluster: Float64Array[] = [];
    for (let q = j - 1; q >= 0 && values[q]! - values[j]! < 1e-3 * scale; q--) cluster.push(vectors[q]!);
    const y = inverseIteration(d, e, n, shift, scale, cluster, j);
    if (!y) return undefined;
    vectors.push(y);
  }
  // Back to the matrix's coordinates: x = H_0 H_1 ... H_(n-3) y.
  const out = kernels.reflectBack(reflections, vectors, n);
  // The answer is checked, not trusted: each residual |A x - lambda x| against the original matrix (A symmetric:
  // A x is the combination of A's rows by x).
  const products = kernels.rowCombinations(input, n, n, out);
  for (let j = 0; j < k; j++) {
    const x = out[j]!;
    const ax = products[j]!;
    let r2 = 0;
    for (let r = 0; r < n; r++) r2 += (ax[r]! - values[j]! * x[r]!) ** 2;
    if (!(Math.sqrt(r2) < tol * scale)) return undefined;
  }
  return { values, vectors: out };
}

interface Reflection {
  /** The Householder vector over rows j + 1 .. n - 1 (H = I - beta v v'). */
  v: Float64Array;
  beta: number;
  /** The subdiagonal entry the reflection leaves (column j's norm, signed). */
  alpha: number;
}

/**
 * Householder reduction of the symmetric matrix in `work` (its lower triangle read and overwritten) to the
 * tridiagonal (d, e). Step j zeroes column j below its subdiagonal; the trailing block B becomes H B H, i.e.
 * B - v w' - w v' with w from p = beta B v. Each step's rank-2 update and the next step's product p are one sweep of
 * the trailing triangle, not two (the next reflection needs only the block's first column, updated first), so every
 * entry is read once a step. The sweeps are the kernels' (wasm/linalg-kernels.ts).
 */
function tridiagonalise(work: Reduction, n: number): { d: Float64Array; e: Float64Array; reflections: Reflection[] } {
  const { a } = work;
  const d = new Float64Array(n);
  const e = new Float64Array(n); // e[i] = T[i + 1][i]
  const reflections: Reflection[] = [];
  let p = work.p;
  let q = work.q;
  let next = reflectionOf(a, n, 0);
  let productReady = false;
  for (let j = 0; j < n - 2; j++) {
    const step = next;
    reflections.push(step);
    d[j] = a[j * n + j]!;
    e[j] = step.alpha;
    const more = j + 1 < n - 2;
    if (step.beta === 0) {
      if (more) next = reflectionOf(a, n, j + 1);
      productReady = false;
      continue;
    }
    const off = j + 1;
    const len = n - off;
    const { v, beta } = step;
    if (!productReady) work.blockTimes(off, len, v, p);
    let vp = 0;
    for (let r = 0; r < len; r++) {
      p[r] = beta * p[r]!;
      vp += v[r]! * p[r]!;
    }
    // w = p - (beta v'p / 2) v, held in p.
    const kk = (beta * vp) / 2;
    for (let r = 0; r < len; r++) p[r] = p[r]! - kk * v[r]!;
    // The block's first column first: it is the next reflection's.
    const v0 = v[0]!;
    const w0 = p[0]!;
    for (let r = 0; r < len; r++) {
      const at = (off + r) * n + off;
      a[at] = a[at]! - v[r]! * w0 - p[r]! * v0;
    }
    if (more) next = reflectionOf(a, n, off);
    if (more && next.beta !== 0) {
      q.fill(0, 0, len - 1);
      work.updateAndMultiply(off, len, v, p, next.v, q);
      [p, q] = [q, p];
      productReady = true;
    } else {
      work.update(off, len, v, p);
      productReady = false;
    }
  }
  d[n - 2] = a[(n - 2) * n + n - 2]!;
  e[n - 2] = a[(n - 1) * n + n - 2]!; // lower triangle
  d[n - 1] = a[(n - 1) * n + n - 1]!;
  return { d, e, reflections };
}

/** The reflection that zeroes column j of `a` below its subdiagonal (beta 0 where it is zero already). */
function reflectionOf(a: Float64Array, n: number, j: number): Reflection {
  const len = n - j - 1;
  const v = new Float64Array(len);
  let norm2 = 0;
  for (let r = 0; r < len; r++) {
    const x = a[(j + 1 + r) * n + j]!;
    v[r] = x;
    norm2 += x * x;
  }
  const x0 = v[0]!;
  const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
  const vv = norm2 - x0 * x0 + (x0 - alpha) ** 2;
  if (!(vv > 0) || norm2 - x0 * x0 === 0) return { v, beta: 0, alpha: x0 };
  v[0] = x0 - alpha;
  return { v, beta: 2 / vv, alpha };
}

/** Number of eigenvalues of the tridiagonal (d, e) below x (Sturm sequence of the LDL' pivots). */
function below(d: Float64Array, e: Float64Array, n: number, x: number, scale: number): number {
  let count = 0;
  let q = d[0]! - x;
  const tiny = EPS * EPS * scale;
  for (let i = 0; ; i++) {
    if (q === 0) q = -tiny;
    if (q < 0) count++;
    if (i === n - 1) return count;
    q = d[i + 1]! - x - (e[i]! * e[i]!) / q;
  }
}

/** The eigenvalue of (ascending) index m, to the last bits bisection can give. */
function bisect(d: Float64Array, e: Float64Array, n: number, m: number, lo: number, hi: number, scale: number): number {
  let a = lo - EPS * scale;
  let b = hi + EPS * scale;
  for (let it = 0; it < 200; it++) {
    const mid = (a + b) / 2;
    if (mid === a || mid === b || b - a <= 2 * EPS * Math.max(Math.abs(a), Math.abs(b))) break;
    if (below(d, e, n, mid, scale) > m) b = mid;
    else a = mid;
  }
  return (a + b) / 2;
}

/**
 * A unit eigenvector of the tridiagonal (d, e) for the eigenvalue near `shift`: three solves of (T - shift I) y = b
 * by LU with partial pivoting, each made orthogonal to `cluster` (the vectors of eigenvalues close by).
 */
function inverseIteration(d: Float64Array, e: Float64Array, n: number, shift: number, scale: number, cluster: Float64Array[], seed: number): Float64Array | undefined {
  // Factor T - shift I = P L U: U has two superdiagonals; swap[i] says rows i and i + 1 were exchanged.
  const u0 = new Float64Array(n);
  const u1 = new Float64Array(n);
  const u2 = new Float64Array(n);
  const l = new Float64Array(n);
  const swap = new Uint8Array(n);
  const tiny = EPS * scale;
  let c0 = d[0]! - shift;
  let c1 = n > 1 ? e[0]! : 0;
  let c2 = 0;
  for (let i = 0; i < n - 1; i++) {
    const sub = e[i]!;
    const nd = d[i + 1]! - shift;
    const ns = i + 1 < n - 1 ? e[i + 1]! : 0;
    if (Math.abs(sub) > Math.abs(c0)) {
      swap[i] = 1;
      u0[i] = sub;
      u1[i] = nd;
      u2[i] = ns;
      const f = c0 / sub;
      l[i] = f;
      c0 = c1 - f * nd;
      c1 = c2 - f * ns;
    } else {
      if (c0 === 0) c0 = tiny;
      u0[i] = c0;
      u1[i] = c1;
      u2[i] = c2;
      const f = sub / c0;
      l[i] = f;
      c0 = nd - f * c1;
      c1 = ns - f * c2;
    }
    c2 = 0;
  }
  u0[n - 1] = Math.abs(c0) < tiny ? (c0 < 0 ? -tiny : tiny) : c0;
  for (let i = 0; i < n - 1; i++) if (Math.abs(u0[i]!) < tiny) u0[i] = u0[i]! < 0 ? -tiny : tiny;

  // A start with a part along every eigenvector (a fixed pseudo-random one: the results are reproducible).
  let y = new Float64Array(n);
  let state = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    y[i] = 0.5 + state / 4294967296;
  }
  for (let it = 0; it < 3; it++) {
    const b = y;
    y = new Float64Array(n);
    // Forward: apply the row exchanges and L.
    let carry = b[0]!;
    for (let i = 0; i < n - 1; i++) {
      const next = b[i + 1]!;
      if (swap[i]) {
        y[i] = next;
        carry = carry - l[i]! * next;
      } else {
        y[i] = carry;
        carry = next - l[i]! * carry;
      }
    }
    y[n - 1] = carry;
    // Back substitution with U.
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      if (i + 1 < n) s -= u1[i]! * y[i + 1]!;
      if (i + 2 < n) s -= u2[i]! * y[i + 2]!;
      y[i] = s / u0[i]!;
    }
    for (const v of cluster) {
      let f = 0;
      for (let i = 0; i < n; i++) f += v[i]! * y[i]!;
      for (let i = 0; i < n; i++) y[i] = y[i]! - f * v[i]!;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += y[i]! * y[i]!;
    norm = Math.sqrt(norm);
    if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
    for (let i = 0; i < n; i++) y[i] = y[i]! / norm;
  }
  return y;
}
