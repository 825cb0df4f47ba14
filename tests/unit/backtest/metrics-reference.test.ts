import { describe, expect, it } from 'vitest';
import { computeMetrics, EquityPass, type Metrics } from '../../../src-main/backtest/metrics.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';

const YEAR_MS = 365.25 * 86_400_000;
const DAY = 86_400_000;

/** The definitions written out plainly (every return divided out in both passes): computeMetrics must match bit for bit. */
function reference(equity: Float64Array, exposed: Uint8Array, times: Float64Array, pnls: number[]): Partial<Metrics> {
  const n = equity.length - 1;
  let sum = 0;
  let downSq = 0;
  let peak = equity[0]!;
  let peakAt = 0;
  let maxDd = 0;
  let longest = 0;
  let equitySum = 0;
  for (let i = 1; i <= n; i++) {
    const r = equity[i]! / equity[i - 1]! - 1;
    sum += r;
    if (r < 0) downSq += r * r;
    if (equity[i]! >= peak) {
      peak = equity[i]!;
      peakAt = i;
    } else {
      maxDd = Math.max(maxDd, 1 - equity[i]! / peak);
      longest = Math.max(longest, i - peakAt);
    }
    equitySum += equity[i]!;
  }
  const mean = n > 0 ? sum / n : 0;
  let sq = 0;
  for (let i = 1; i <= n; i++) {
    const d = equity[i]! / equity[i - 1]! - 1 - mean;
    sq += d * d;
  }
  const sd = n > 1 ? Math.sqrt(sq / (n - 1)) : 0;
  const downside = n > 0 ? Math.sqrt(downSq / n) : 0;
  const years = n > 1 ? (times[n - 1]! - times[0]!) / YEAR_MS : 0;
  const end = equity[n]!;
  const cagr = years > 0 && end > 0 ? Math.pow(end / equity[0]!, 1 / years) - 1 : null;
  let grossWin = 0;
  let grossLoss = 0;
  let wins = 0;
  for (const p of pnls) {
    if (p > 0) {
      wins++;
      grossWin += p;
    } else grossLoss -= p;
  }
  return {
    totalReturn: end / equity[0]! - 1,
    cagr,
    volatility: sd * Math.sqrt(252),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(252) : null,
    sortino: downside > 0 ? (mean / downside) * Math.sqrt(252) : null,
    maxDrawdown: maxDd,
    maxDrawdownBars: longest,
    winRate: pnls.length > 0 ? wins / pnls.length : null,
    expectancy: pnls.length > 0 ? (grossWin - grossLoss) / pnls.length : null,
    exposure: n > 0 ? exposed.reduce((a, b) => a + b, 0) / n : 0,
    turnover: (n > 0 ? equitySum / n : equity[0]!) > 0 ? 1234.5 / (n > 0 ? equitySum / n : equity[0]!) : 0,
  };
}

/** Equity with long flat stretches (the returns computeMetrics does not divide out), moves, and odd values. */
function series(seed: number, n: number, odd: number[]): Float64Array {
  const rand = prng(seed);
  const e = new Float64Array(n + 1);
  e[0] = 100_000;
  for (let i = 1; i <= n; i++) e[i] = rand() < 0.5 ? e[i - 1]! : e[i - 1]! * (1 + (rand() - 0.5) * 0.04);
  // Each odd value twice in a row: an unchanged NaN, zero or infinity must not count as a zero return.
  odd.forEach((v, k) => {
    const at = 1 + ((k * 7919) % (n - 1));
    e[at] = v;
    e[at + 1] = v;
  });
  return e;
}

describe('computeMetrics equals the plain definitions bit for bit', () => {
  const cases: Array<[string, number[]]> = [
    ['ordinary', []],
    ['zeros and negative equity', [0, -5, 0]],
    ['NaN', [NaN]],
    ['+infinity', [Infinity]],
    ['-infinity', [-Infinity]],
    ['-0 and tiny values', [-0, 5e-324, 1e-300]],
  ];
  it.each(cases)('%s', (_name, odd) => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 500;
      const equity = series(seed, n, odd);
      const exposed = Uint8Array.from({ length: n }, (_, i) => (equity[i + 1] !== equity[i] ? 1 : 0));
      const times = Float64Array.from({ length: n }, (_, i) => Date.UTC(2000, 0, 1) + i * DAY);
      const pnls = [12.5, -3, 0, 7.25];
      const m = computeMetrics({ equity, exposed, times, trades: pnls.map((pnl) => ({ pnl })), tradedNotional: 1234.5, commissions: 0, periodsPerYear: 252 });
      const want = reference(equity, exposed, times, pnls);
      for (const [key, value] of Object.entries(want)) expect(Object.is(m[key as keyof Metrics], value), `${key}: ${m[key as keyof Metrics]} vs ${value} (seed ${seed})`).toBe(true);
    }
  });

  it.each(cases)('%s: fed in blocks, the same sums as fed whole', (_name, odd) => {
    for (let seed = 1; seed <= 20; seed++) {
      const n = 500;
      const equity = series(seed, n, odd);
      const whole = new EquityPass(equity[0]!, new Float64Array(n + 1));
      whole.add(equity, 1, n + 1);
      const blocks = new EquityPass(equity[0]!, new Float64Array(n + 1));
      for (let lo = 1; lo <= n; lo += 37) blocks.add(equity, lo, Math.min(lo + 37, n + 1));
      const { returns: _kept, ...wholeSums } = whole;
      const { returns: _none, ...blockSums } = blocks;
      expect(Object.entries(blockSums).every(([k, v]) => Object.is(v, wholeSums[k as keyof typeof wholeSums]))).toBe(true);
      expect(Object.is(blocks.squaredDeviations(), whole.squaredDeviations())).toBe(true);
    }
  });
});
