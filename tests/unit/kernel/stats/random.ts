import { prng } from '../../../../src-main/backtest/optimize/search.js';

/** Seeded standard normal draws (Box-Muller over the project's seeded uniform generator). */
export function normals(seed: number): () => number {
  const u = prng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** x_t = b x_{t-1} + sigma e_t from x_0 = start. */
export function ar1(n: number, b: number, sigma: number, seed: number, start = 0): number[] {
  const z = normals(seed);
  const out = [start];
  for (let i = 1; i < n; i++) out.push(b * out[i - 1]! + sigma * z());
  return out;
}
