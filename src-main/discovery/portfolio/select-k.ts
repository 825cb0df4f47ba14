import { CodedError } from '../../../src-shared/ipc/errors.js';
import { prng } from '../../backtest/optimize/search.js';

/** A quadratic objective over 0/1 choices: minimise x'Qx + c'x (Q row-major n x n). */
export interface Qubo {
  q: Float64Array;
  c: Float64Array;
  size: number;
}

export function quboValue(problem: Qubo, chosen: ArrayLike<number>): number {
  const { q, c, size: n } = problem;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (!chosen[i]) continue;
    v += c[i]!;
    for (let j = 0; j < n; j++) if (chosen[j]) v += q[i * n + j]!;
  }
  return v;
}

/**
 * Which K of N assets to hold, as a QUBO: for an equal-weighted pick, the variance (1/K^2) x'Cov x less
 * riskAversion^-1 times the mean return (1/K) mu'x. What the founding design calls "quantum-inspired" selection is this
 * problem; it is solved here by simulated annealing on a classical computer.
 */
export function assetSelectionQubo(cov: Float64Array, n: number, expected: ArrayLike<number>, k: number, riskAversion: number): Qubo {
  const q = new Float64Array(n * n);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = -expected[i]! / (k * riskAversion);
    for (let j = 0; j < n; j++) q[i * n + j] = cov[i * n + j]! / (k * k);
  }
  return { q, c, size: n };
}

/**
 * Simulated annealing over exactly-K subsets: each move swaps one chosen item for one not chosen (so the cardinality
 * is never violated and no penalty needs tuning), accepted by the Metropolis rule under a geometric cooling, with
 * restarts; the change a swap makes is computed in O(n) from the kept field h = Qx (Q symmetric or not).
 */
export function annealSelectK(problem: Qubo, k: number, options: { seed?: number; sweeps?: number; restarts?: number } = {}): { chosen: Uint8Array; value: number } {
  const n = problem.size;
  if (!Number.isInteger(k) || k < 1 || k > n) throw new CodedError('BAD_REQUEST', `choose between 1 and ${n} assets, got ${k}`);
  const rand = prng(options.seed ?? 1);
  const sweeps = options.sweeps ?? 400;
  const restarts = options.restarts ?? 8;
  const { q, c } = problem;
  let best: { chosen: Uint8Array; value: number } | undefined;
  for (let r = 0; r < restarts; r++) {
    const x = new Uint8Array(n);
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let i = 0; i < k; i++) x[order[i]!] = 1;
    // row[i] = sum_j q_ij x_j and col[i] = sum_j q_ji x_j: a swap's change needs both when Q is not symmetric.
    const row = new Float64Array(n);
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (x[j]) row[i]! += q[i * n + j]!;
        if (x[j]) col[i]! += q[j * n + i]!;
      }
    }
    let value = quboValue(problem, x);
    // The scale of a swap's effect sets the starting temperature.
    let scale = 0;
    for (let i = 0; i < n; i++) scale += Math.abs(c[i]!) + Math.abs(q[i * n + i]!) + Math.abs(row[i]!);
    const t0 = Math.max(1e-12, scale / n);
    let current = { chosen: Uint8Array.from(x), value };
    const steps = sweeps * n;
    for (let s = 0; s < steps; s++) {
      const temperature = t0 * Math.pow(1e-4, s / steps);
      const out = pick(x, 1, rand);
      const inn = pick(x, 0, rand);
      if (out < 0 || inn < 0) break;
      // Remove `out`, then add `inn`.
      const removeDelta = -(c[out]! + row[out]! + col[out]! - q[out * n + out]!);
      const addDelta = c[inn]! + (row[inn]! - q[inn * n + out]!) + (col[inn]! - q[out * n + inn]!) + q[inn * n + inn]!;
      const delta = removeDelta + addDelta;
      if (delta <= 0 || rand() < Math.exp(-delta / temperature)) {
        x[out] = 0;
        x[inn] = 1;
        for (let i = 0; i < n; i++) {
          row[i]! += q[i * n + inn]! - q[i * n + out]!;
          col[i]! += q[inn * n + i]! - q[out * n + i]!;
        }
        value += delta;
        if (value < current.value - 1e-15) current = { chosen: Uint8Array.from(x), value };
      }
    }
    // The kept value drifts by rounding over many swaps: score the pick exactly.
    current.value = quboValue(problem, current.chosen);
    if (!best || current.value < best.value) best = current;
  }
  return best!;
}

/** A random index whose flag equals `flag` (rejection sampling; -1 if there is none). */
function pick(x: Uint8Array, flag: 0 | 1, rand: () => number): number {
  for (let tries = 0; tries < 64 * x.length; tries++) {
    const i = Math.floor(rand() * x.length);
    if (x[i] === flag) return i;
  }
  return x.indexOf(flag);
}
