import { jsKernels } from './js-kernels.js';
import { simdKernels } from './simd-kernels.js';

/**
 * The dense loops of the Gram-matrix PCA (gram-eigen.ts, tridiagonal-eigen.ts), behind one interface with two
 * implementations: WebAssembly SIMD (simd-kernels.ts, three to five times faster) and plain JavaScript
 * (js-kernels.ts), the reference the SIMD one is tested against and the fallback where WebAssembly SIMD is missing.
 */
export interface LinalgKernels {
  readonly name: 'simd' | 'js';
  /** G = ZZ' (t x t, row-major, both triangles) of Z (t x n, row-major); written into `into` when it is long enough. */
  gram(z: Float64Array, t: number, n: number, into?: Float64Array): Float64Array;
  /** For each row f of `weights` (length t), sum over r of f[r] Z[r] (length n). */
  rowCombinations(z: Float64Array, t: number, n: number, weights: ReadonlyArray<ArrayLike<number>>): Float64Array[];
  /**
   * x = H_0 H_1 ... y for each y (length n): the reflections H_j = I - beta_j v_j v_j' of a reduction, v_j acting on
   * entries j + 1 .. n - 1, applied last first.
   */
  reflectBack(reflections: ReadonlyArray<{ v: Float64Array; beta: number }>, vectors: readonly Float64Array[], n: number): Float64Array[];
  /** A workspace for the Householder reduction of the symmetric n x n `input` (tridiagonal-eigen.ts). */
  reduction(input: Float64Array, n: number): Reduction;
}

/**
 * The matrix being reduced (`a`, a copy of the input, row-major n x n), two vectors of length n for its products,
 * and the three sweeps over a trailing block: the block starts at row and column `off` and has `len` rows; only its
 * lower triangle is read and written. `v`, `w` and `u` may be any arrays of at least `len` (u: len - 1) entries;
 * `p` and `q` must be this workspace's own.
 */
export interface Reduction {
  readonly a: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
  /** p = B v. */
  blockTimes(off: number, len: number, v: Float64Array, p: Float64Array): void;
  /** B -= v w' + w v', but the block's first column. */
  update(off: number, len: number, v: Float64Array, w: Float64Array): void;
  /** update(), and q += B' u for the next block B' (this one less its first row and column); q zero on entry. */
  updateAndMultiply(off: number, len: number, v: Float64Array, w: Float64Array, u: Float64Array, q: Float64Array): void;
}

let chosen: LinalgKernels | undefined;

/** The SIMD kernels where this runtime has WebAssembly SIMD (Node 20 and Electron do), else the JavaScript ones. */
export function linalgKernels(): LinalgKernels {
  chosen ??= simdKernels() ?? jsKernels;
  return chosen;
}
