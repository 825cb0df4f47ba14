import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-main/ml/dataset.js';
import { purgedFolds, purgedValidationSplit } from '../../../src-main/ml/eval/purged-cv.js';
import { evaluate, TRAIN_DEFAULTS } from '../../../src-main/ml/eval/train-model.js';
import { auc, averageRanks, informationCoefficient, logLoss } from '../../../src-main/ml/eval/metrics.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { sigmoid } from '../../../src-main/ml/trees/tree-model.js';

const DAY = 86_400_000;

/** Two symbols on the same days, labels reading `horizon` days ahead. */
function times(days: number, horizon: number) {
  const start: number[] = [];
  const end: number[] = [];
  for (let d = 0; d < days; d++) for (let s = 0; s < 2; s++) {
    start.push(d * DAY);
    end.push((d + horizon) * DAY);
  }
  return { start: Float64Array.from(start), end: Float64Array.from(end) };
}

describe('purged folds', () => {
  it.each(['walk-forward', 'kfold'] as const)('%s: no training label window overlaps its test window, and the embargo holds', (mode) => {
    const { start, end } = times(500, 10);
    const folds = purgedFolds(start, end, { folds: 4, embargo: 0.02, mode });
    expect(folds.length).toBe(4);
    const embargoRows = Math.ceil(0.02 * start.length);
    for (const f of folds) {
      const test = new Set(f.test);
      for (const i of f.train) {
        expect(test.has(i)).toBe(false);
        expect(end[i]! < f.testStart || start[i]! > f.testEnd).toBe(true);
        if (mode === 'walk-forward') expect(end[i]!).toBeLessThan(f.testStart);
      }
      // purging removed the rows whose 10-day labels reach into the test block (2 symbols x 10 days before it)
      expect(f.purged).toBeGreaterThanOrEqual(20);
      if (mode === 'kfold' && f.test[f.test.length - 1]! < start.length - 1) {
        // rows starting just after the test window are embargoed
        const firstAfter = f.train.find((i) => start[i]! > f.testEnd);
        const afterWindow = Array.from(start.keys()).filter((i) => start[i]! > f.testEnd);
        if (firstAfter !== undefined) expect(firstAfter).toBe(afterWindow[embargoRows]);
        expect(f.embargoed).toBeGreaterThan(0);
      }
    }
    // the test blocks tile the rows after the first block without overlap
    const tested = folds.flatMap((f) => Array.from(f.test));
    expect(new Set(tested).size).toBe(tested.length);
  });

  it('the early-stopping validation tail is purged from the fitting rows too', () => {
    const { start, end } = times(100, 5);
    const rows = Int32Array.from({ length: 200 }, (_, i) => i);
    const { fit, valid } = purgedValidationSplit(rows, start, end, 0.2);
    expect(valid.length).toBe(40);
    for (const i of fit) expect(end[i]!).toBeLessThan(start[valid[0]!]!);
    expect(fit.length).toBe(160 - 10);
  });
});

describe('metrics', () => {
  it('AUC: hand cases and ties counted half', () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(auc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(averageRanks([3, 1, 3, 2])).toEqual(Float64Array.of(3.5, 1, 3.5, 2));
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 14);
    expect(informationCoefficient([1, 2, 3, 4], [10, 20, 30, 25])).toBeCloseTo(0.8, 14);
  });
});

describe('purged walk-forward evaluation with the permuted-label control', () => {
  // A real but noisy signal in feature 0 and nothing in the others.
  const rows = 3000;
  const nf = 4;
  const rand = seededRandom(5);
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = rand() - 0.5;
    y[i] = rand() < sigmoid(3 * x[i * nf]!) ? 1 : 0;
  }
  const ds: Dataset = {
    names: ['a', 'b', 'c', 'd'], rows, x, y, start: Float64Array.from({ length: rows }, (_, i) => i * DAY),
    end: Float64Array.from({ length: rows }, (_, i) => (i + 5) * DAY), symbols: new Array<string>(rows).fill('S'),
  };
  const spec = { ...TRAIN_DEFAULTS, model: 'gbdt' as const, objective: 'logloss' as const, folds: 4, gbdt: { trees: 40, learningRate: 0.1, maxDepth: 3 } };

  it('finds the signal out of sample, fold by fold', () => {
    const r = evaluate(ds, spec);
    expect(r.folds.length).toBe(4);
    for (const f of r.folds) expect((f.metrics as { auc: number }).auc).toBeGreaterThan(0.62);
    expect((r.oos as { auc: number }).auc).toBeGreaterThan(0.65);
    const aucs = r.folds.map((f) => (f.metrics as { auc: number }).auc);
    expect(r.foldMean.auc).toBeCloseTo(aucs.reduce((a, b) => a + b, 0) / aucs.length, 12);
  });

  it.each([1, 2, 3])('shuffled training labels (seed %i) score like a coin out of sample', (seed) => {
    const r = evaluate(ds, { ...spec, permuteLabels: true, seed });
    expect(r.permuted).toBe(true);
    expect(Math.abs((r.oos as { auc: number }).auc - 0.5)).toBeLessThan(0.05);
  });

  it('the forest is evaluated the same way', () => {
    const r = evaluate(ds, { ...spec, model: 'forest', forest: { trees: 20, maxDepth: 6, minSamplesLeaf: 20 } });
    expect((r.oos as { auc: number }).auc).toBeGreaterThan(0.6);
  });

  it('cancel stops training with CANCELLED; progress counts rounds per fold', () => {
    const seen: string[] = [];
    let calls = 0;
    expect(() => evaluate(ds, spec, { progress: (p) => seen.push(`${p.fold}/${p.folds}:${p.round}`), cancelled: () => ++calls > 50 })).toThrow(/cancelled/);
    expect(seen[0]).toBe('1/4:1');
    expect(seen.length).toBe(50);
  });
});
