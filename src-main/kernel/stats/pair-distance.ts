import { linalgKernels, type LinalgKernels } from './wasm/linalg-kernels.js';

/**
 * The `limit` pairs of a universe whose normalised price paths lie closest, by the distance of Gatev, Goetzmann
 * and Rouwenhorst ("Pairs trading: performance of a relative-value arbitrage rule", RFS 2006): the sum of squared
 * differences of the paths, each scaled to mean 0 and variance 1. That distance is 2 (T - 1) (1 - rho) with rho the
 * paths' correlation, so the closest pairs are the most correlated; all n(n - 1) / 2 correlations come from one
 * Gram matrix on the kernels (wasm/linalg-kernels.ts). Answered as [i, j] with i < j (indices into `paths`), in
 * (i, j) order; every pair when there are no more than `limit`. Ties at the cut go by that order too. A path with
 * no variance comes after every other pair.
 */
export function closestPairs(paths: ReadonlyArray<ArrayLike<number>>, limit: number, kernels: LinalgKernels = linalgKernels()): Array<[number, number]> {
  const n = paths.length;
  const total = (n * (n - 1)) / 2;
  const t = n > 0 ? paths[0]!.length : 0;
  // Paths of unequal length have no distance: every pair goes on (the tests refuse them, as without a limit).
  if (total <= limit || paths.some((p) => p.length !== t)) return allPairs(n);
  // Rows scaled so that their dot products are the correlations (a flat row stays zero: correlation 0).
  const z = new Float64Array(n * t);
  const flat = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = paths[i]!;
    let mean = 0;
    for (let k = 0; k < t; k++) mean += p[k]!;
    mean /= t;
    let ss = 0;
    for (let k = 0; k < t; k++) ss += (p[k]! - mean) ** 2;
    if (!(ss > 0)) {
      flat[i] = 1;
      continue;
    }
    const scale = 1 / Math.sqrt(ss);
    for (let k = 0; k < t; k++) z[i * t + k] = (p[k]! - mean) * scale;
  }
  const g = kernels.gram(z, n, t);
  const rho = new Float64Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) rho[at++] = flat[i] || flat[j] ? -Infinity : g[i * n + j]!;
  const cut = kthLargest(Float64Array.from(rho), limit);
  // Above the cut all go; at it, the first in (i, j) order until `limit`.
  let room = limit;
  for (let k = 0; k < total; k++) if (rho[k]! > cut) room--;
  const out: Array<[number, number]> = [];
  at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, at++) {
      const r = rho[at]!;
      if (r > cut || (r === cut && room-- > 0)) out.push([i, j]);
    }
  }
  return out;
}

/** Every pair [i, j], i < j, of n, in (i, j) order. */
export function allPairs(n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
  return out;
}

/** The k-th largest value (k from 1) of `values`, which it reorders (Hoare's selection, middle pivot). */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const x = values[i]!;
        values[i] = values[j]!;
        values[j] = x;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
