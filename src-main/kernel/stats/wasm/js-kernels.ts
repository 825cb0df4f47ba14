import type { LinalgKernels, Reduction } from './linalg-kernels.js';

/** The kernels in plain JavaScript: the reference for simd-kernels.ts, and its fallback. */
export const jsKernels: LinalgKernels = {
  name: 'js',
  gram,
  rowCombinations,
  reflectBack,
  reduction(input, n) {
    const a = Float64Array.from(input.subarray(0, n * n));
    return {
      a,
      p: new Float64Array(n),
      q: new Float64Array(n),
      blockTimes: (off, len, v, p) => blockTimes(a, n, off, len, v, p),
      update: (off, len, v, w) => update(a, n, off, len, v, w),
      updateAndMultiply: (off, len, v, w, u, q) => updateAndMultiply(a, n, off, len, v, w, u, q),
    } satisfies Reduction;
  },
};

/** Each entry a dot product of two contiguous rows of Z, four entries of a row at a time (each read of row r's element serves four products). */
function gram(z: Float64Array, t: number, n: number, into?: Float64Array): Float64Array {
  const g = into && into.length >= t * t ? into.subarray(0, t * t) : new Float64Array(t * t);
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

function rowCombinations(z: Float64Array, t: number, n: number, weights: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  return weights.map((f) => {
    const o = new Float64Array(n);
    for (let r = 0; r < t; r++) {
      const fr = f[r]!;
      const base = r * n;
      for (let i = 0; i < n; i++) o[i] = o[i]! + fr * z[base + i]!;
    }
    return o;
  });
}

function reflectBack(reflections: ReadonlyArray<{ v: Float64Array; beta: number }>, vectors: readonly Float64Array[]): Float64Array[] {
  return vectors.map((y) => {
    const x = Float64Array.from(y);
    for (let j = reflections.length - 1; j >= 0; j--) {
      const { v, beta } = reflections[j]!;
      if (beta === 0) continue;
      const off = j + 1;
      let s = 0;
      for (let r = 0; r < v.length; r++) s += v[r]! * x[off + r]!;
      s *= beta;
      for (let r = 0; r < v.length; r++) x[off + r] = x[off + r]! - s * v[r]!;
    }
    return x;
  });
}

/** p = B v, B held as its lower triangle: each entry read once serves its row's sum and its column's. */
function blockTimes(a: Float64Array, n: number, off: number, len: number, v: Float64Array, p: Float64Array): void {
  p.fill(0, 0, len);
  for (let r = 0; r < len; r++) {
    const base = (off + r) * n + off;
    const vr = v[r]!;
    let s = 0;
    for (let c = 0; c < r; c++) {
      const x = a[base + c]!;
      s += x * v[c]!;
      p[c] = p[c]! + x * vr;
    }
    p[r] = p[r]! + s + a[base + r]! * vr;
  }
}

function update(a: Float64Array, n: number, off: number, len: number, v: Float64Array, w: Float64Array): void {
  for (let r = 1; r < len; r++) {
    const base = (off + r) * n + off;
    const vr = v[r]!;
    const wr = w[r]!;
    for (let c = 1; c <= r; c++) a[base + c] = a[base + c]! - vr * w[c]! - wr * v[c]!;
  }
}

/** Entry (r, c) of this block is entry (r - 1, c - 1) of the next. */
function updateAndMultiply(a: Float64Array, n: number, off: number, len: number, v: Float64Array, w: Float64Array, u: Float64Array, q: Float64Array): void {
  for (let r = 1; r < len; r++) {
    const base = (off + r) * n + off;
    const vr = v[r]!;
    const wr = w[r]!;
    const ur = u[r - 1]!;
    let s = 0;
    for (let c = 1; c < r; c++) {
      const x = a[base + c]! - vr * w[c]! - wr * v[c]!;
      a[base + c] = x;
      s += x * u[c - 1]!;
      q[c - 1] = q[c - 1]! + x * ur;
    }
    const x = a[base + r]! - vr * w[r]! - wr * v[r]!;
    a[base + r] = x;
    q[r - 1] = q[r - 1]! + s + x * ur;
  }
}
