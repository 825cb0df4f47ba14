import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsKernels } from '../../../../src-main/kernel/stats/wasm/js-kernels.js';
import { linalgKernels, type LinalgKernels } from '../../../../src-main/kernel/stats/wasm/linalg-kernels.js';
import { simdKernels } from '../../../../src-main/kernel/stats/wasm/simd-kernels.js';
import { normals } from './random.js';

const root = join(__dirname, '../../../..');

/** The largest |x - y| over two arrays of equal length, relative to the largest |y|. */
function relativeGap(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let gap = 0;
  let size = 0;
  for (let i = 0; i < y.length; i++) {
    gap = Math.max(gap, Math.abs(x[i]! - y[i]!));
    size = Math.max(size, Math.abs(y[i]!));
  }
  return gap / size;
}

function symmetric(n: number, seed: number): Float64Array {
  const z = normals(seed);
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c <= r; c++) a[r * n + c] = a[c * n + r] = z();
  return a;
}

const vector = (n: number, seed: number) => Float64Array.from({ length: n }, normals(seed));

describe('linear-algebra kernels: WebAssembly SIMD against the JavaScript reference', () => {
  const simd = simdKernels()!;

  it('the SIMD kernels load here, and are the ones the app takes', () => {
    expect(simd?.name).toBe('simd');
    expect(linalgKernels().name).toBe('simd');
  });

  it('the bytes module is the assembled .wat (run node scripts/wasm.mjs after editing it)', async () => {
    const { WASM_KERNELS, bytesModule } = (await import(join(root, 'scripts/wasm.mjs'))) as {
      WASM_KERNELS: Array<{ wat: string; out: string; name: string }>;
      bytesModule: (kernel: { wat: string; out: string; name: string }) => Promise<string>;
    };
    for (const kernel of WASM_KERNELS) expect(readFileSync(join(root, kernel.out), 'utf8')).toBe(await bytesModule(kernel));
  });

  // Odd and even sizes: the SIMD loops take two doubles at a time and finish an odd count with a scalar step.
  it.each([[17, 31], [16, 30], [3, 5], [40, 500]])('gram of a %i x %i window: equal to rounding, symmetric', (t, n) => {
    const z = vector(t * n, t + n);
    const got = simd.gram(z, t, n);
    const want = jsKernels.gram(z, t, n);
    expect(relativeGap(got, want)).toBeLessThan(1e-14);
    for (let r = 0; r < t; r++) for (let s = 0; s < r; s++) expect(got[s * t + r]).toBe(got[r * t + s]);
    expect(got[(t - 1) * t + (t - 1)]).toBeCloseTo(z.subarray((t - 1) * n).reduce((acc, x) => acc + x * x, 0), 10);
  });

  it.each([[1], [3], [4], [7]])('rowCombinations of %i vectors: the same numbers (the same operations in the same order)', (m) => {
    const t = 13;
    const n = 29;
    const z = vector(t * n, 4);
    const weights = Array.from({ length: m }, (_, c) => vector(t, 10 + c));
    const got = simd.rowCombinations(z, t, n, weights);
    expect(got).toEqual(jsKernels.rowCombinations(z, t, n, weights));
    expect(got[m - 1]![n - 1]).toBeCloseTo(weights[m - 1]!.reduce((acc, f, r) => acc + f * z[r * n + n - 1]!, 0), 12);
  });

  it.each([[9], [10]])('reflectBack over %i entries: to rounding, and each reflection keeps the length', (n) => {
    // Reflections of every size a reduction makes (j + 1 .. n - 1), one with beta 0 (skipped), the others I - 2 v v' / v'v.
    const reflections = Array.from({ length: n - 2 }, (_, j) => {
      const v = vector(n - j - 1, 20 + j);
      const beta = j === 3 ? 0 : 2 / v.reduce((acc, x) => acc + x * x, 0);
      return { v, beta };
    });
    const ys = Array.from({ length: 5 }, (_, c) => vector(n, 40 + c));
    const got = simd.reflectBack(reflections, ys, n);
    const want = jsKernels.reflectBack(reflections, ys, n);
    for (let c = 0; c < ys.length; c++) {
      expect(relativeGap(got[c]!, want[c]!)).toBeLessThan(1e-14);
      expect(got[c]).not.toEqual(ys[c]);
      const norm = (x: Float64Array) => Math.sqrt(x.reduce((acc, e) => acc + e * e, 0));
      expect(norm(got[c]!)).toBeCloseTo(norm(ys[c]!), 12);
    }
  });

  /** Runs one sweep on both kernel sets over the same matrix and compares the matrices and the products. */
  function compareSweep(n: number, off: number, run: (k: LinalgKernels, work: ReturnType<LinalgKernels['reduction']>) => Float64Array | undefined): void {
    const input = symmetric(n, n * 7 + off);
    const results = [simd, jsKernels].map((k) => {
      const work = k.reduction(input, n);
      const product = run(k, work);
      return { a: Float64Array.from(work.a), product: product && Float64Array.from(product) };
    });
    const [got, want] = results as [{ a: Float64Array; product?: Float64Array }, { a: Float64Array; product?: Float64Array }];
    expect(relativeGap(got.a, want.a)).toBeLessThan(1e-14);
    if (want.product) expect(relativeGap(got.product!, want.product)).toBeLessThan(1e-14);
    // The sweep did change the block, and left what is outside it alone.
    expect(want.a).not.toEqual(input);
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (r < off || c < off) expect(got.a[r * n + c]).toBe(input[r * n + c]);
  }

  it.each([[9, 0], [9, 1], [10, 3], [33, 2]])('blockTimes on a matrix of size %i from row %i', (n, off) => {
    const len = n - off;
    compareSweep(n, off, (_k, work) => {
      const v = vector(len, 3);
      work.blockTimes(off, len, v, work.p);
      // blockTimes only reads the matrix: make the "changed" check hold by changing one entry of the block by hand.
      work.a[(n - 1) * n + n - 1] = work.a[(n - 1) * n + n - 1]! + 1;
      return work.p.subarray(0, len);
    });
  });

  it.each([[9, 0], [9, 1], [10, 3], [33, 2]])('update on a matrix of size %i from row %i', (n, off) => {
    const len = n - off;
    compareSweep(n, off, (_k, work) => {
      work.update(off, len, vector(len, 5), vector(len, 6));
      return undefined;
    });
  });

  it.each([[9, 0], [9, 1], [10, 3], [33, 2]])('updateAndMultiply on a matrix of size %i from row %i (the product of the next block)', (n, off) => {
    const len = n - off;
    compareSweep(n, off, (_k, work) => {
      work.q.fill(0);
      const u = vector(len - 1, 8);
      work.updateAndMultiply(off, len, vector(len, 5), vector(len, 6), u, work.q);
      // The product is of the updated next block: check it against that block by hand.
      const want = new Float64Array(len - 1);
      for (let r = 0; r < len - 1; r++) {
        for (let c = 0; c < len - 1; c++) {
          const [i, j] = r >= c ? [r, c] : [c, r];
          want[r] = want[r]! + work.a[(off + 1 + i) * n + off + 1 + j]! * u[c]!;
        }
      }
      expect(relativeGap(work.q.subarray(0, len - 1), want)).toBeLessThan(1e-13);
      return work.q.subarray(0, len - 1);
    });
  });

  it('a second, larger reduction after a first (the memory grows; views are taken afresh)', () => {
    const small = simd.reduction(symmetric(8, 1), 8);
    expect(small.a[3]).toBe(symmetric(8, 1)[3]);
    const n = 300;
    const input = symmetric(n, 2);
    const big = simd.reduction(input, n);
    expect(big.a).toEqual(input);
    big.blockTimes(0, n, vector(n, 3), big.p);
    const ref = jsKernels.reduction(input, n);
    ref.blockTimes(0, n, vector(n, 3), ref.p);
    expect(relativeGap(big.p, ref.p)).toBeLessThan(1e-14);
  });
});
