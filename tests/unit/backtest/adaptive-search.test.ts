import { describe, expect, it } from 'vitest';
import { adaptiveSearch, paramCoding, type AdaptiveMethod } from '../../../src-main/backtest/optimize/adaptive-search.js';
import type { ParamSpace } from '../../../src-main/kernel/strategy/params.js';
import type { Combo } from '../../../src-main/backtest/optimize/search.js';

const space: ParamSpace[] = [
  { name: 'fast', kind: 'number', integer: true, min: 2, max: 60, default: 10 },
  { name: 'slow', kind: 'number', integer: true, min: 5, max: 200, default: 50 },
  { name: 'band', kind: 'number', integer: false, min: -3, max: 3, default: 0 },
  { name: 'mode', kind: 'enum', options: ['a', 'b', 'c'], default: 'a' },
];

/** A known optimum: fast 17, slow 121, band 0.8, mode 'c'; fast < slow required, as sma-cross requires. */
function objective(c: Combo): number {
  const f = Number(c.fast);
  const s = Number(c.slow);
  const b = Number(c.band);
  return -((f - 17) ** 2) / 50 - ((s - 121) ** 2) / 800 - (b - 0.8) ** 2 + (c.mode === 'c' ? 1 : 0);
}

async function run(method: AdaptiveMethod, seed: number, iterations = 40) {
  const batches: number[] = [];
  const result = await adaptiveSearch({
    method,
    space,
    base: { fast: 10, slow: 50, band: 0, mode: 'a' },
    valid: (c) => Number(c.fast) < Number(c.slow),
    evaluate: async (combos) => {
      batches.push(combos.length);
      for (const c of combos) expect(Number(c.fast)).toBeLessThan(Number(c.slow));
      return combos.map(objective);
    },
    iterations,
    population: 16,
    seed,
  });
  return { result, batches };
}

describe('adaptive search (particle swarm, simulated annealing)', () => {
  for (const method of ['pso', 'anneal'] as const) {
    it(`${method} finds the known optimum of a separable objective within a small budget`, async () => {
      const { result, batches } = await run(method, 3);
      // The budget: at most population x iterations evaluations, each batch one call.
      expect(batches.length).toBeLessThanOrEqual(40);
      expect(result.evaluated.length).toBeLessThanOrEqual(16 * 40);
      const top = result.best!;
      expect(top.combo.mode).toBe('c');
      expect(Math.abs(Number(top.combo.fast) - 17)).toBeLessThanOrEqual(2);
      expect(Math.abs(Number(top.combo.slow) - 121)).toBeLessThanOrEqual(12);
      expect(Math.abs(Number(top.combo.band) - 0.8)).toBeLessThan(0.3);
      // The trace never gets worse, and ends at the best.
      for (let i = 1; i < result.trace.length; i++) expect(result.trace[i]!).toBeGreaterThanOrEqual(result.trace[i - 1]!);
      expect(result.trace.at(-1)).toBe(top.score);
      // No combination is evaluated twice.
      expect(new Set(result.evaluated.map((c) => JSON.stringify(c))).size).toBe(result.evaluated.length);
    });

    it(`${method} is deterministic by seed and beats random points of the same budget`, async () => {
      const a = await run(method, 9, 20);
      const b = await run(method, 9, 20);
      expect(a.result.evaluated).toEqual(b.result.evaluated);
      const firstBatch = a.result.scores.slice(0, 16).filter((s): s is number => s !== null);
      expect(a.result.best!.score).toBeGreaterThan(Math.max(...firstBatch));
    });
  }

  it('pinned parameters stay at their values and an empty space is refused', async () => {
    const coding = paramCoding(space, { fast: 10, slow: 50, band: 0, mode: 'b' }, new Set(['mode', 'band']));
    expect(coding.dimensions).toBe(2);
    const combo = coding.decode([1, 0]);
    expect(combo).toEqual({ fast: 60, slow: 5, band: 0, mode: 'b' });
    await expect(
      adaptiveSearch({ method: 'pso', space, base: {}, fixed: new Set(space.map((p) => p.name)), valid: () => true, evaluate: async () => [], iterations: 3, population: 4, seed: 1 }),
    ).rejects.toThrow(/nothing to search/);
  });

  it('stops with what it has when cancelled', async () => {
    const controller = new AbortController();
    let calls = 0;
    const result = await adaptiveSearch({
      method: 'anneal',
      space,
      base: {},
      valid: () => true,
      evaluate: async (combos) => {
        if (++calls === 3) controller.abort();
        return combos.map(objective);
      },
      iterations: 50,
      population: 8,
      seed: 2,
      signal: controller.signal,
    });
    expect(result.cancelled).toBe(true);
    expect(calls).toBe(3);
    expect(result.trace.length).toBe(2);
  });
});
