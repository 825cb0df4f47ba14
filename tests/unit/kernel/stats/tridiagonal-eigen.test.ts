import { describe, expect, it } from 'vitest';
import { symmetricEigenFlat } from '../../../../src-main/kernel/stats/linalg.js';
import { leadingEigen } from '../../../../src-main/kernel/stats/tridiagonal-eigen.js';
import { jsKernels } from '../../../../src-main/kernel/stats/wasm/js-kernels.js';
import { simdKernels } from '../../../../src-main/kernel/stats/wasm/simd-kernels.js';
import { normals } from './random.js';
import { apart } from './unit-vectors.js';

// Both kernel sets: the WebAssembly SIMD one the app takes, and the JavaScript one it falls back to.
describe.each([jsKernels, simdKernels()!])('leadingEigen (Householder, bisection, inverse iteration) on the $name kernels', (kernels) => {
  it('a Gram matrix of noise (no spectral gap): the 15 leading pairs equal Jacobi to 1e-10', () => {
    const z = normals(5);
    const t = 60;
    const n = 130;
    const rows = Array.from({ length: t }, () => Float64Array.from({ length: n }, () => z()));
    const g = new Float64Array(t * t);
    for (let r = 0; r < t; r++) for (let s = 0; s < t; s++) g[r * t + s] = rows[r]!.reduce((acc, x, i) => acc + x * rows[s]![i]!, 0) / n;
    const got = leadingEigen(g, t, 15, undefined, kernels)!;
    const want = symmetricEigenFlat(g, t);
    expect(got).toBeDefined();
    for (let j = 0; j < 15; j++) {
      expect(Math.abs(got.values[j]! - want.values[j]!)).toBeLessThan(1e-10 * want.values[0]!);
      expect(apart(got.vectors[j]!, want.vectors[j]!)).toBeLessThan(1e-10);
    }
  });

  it('repeated eigenvalues: orthonormal vectors spanning the eigenspace', () => {
    const n = 12;
    const a = new Float64Array(n * n);
    // Q diag(3, 3, 3, 1, ...) Q' with Q a rotation in the (0, 5) and (1, 7) planes: the 3s are not on the axes.
    for (let i = 0; i < n; i++) a[i * n + i] = i < 3 ? 3 : 1;
    const rotate = (p: number, q: number, angle: number): void => {
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      for (let k = 0; k < n; k++) {
        const x = a[p * n + k]!;
        const y = a[q * n + k]!;
        a[p * n + k] = c * x - s * y;
        a[q * n + k] = s * x + c * y;
      }
      for (let k = 0; k < n; k++) {
        const x = a[k * n + p]!;
        const y = a[k * n + q]!;
        a[k * n + p] = c * x - s * y;
        a[k * n + q] = s * x + c * y;
      }
    };
    rotate(0, 5, 0.7);
    rotate(1, 7, -0.4);
    const got = leadingEigen(a, n, 4, undefined, kernels)!;
    expect(got.values.slice(0, 3).every((v) => Math.abs(v - 3) < 1e-12)).toBe(true);
    expect(Math.abs(got.values[3]! - 1)).toBeLessThan(1e-12);
    for (let p = 0; p < 3; p++) {
      for (let q = 0; q < 3; q++) {
        const dot = got.vectors[p]!.reduce((s, x, i) => s + x * got.vectors[q]![i]!, 0);
        expect(Math.abs(dot - (p === q ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
  });

  it('a dominant first eigenvalue (a market mode) and k = n', () => {
    const z = normals(9);
    const n = 20;
    const rows = Array.from({ length: 40 }, () => {
      const f = z();
      return Float64Array.from({ length: n }, () => f + 0.2 * z());
    });
    const a = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let s = 0; s < n; s++) a[r * n + s] = rows.reduce((acc, row) => acc + row[r]! * row[s]!, 0) / 40;
    const got = leadingEigen(a, n, n, undefined, kernels)!;
    const want = symmetricEigenFlat(a, n);
    expect(want.values[0]! / want.values[1]!).toBeGreaterThan(20);
    for (let j = 0; j < n; j++) expect(Math.abs(got.values[j]! - want.values[j]!)).toBeLessThan(1e-10 * want.values[0]!);
    for (let j = 0; j < 3; j++) expect(apart(got.vectors[j]!, want.vectors[j]!)).toBeLessThan(1e-9);
  });
});
