import { describe, expect, it } from 'vitest';
import { normCdf } from '../../../src-shared/options/normal.js';
import { normQuantile } from '../../../src-main/kernel/stats/normal-quantile.js';
import { blockSums, deflatedSharpe, expectedMaxSharpe, probabilityOfOverfitting, seriesMoments } from '../../../src-main/backtest/optimize/overfitting.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';

describe('normal quantile', () => {
  it('matches tabulated quantiles and inverts the CDF from the tails to the centre', () => {
    expect(normQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normQuantile(0.999)).toBeCloseTo(3.090232306167813, 12);
    expect(normQuantile(0.5)).toBeCloseTo(0, 14);
    for (const p of [1e-12, 1e-6, 0.01, 0.02425, 0.3, 0.7, 0.97575, 0.99, 1 - 1e-6]) {
      expect(Math.abs(normCdf(normQuantile(p)) - p) / Math.min(p, 1 - p)).toBeLessThan(1e-9);
    }
    expect(normQuantile(0)).toBe(-Infinity);
    expect(Number.isNaN(normQuantile(1.5))).toBe(true);
  });
});

describe('deflated Sharpe ratio', () => {
  it('reproduces the numerical example of Bailey and Lopez de Prado (2014): DSR 0.9004', () => {
    // Their example: the best of N = 100 trials has an annualised Sharpe of 2.5 over 1,250 daily returns with
    // skewness -3 and kurtosis 10; the trials' annualised Sharpe ratios have variance 1/2. Per day: divide the
    // Sharpe ratios by sqrt(250) and the variance by 250.
    const perDay = Math.sqrt(250);
    const benchmarkAnnual = expectedMaxSharpe(100, 0.5);
    expect(benchmarkAnnual).toBeCloseTo(1.7894, 3);
    const { deflatedSharpe: dsr, benchmark } = deflatedSharpe({ sharpe: 2.5 / perDay, trials: 100, trialVariance: 0.5 / 250, observations: 1250, skewness: -3, kurtosis: 10 });
    expect(benchmark * perDay).toBeCloseTo(benchmarkAnnual, 10);
    expect(dsr).toBeCloseTo(0.9004, 4);
  });

  it('does not deflate a single trial, and deflates more as trials grow', () => {
    expect(expectedMaxSharpe(1, 1)).toBe(0);
    const at = (trials: number): number => deflatedSharpe({ sharpe: 0.1, trials, trialVariance: 0.002, observations: 500, skewness: 0, kurtosis: 3 }).deflatedSharpe!;
    expect(at(1)).toBeCloseTo(normCdf(0.1 * Math.sqrt(499) / Math.sqrt(1 + 0.5 * 0.01)), 12);
    expect(at(10)).toBeLessThan(at(1));
    expect(at(1000)).toBeLessThan(at(10));
  });
});

function series(n: number, mean: number, sd: number, rand: () => number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let i = 1; i <= n; i++) {
    // Box-Muller from the seeded generator: the same series on every machine.
    const u = Math.max(rand(), 1e-12);
    out[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  }
  return out;
}

describe('block sums and moments', () => {
  it('give the moments of the series they were cut from', () => {
    const r = series(997, 0.001, 0.01, prng(4));
    const m = seriesMoments(blockSums(r, 1, 997, 16));
    let mean = 0;
    for (let i = 1; i <= 997; i++) mean += r[i]! / 997;
    let c2 = 0;
    let c3 = 0;
    let c4 = 0;
    let ss = 0;
    for (let i = 1; i <= 997; i++) {
      const d = r[i]! - mean;
      c2 += (d * d) / 997;
      c3 += (d * d * d) / 997;
      c4 += (d * d * d * d) / 997;
      ss += d * d;
    }
    expect(m.observations).toBe(997);
    expect(m.sharpe!).toBeCloseTo(mean / Math.sqrt(ss / 996), 10);
    expect(m.skewness).toBeCloseTo(c3 / c2 ** 1.5, 8);
    expect(m.kurtosis).toBeCloseTo(c4 / (c2 * c2), 8);
  });
});

describe('probability of backtest overfitting (CSCV)', () => {
  // Two blocks, two configurations, worked by hand: with S = 2 there are two splits, each block in-sample once.
  const twoBlocks = (a: [number[], number[]], b: [number[], number[]]): number[][] =>
    [a, b].map((blocks) => blockSums(Float64Array.from([0, ...blocks[0], ...blocks[1]]), 1, blocks[0].length + blocks[1].length, 2));

  it('is 1 when the in-sample winner is always the loser out of sample', () => {
    // A has the higher Sharpe in block 1, B in block 2: each split picks the one that then loses.
    // Per-block Sharpe ratios: A 1.0 then 0, B 0.218 then 1.0.
    const sums = twoBlocks([[0.02, 0.01, 0.0], [0.01, -0.01, 0.0]], [[0.02, -0.01, 0.0], [0.02, 0.01, 0.0]]);
    const result = probabilityOfOverfitting(sums, 2)!;
    expect(result.splits).toBe(2);
    expect(result.pbo).toBe(1);
    // Rank 1 of 2: omega = 1/3, logit ln(1/2).
    for (const logit of result.logits) expect(logit).toBeCloseTo(Math.log(0.5), 12);
  });

  it('is 0 when the winner stays the winner', () => {
    // A 1.0 in both blocks; B 0.218 then 0.
    const sums = twoBlocks([[0.02, 0.01, 0.0], [0.02, 0.01, 0.0]], [[0.02, -0.01, 0.0], [0.01, -0.01, 0.0]]);
    const result = probabilityOfOverfitting(sums, 2)!;
    expect(result.pbo).toBe(0);
    for (const logit of result.logits) expect(logit).toBeCloseTo(Math.log(2), 12);
  });

  it('is near one half for configurations of pure noise, and near 0 when one has a real edge', () => {
    const rand = prng(11);
    const noise = Array.from({ length: 40 }, () => blockSums(series(1600, 0, 0.01, rand), 1, 1600, 10));
    const pure = probabilityOfOverfitting(noise, 10)!;
    expect(pure.splits).toBe(252);
    expect(pure.pbo).toBeGreaterThan(0.25);
    expect(pure.pbo).toBeLessThan(0.75);
    const withEdge = [...noise, blockSums(series(1600, 0.003, 0.01, rand), 1, 1600, 10)];
    expect(probabilityOfOverfitting(withEdge, 10)!.pbo).toBeLessThan(0.05);
  });

  it('refuses what it cannot score', () => {
    expect(probabilityOfOverfitting([[1, 0, 0, 0, 0]], 2)).toBeNull();
    expect(probabilityOfOverfitting([blockSums(new Float64Array(9), 1, 8, 3), blockSums(new Float64Array(9), 1, 8, 3)], 3)).toBeNull();
  });
});
