import { describe, expect, it } from 'vitest';
import { prng } from '../../../src-main/backtest/optimize/search.js';
import { exp3, thompson } from '../../../src-main/discovery/allocation/bandit.js';
import { riskAdjustedReward, runMetaAllocation } from '../../../src-main/discovery/allocation/meta-allocation.js';
import { bounds } from '../../../src-main/discovery/portfolio/weights.js';

describe('bandit allocators', () => {
  it('EXP3: one worked step', () => {
    const bandit = exp3({ method: 'exp3', bots: 2, exploration: 0.2, limits: bounds(2) });
    for (const w of bandit.weights()) expect(w).toBeCloseTo(0.5, 14);
    bandit.update([1, 0]);
    // Bot 0: estimate 1 / 0.5 = 2, log-weight 0.2 * 2 / 2 = 0.2; probability 0.8 * e^0.2 / (e^0.2 + 1) + 0.1.
    const share = Math.exp(0.2) / (Math.exp(0.2) + 1);
    const w = bandit.weights();
    expect(w[0]).toBeCloseTo(0.8 * share + 0.1, 14);
    expect(w[1]).toBeCloseTo(0.8 * (1 - share) + 0.1, 14);
  });

  it('Thompson sampling: a bot that always wins takes all it may, within the trader\'s limits', () => {
    const free = thompson({ method: 'thompson', bots: 2, seed: 3, limits: bounds(2) });
    const capped = thompson({ method: 'thompson', bots: 2, seed: 3, limits: bounds(2, { lower: 0.1, upper: 0.7 }) });
    for (let day = 0; day < 40; day++) {
      free.update([1, 0]);
      capped.update([1, 0]);
    }
    expect(free.weights()[0]).toBeGreaterThan(0.99);
    const w = capped.weights();
    expect(w[0]).toBeCloseTo(0.7, 12);
    expect(w[1]).toBeCloseTo(0.3, 12);
  });

  it('refuses rewards outside [0, 1]', () => {
    expect(() => thompson({ method: 'thompson', bots: 2, limits: bounds(2) }).update([1.5, 0])).toThrow(/\[0, 1\]/);
  });
});

describe('meta-allocation backtest', () => {
  /** Bot A earns in the first half, bot B in the second; C is noise. */
  function regimes(days: number, seed: number): number[][] {
    const rand = prng(seed);
    const noise = (): number => 0.01 * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());
    return Array.from({ length: days }, (_, t) => [(t < days / 2 ? 0.004 : -0.004) + noise(), (t < days / 2 ? -0.004 : 0.004) + noise(), noise()]);
  }

  for (const method of ['thompson', 'exp3'] as const) {
    it(`${method}: follows the change of regime, and no day's weights read that day or later`, () => {
      const returns = regimes(300, 1);
      const run = runMetaAllocation({ method, returns, seed: 2, draws: 500, exploration: 0.05, discount: 0.95, limits: bounds(3, { upper: 0.8 }) });
      const mean = (from: number, to: number, bot: number): number => {
        let s = 0;
        for (let t = from; t < to; t++) s += run.weights[t]![bot]!;
        return s / (to - from);
      };
      expect(mean(100, 150, 0)).toBeGreaterThan(mean(100, 150, 1));
      expect(mean(260, 300, 1)).toBeGreaterThan(mean(260, 300, 0));
      for (const w of run.weights) expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      // Replace everything from day 200: the weights up to day 200 stay the same.
      const changed = returns.map((row, t) => (t >= 200 ? row.map(() => 0.05) : row));
      const again = runMetaAllocation({ method, returns: changed, seed: 2, draws: 500, exploration: 0.05, discount: 0.95, limits: bounds(3, { upper: 0.8 }) });
      for (let t = 0; t <= 200; t++) expect(Array.from(again.weights[t]!)).toEqual(Array.from(run.weights[t]!));
      expect(again.weights[201]).not.toEqual(run.weights[201]);
      // The allocated book did better than the equal split over the whole run, in this two-regime market.
      let equal = 1;
      for (const row of returns) equal *= 1 + (row[0]! + row[1]! + row[2]!) / 3;
      expect(run.equity[300]).toBeGreaterThan(equal);
    });
  }

  it('scores return per unit of risk in [0, 1]', () => {
    expect(riskAdjustedReward(0, 0.01)).toBe(0.5);
    expect(riskAdjustedReward(0.02, 0.01)).toBeCloseTo(1 / (1 + Math.exp(-2)), 14);
    expect(riskAdjustedReward(0.02, 0.04)).toBeLessThan(riskAdjustedReward(0.02, 0.01));
    expect(() => runMetaAllocation({ method: 'exp3', returns: [[0.01]], limits: bounds(1) })).toThrow(/at least two bots/);
  });
});
