/**
 * Small dense linear algebra for the statistics of the arbitrage strategies (regressions with a handful of
 * regressors, covariance matrices of a few dozen symbols). Matrices are arrays of rows at the API; inside, flat
 * Float64Arrays (row-major), which the hot callers (stat-arb's daily decomposition, pair selection's thousands of
 * regressions) also pass directly. The flat forms do every operation in the same order as the row forms did, so
 * their results are the same to the last bit (the goldens pin the orders these numbers decide).
 */
export type Matrix = number[][];

/** Row-major n x n copy of a matrix given as rows. */
export function flatten(a: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const n = a.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = a[i]![j]!;
  return out;
}

function rows(flat: Float64Array, n: number): Matrix {
  const out: Matrix = [];
  for (let i = 0; i < n; i++) out.push(Array.from(flat.subarray(i * n, i * n + n)));
  return out;
}

/** Scratch for invertSpdFlat: the Cholesky factor and its inverse, reused by callers that invert many matrices. */
export class SpdScratch {
  l = new Float64Array(0);
  li = new Float64Array(0);
  take(n: number): void {
    if (this.l.length < n * n) {
      this.l = new Float64Array(n * n);
      this.li = new Float64Array(n * n);
    } else {
      this.l.fill(0, 0, n * n);
      this.li.fill(0, 0, n * n);
    }
  }
}

/**
 * invertSpd on a row-major n x n matrix into `out` (n x n); false when A is not positive definite. `scratch`
 * avoids two allocations per call.
 */
export function invertSpdFlat(a: Float64Array, n: number, out: Float64Array, scratch: SpdScratch = new SpdScratch()): boolean {
  scratch.take(n);
  const l = scratch.l;
  const li = scratch.li;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        // Relative tolerance: a pivot this small against the diagonal is collinearity, not a number to divide by.
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i * n + i]!)))) return false;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  // L^-1 by forward substitution, then A^-1 = L^-T L^-1.
  for (let i = 0; i < n; i++) {
    li[i * n + i] = 1 / l[i * n + i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * n + k]! * li[k * n + j]!;
      li[i * n + j] = sum / l[i * n + i]!;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += li[k * n + i]! * li[k * n + j]!;
      out[i * n + j] = sum;
      out[j * n + i] = sum;
    }
  }
  return true;
}

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky (A = L L'). Returns undefined when A is not
 * positive definite (collinear regressors, a constant series): the caller says which input was degenerate.
 */
export function invertSpd(a: Matrix): Matrix | undefined {
  const n = a.length;
  const out = new Float64Array(n * n);
  return invertSpdFlat(flatten(a), n, out) ? rows(out, n) : undefined;
}

export interface Eigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** vectors[k] is the unit eigenvector of values[k]. */
  vectors: number[][];
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (Golub and Van Loan, Matrix Computations,
 * section 8.5): each rotation zeroes one off-diagonal pair; sweeps repeat until the off-diagonal mass is negligible.
 * Slower than QR for big matrices, but simple, and accurate to working precision for the sizes used here (PCA of a
 * universe's returns). Sign of each vector: its largest component is made positive, so results are reproducible.
 * `start`: a previous decomposition of a nearby matrix of the same size, to begin from its basis.
 */
export function symmetricEigen(input: Matrix, maxSweeps = 100, start?: Eigen): Eigen {
  return symmetricEigenFlat(flatten(input), input.length, maxSweeps, start);
}

/** symmetricEigen of a row-major n x n matrix (left unchanged). */
export function symmetricEigenFlat(input: Float64Array, n: number, maxSweeps = 100, start?: Eigen): Eigen {
  let a = input.slice(0, n * n);
  // The rotations accumulate in V; kept transposed (vt[c * n + k] is V[k][c]) so a column's update is contiguous.
  const vt = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vt[i * n + i] = 1;
  if (start && start.vectors.length === n && start.vectors.every((vec) => vec.length === n)) {
    // Warm start from a previous decomposition of a nearby matrix (yesterday's correlations): in the basis of its
    // vectors the matrix is nearly diagonal, so a sweep or two finish the job instead of eight or more.
    const u = start.vectors; // u[k] is a column of the basis
    const uf = flatten(u);
    const au = new Float64Array(n * n); // A U
    for (let i = 0; i < n; i++) {
      for (let q = 0; q < n; q++) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum = sum + a[i * n + j]! * uf[q * n + j]!;
        au[i * n + q] = sum;
      }
    }
    const b = new Float64Array(n * n); // U' A U
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum = sum + uf[p * n + i]! * au[i * n + q]!;
        b[p * n + q] = sum;
      }
    }
    a = b;
    vt.set(uf); // V[i][q] = u[q][i]: V' is U's rows
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale += input[i]! * input[i]!;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j]! * a[i * n + j]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q] (the stable formulas of Numerical Recipes' jacobi routine).
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        const rp = p * n;
        const rq = q * n;
        for (let k = 0; k < n; k++) {
          const apk = a[rp + k]!;
          const aqk = a[rq + k]!;
          a[rp + k] = c * apk - s * aqk;
          a[rq + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = vt[rp + k]!;
          const vkq = vt[rq + k]!;
          vt[rp + k] = c * vkp - s * vkq;
          vt[rq + k] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const values = order.map((i) => a[i * n + i]!);
  const vectors = order.map((i) => {
    const vec = Array.from(vt.subarray(i * n, i * n + n));
    let big = 0;
    for (const x of vec) if (Math.abs(x) > Math.abs(big)) big = x;
    return big < 0 ? vec.map((x) => -x) : vec;
  });
  return { values, vectors };
}
