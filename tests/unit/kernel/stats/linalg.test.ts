import { describe, expect, it } from 'vitest';
import { invertSpd, symmetricEigen } from '../../../../src-main/kernel/stats/linalg.js';
import { normals } from './random.js';

describe('invertSpd', () => {
  it('inverts the 4x4 Hilbert matrix to its published integer inverse', () => {
    // The inverse of the Hilbert matrix has integer entries (Choi, "Tricks or treats with the Hilbert matrix",
    // Amer. Math. Monthly 90, 1983, gives the closed form); for n = 4 these are the values.
    const h = Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => 1 / (i + j + 1)));
    const expected = [
      [16, -120, 240, -140],
      [-120, 1200, -2700, 1680],
      [240, -2700, 6480, -4200],
      [-140, 1680, -4200, 2800],
    ];
    const inv = invertSpd(h)!;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(inv[i]![j]).toBeCloseTo(expected[i]![j]!, 6);
  });

  it('refuses a singular matrix instead of returning garbage', () => {
    expect(invertSpd([[1, 2], [2, 4]])).toBeUndefined();
  });
});

describe('symmetricEigen (Jacobi)', () => {
  it('the tridiagonal [-1, 2, -1] matrix has the closed-form eigenvalues 2 - 2 cos(k pi / (n + 1))', () => {
    // A standard closed form (e.g. Strang, Linear Algebra, the second-difference matrix K_n).
    const n = 7;
    const k = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0)));
    const { values } = symmetricEigen(k);
    const expected = Array.from({ length: n }, (_, i) => 2 - 2 * Math.cos(((i + 1) * Math.PI) / (n + 1))).sort((a, b) => b - a);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('a random symmetric matrix: orthonormal vectors, A v = lambda v, and A rebuilt from V diag(lambda) V\'', () => {
    const z = normals(3);
    const n = 12;
    const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i]![j] = a[j]![i] = z();
    const { values, vectors } = symmetricEigen(a);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        const dot = vectors[p]!.reduce((s, x, i) => s + x * vectors[q]![i]!, 0);
        expect(dot).toBeCloseTo(p === q ? 1 : 0, 10);
      }
      for (let i = 0; i < n; i++) {
        const av = a[i]!.reduce((s, x, j) => s + x * vectors[p]![j]!, 0);
        expect(av).toBeCloseTo(values[p]! * vectors[p]![i]!, 10);
      }
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const rebuilt = values.reduce((s, l, p) => s + l * vectors[p]![i]! * vectors[p]![j]!, 0);
        expect(rebuilt).toBeCloseTo(a[i]![j]!, 10);
      }
    }
    for (let p = 1; p < n; p++) expect(values[p]!).toBeLessThanOrEqual(values[p - 1]!);
  });

  it('a warm start from a nearby matrix\'s decomposition gives the cold result', () => {
    const z = normals(4);
    const n = 10;
    const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i]![j] = a[j]![i] = z();
    const nearby = a.map((row, i) => row.map((x, j) => x + 0.01 * Math.sin(i + j)));
    const cold = symmetricEigen(nearby);
    const warm = symmetricEigen(nearby, 100, symmetricEigen(a));
    warm.values.forEach((v, k) => expect(v).toBeCloseTo(cold.values[k]!, 10));
    warm.vectors.forEach((vec, k) => vec.forEach((x, i) => expect(x).toBeCloseTo(cold.vectors[k]![i]!, 8)));
  });
});
