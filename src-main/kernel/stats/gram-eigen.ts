import { symmetricEigenFlat } from './linalg.js';
import { signFixed } from './top-eigen.js';
import { leadingEigen } from './tridiagonal-eigen.js';

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

/** The window standardised; undefined when a column has no variance (the caller then decides as pcaFactors does). */
export function standardise(returns: ReadonlyArray<ArrayLike<number>>): GramWindow | undefined {
  const t = returns.length;
  const n = t > 0 ? returns[0]!.length : 0;
  if (t < 3 || n === 0) return undefined;
  const mean = new Float64Array(n);
  for (const row of returns) for (let i = 0; i < n; i++) mean[i] = mean[i]! + row[i]!;
  for (let i = 0; i < n; i++) mean[i] = mean[i]! / t;
  const z = new Float64Array(t * n);
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

/**
 * G = ZZ', row-major t x t: each entry a dot product of two contiguous rows of Z, four entries of a row at a time
 * (each read of row r's element serves four products: this is a sixth of the per-bar cost).
 */
export function gram(w: GramWindow): Float64Array {
  const { z, t, n } = w;
  const g = new Float64Array(t * t);
  for (let r = 0; r < t; r++) {
    const a = r * n;
    let s = 0;
    for (; s + 4 <= r + 1; s += 4) {
      const b0 = s * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < n; i++) {
        const x = z[a + i]!;
        s0 += x * z[b0 + i]!;
        s1 += x * z[b1 + i]!;
        s2 += x * z[b2 + i]!;
        s3 += x * z[b3 + i]!;
      }
      g[r * t + s] = s0;
      g[r * t + s + 1] = s1;
      g[r * t + s + 2] = s2;
      g[r * t + s + 3] = s3;
    }
    for (; s <= r; s++) {
      const b = s * n;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += z[a + i]! * z[b + i]!;
      g[r * t + s] = sum;
    }
  }
  for (let r = 0; r < t; r++) for (let s = 0; s < r; s++) g[s * t + r] = g[r * t + s]!;
  return g;
}

/** Z'u / |Z'u| (length n) for each row-space vector u; four vectors share each read of Z. */
function toSymbols(w: GramWindow, block: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  const { z, t, n } = w;
  const m = block.length;
  const out = block.map(() => new Float64Array(n));
  let c = 0;
  for (; c + 4 <= m; c += 4) {
    const o0 = out[c]!;
    const o1 = out[c + 1]!;
    const o2 = out[c + 2]!;
    const o3 = out[c + 3]!;
    for (let r = 0; r < t; r++) {
      const f0 = block[c]![r]!;
      const f1 = block[c + 1]![r]!;
      const f2 = block[c + 2]![r]!;
      const f3 = block[c + 3]![r]!;
      const base = r * n;
      for (let i = 0; i < n; i++) {
        const x = z[base + i]!;
        o0[i] = o0[i]! + f0 * x;
        o1[i] = o1[i]! + f1 * x;
        o2[i] = o2[i]! + f2 * x;
        o3[i] = o3[i]! + f3 * x;
      }
    }
  }
  for (; c < m; c++) {
    const o = out[c]!;
    const u = block[c]!;
    for (let r = 0; r < t; r++) {
      const f = u[r]!;
      const base = r * n;
      for (let i = 0; i < n; i++) o[i] = o[i]! + f * z[base + i]!;
    }
  }
  for (const o of out) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += o[i]! * o[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) o[i] = o[i]! / norm;
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
export function leadingByGram(w: GramWindow, k: number): GramEigen {
  const g = gram(w);
  const direct = leadingEigen(g, w.t, k);
  if (direct) return { values: direct.values, vectors: toSymbols(w, direct.vectors).map(signFixed), path: 'direct' };
  const full = symmetricEigenFlat(g, w.t, 100);
  return { values: full.values.slice(0, k), vectors: toSymbols(w, full.vectors.slice(0, k)).map(signFixed), path: 'full' };
}
