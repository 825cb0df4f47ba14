/**
 * Small dense linear algebra for the statistics of the arbitrage strategies (regressions with a handful of
 * regressors, covariance matrices of a few dozen symbols). Matrices are arrays of rows; nothing here is sized for
 * more than a few hundred columns, and nothing allocates per call beyond its result.
 */
export type Matrix = number[][];

/**
 * Inverse of a symmetric positive-definite matrix by Cholesky (A = L L'). Returns undefined when A is not
 * positive definite (collinear regressors, a constant series): the caller says which input was degenerate.
 */
export function invertSpd(a: Matrix): Matrix | undefined {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        // Relative tolerance: a pivot this small against the diagonal is collinearity, not a number to divide by.
        if (!(sum > 1e-12 * Math.max(1, Math.abs(a[i]![i]!)))) return undefined;
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  // L^-1 by forward substitution, then A^-1 = L^-T L^-1.
  const li: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    li[i]![i] = 1 / l[i]![i]!;
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i]![k]! * li[k]![j]!;
      li[i]![j] = sum / l[i]![i]!;
    }
  }
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += li[k]![i]! * li[k]![j]!;
      inv[i]![j] = sum;
      inv[j]![i] = sum;
    }
  }
  return inv;
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
  const n = input.length;
  let a = input.map((row) => row.slice());
  let v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  if (start && start.vectors.length === n && start.vectors.every((vec) => vec.length === n)) {
    // Warm start from a previous decomposition of a nearby matrix (yesterday's correlations): in the basis of its
    // vectors the matrix is nearly diagonal, so a sweep or two finish the job instead of eight or more.
    const u = start.vectors; // u[k] is a column of the basis
    const au = a.map((row) => u.map((vec) => row.reduce((sum, x, j) => sum + x * vec[j]!, 0))); // A U
    a = u.map((vec) => u.map((_, q) => vec.reduce((sum, x, i) => sum + x * au[i]![q]!, 0))); // U' A U
    v = Array.from({ length: n }, (_, i) => u.map((vec) => vec[i]!)); // rotations accumulate onto U
  }
  let scale = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scale += input[i]![j]! * input[i]![j]!;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i]![j]! * a[i]![j]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q] (the stable formulas of Numerical Recipes' jacobi routine).
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y]![y]! - a[x]![x]!);
  const values = order.map((i) => a[i]![i]!);
  const vectors = order.map((i) => {
    const vec = v.map((row) => row[i]!);
    let big = 0;
    for (const x of vec) if (Math.abs(x) > Math.abs(big)) big = x;
    return big < 0 ? vec.map((x) => -x) : vec;
  });
  return { values, vectors };
}
