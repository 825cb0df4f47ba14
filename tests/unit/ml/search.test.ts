import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-main/ml/dataset.js';
import { expectedMaxNormal, noSkillAucError, normalQuantile, searchGbdt } from '../../../src-main/ml/eval/search.js';
import { evaluate, TRAIN_DEFAULTS } from '../../../src-main/ml/eval/train-model.js';
import { seededRandom } from '../../../src-main/ml/random.js';

describe('hyperparameter search, deflated for the number of trials', () => {
  it('normal quantile and the expected maximum of n normals match known values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(expectedMaxNormal(1)).toBe(0);
    // E[max of 2 standard normals] = 1/sqrt(pi) = 0.5642; the approximation is within a few hundredths
    expect(expectedMaxNormal(2)).toBeCloseTo(1 / Math.sqrt(Math.PI), 1);
    // E[max of 100] is about 2.51
    expect(expectedMaxNormal(100)).toBeGreaterThan(2.4);
    expect(expectedMaxNormal(100)).toBeLessThan(2.6);
    expect(noSkillAucError(500, 500)).toBeCloseTo(Math.sqrt(1001 / (12 * 250_000)), 12);
  });

  it('on labels with no signal the winner is deflated to about no skill; on a real signal it stays above', async () => {
    const rows = 1500;
    const nf = 4;
    const rand = seededRandom(3);
    const x = Float64Array.from({ length: rows * nf }, () => rand() - 0.5);
    const noise = Float64Array.from({ length: rows }, () => (rand() < 0.5 ? 1 : 0));
    const signal = Float64Array.from({ length: rows }, (_, i) => (rand() < 1 / (1 + Math.exp(-4 * x[i * nf]!)) ? 1 : 0));
    const ds = (y: Float64Array): Dataset => ({ names: ['a', 'b', 'c', 'd'], rows, x, y, start: Float64Array.from({ length: rows }, (_, i) => i), end: Float64Array.from({ length: rows }, (_, i) => i + 2), symbols: new Array<string>(rows).fill('S') });
    const run = (y: Float64Array) => searchGbdt(6, 1, async (params) => evaluate(ds(y), { ...TRAIN_DEFAULTS, model: 'gbdt', objective: 'logloss', folds: 3, gbdt: { ...params, trees: Math.min(params.trees ?? 50, 60) } }));
    const none = await run(noise);
    expect(none.trials.length).toBe(6);
    expect(none.best.auc).toBe(Math.max(...none.trials.map((t) => t.auc)));
    expect(none.deflatedAuc).toBeLessThan(none.best.auc);
    expect(Math.abs(none.deflatedAuc - 0.5)).toBeLessThan(0.05);
    const real = await run(signal);
    expect(real.deflatedAuc).toBeGreaterThan(0.65);
  }, 120_000);
});
