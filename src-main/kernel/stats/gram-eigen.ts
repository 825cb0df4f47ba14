import { symmetricEigenFlat } from './linalg.js';
import { signFixed } from './top-eigen.js';
import { leadingEigen } from './tridiagonal-eigen.js';
import { linalgKernels, type LinalgKernels } from './wasm/linalg-kernels.js';

/**
 * The leading eigenpairs of a correlation matrix of more symbols than rows, found through the smaller matrix of its
 * rows. With Z the window standardised (z_ri = (x_ri - mean_i) / (sd_i sqrt(t - 1))), the correlation matrix is
 * C = Z'Z (n x n) and the Gram matrix G = ZZ' (t x t) has the same nonzero eigenvalues; an eigenvector u of G gives
 * C's as Z'u / |Z'u| (C Z'u = Z'(G u) = theta Z'u). stat-arb's 500 symbols over 252 rows: G is a quarter of
 * C's size, small enough to decompose directly each bar (tridiagonal-eigen.ts, about t^3 multiply-adds) rather
 * than iterate on C from the last bar's vectors, which on a spectrum without gaps (a universe of noise, as the
 * scanner benchmark's) took four rounds of twelve block products. Forming G costs t^2 n / 2 multiply-adds a bar.
 */
export interface GramWindow {
  /** Z, row-major t x n (see above). */
  z: Float64Array;
  /** Sample standard deviation (t - 1 denominator) of each column. */
  sd: Float64Array;
  t: number;
  n: number;
}

/**
 * The window standardised; undefined when a column has no variance (the caller then decides as pcaFactors does).
 * Z is written into `into` when it is long enough (a caller refitting bar after bar keeps one: Z is a megabyte at
 * 500 symbols over a year), else into a new array.
 */
export function standardise(returns: ReadonlyArray<ArrayLike<number>>, into?: Float64Array): GramWindow | undefined {
  const t = returns.length;
  const n = t > 0 ? returns[0]!.length : 0;
  if (t < 3 || n === 0) return undefined;
  const mean = new Float64Array(n);
  for (const row of returns) for (let i = 0; i < n; i++) mean[i] = mean[i]! + row[i]!;
  for (let i = 0; i < n; i++) mean[i] = mean[i]! / t;
  const z = into && into.length >= t * n ? into.subarray(0, t * n) : new Float64Array(t * n);
  const sd = new Float64Array(n);
  for (let r = 0; r < t; r++) {
    const row = returns[r]!;
    const base = r * n;
    for (let i = 0; i < n; i++) {
      const d = row[i]! - mean[i]!;
      z[base + i] = d;
      sd[i] = sd[i]! + d * d;
    }
  }
  const scale = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = sd[i]! / (t - 1);
    if (!(v > 0)) return undefined;
    sd[i] = Math.sqrt(v);
    scale[i] = 1 / (sd[i]! * Math.sqrt(t - 1));
  }
  for (let r = 0; r < t; r++) {
    const base = r * n;
    for (let i = 0; i < n; i++) z[base + i] = z[base + i]! * scale[i]!;
  }
  return { z, sd, t, n };
}

/** G = ZZ', row-major t x t, by the kernels (wasm/linalg-kernels.ts): each entry a dot product of two rows of Z. */
export function gram(w: GramWindow, kernels: LinalgKernels = linalgKernels(), into?: Float64Array): Float64Array {
  return kernels.gram(w.z, w.t, w.n, into);
}

/** Z'u / |Z'u| (length n) for each row-space vector u. */
function toSymbols(w: GramWindow, block: ReadonlyArray<ArrayLike<number>>, kernels: LinalgKernels): Float64Array[] {
  const out = kernels.rowCombinations(w.z, w.t, w.n, block);
  for (const o of out) {
    let norm = 0;
    for (let i = 0; i < w.n; i++) norm += o[i]! * o[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < w.n; i++) o[i] = o[i]! / norm;
  }
  return out;
}

export interface GramEigen {
  /** The k leading eigenvalues of C, largest first. */
  values: number[];
  /** Unit eigenvectors of C (length n), largest component positive. */
  vectors: number[][];
  /** 'direct' from the tridiagonal reduction of G (tridiagonal-eigen.ts); 'full' from G's Jacobi decomposition, when the direct answer's residual check failed. */
  path: 'direct' | 'full';
}

/**
 * The k leading eigenpairs of C = Z'Z through G = ZZ'. Needs k < t - 1: G's rank is at most t - 1 (the columns
 * are centred), and an eigenvector of eigenvalue 0 has no symbol-space counterpart.
 */
export function leadingByGram(w: GramWindow, k: number, kernels: LinalgKernels = linalgKernels(), gramInto?: Float64Array): GramEigen {
  const g = gram(w, kernels, gramInto);
  const direct = leadingEigen(g, w.t, k, undefined, kernels);
  if (direct) return { values: direct.values, vectors: toSymbols(w, direct.vectors, kernels).map(signFixed), path: 'direct' };
  const full = symmetricEigenFlat(g, w.t, 100);
  return { values: full.values.slice(0, k), vectors: toSymbols(w, full.vectors.slice(0, k), kernels).map(signFixed), path: 'full' };
}
