import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { averageEnsembleToOnnx, treeEnsembleToOnnx } from '../../../src-main/ml/onnx/tree-export.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { trainForest } from '../../../src-main/ml/trees/forest.js';
import { trainGbdt } from '../../../src-main/ml/trees/gbdt.js';
import { predictEnsemble, predictMany, sigmoid, type TreeEnsembleJson } from '../../../src-main/ml/trees/tree-model.js';

const nf = 6;
function data(rows: number, seed: number, kind: 'logloss' | 'l2') {
  const rand = seededRandom(seed);
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = (rand() - 0.5) * 10 ** (f - 2); // features on different scales
    const s = x[i * nf]! * 100 + Math.sin(x[i * nf + 3]! * 10) - x[i * nf + 4]! * 0.01;
    y[i] = kind === 'l2' ? s : rand() < sigmoid(3 * s) ? 1 : 0;
  }
  return { x, y, rows };
}

async function onnxPredict(model: TreeEnsembleJson, x: Float64Array, rows: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(treeEnsembleToOnnx(model, { name: 'test' }));
  const out = await session.run({ features: new ort.Tensor('float32', Float32Array.from(x), [rows, nf]) });
  expect(out.prediction!.dims).toEqual([rows, 1]);
  await session.release();
  return out.prediction!.data as Float32Array;
}

describe('tree ensembles through ONNX (onnxruntime-node, CPU)', () => {
  const test = data(2000, 99, 'logloss');
  const cases: Array<[string, () => TreeEnsembleJson]> = [
    ['boosted classifier (log-loss, sigmoid)', () => trainGbdt(data(3000, 1, 'logloss'), nf, { trees: 80, maxDepth: 5, maxLeaves: 24, earlyStopping: 0 }).model],
    ['boosted regressor (L2)', () => trainGbdt(data(3000, 2, 'l2'), nf, { objective: 'l2', trees: 80, maxDepth: 6, maxLeaves: 40, earlyStopping: 0 }).model],
    ['random forest classifier (average)', () => trainForest(data(3000, 3, 'logloss'), nf, { trees: 25, maxDepth: 10 }).model],
    ['random forest regressor (average)', () => trainForest(data(3000, 4, 'l2'), nf, { trees: 25, maxDepth: 10, classification: false }).model],
  ];
  it.each(cases)('%s: ONNX predictions equal the in-process ones to 1e-5', async (_label, make) => {
    const model = make();
    const ours = predictMany(model, test.x, test.rows);
    const theirs = await onnxPredict(model, test.x, test.rows);
    let worst = 0;
    for (let i = 0; i < test.rows; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours[i]!) / Math.max(1, Math.abs(ours[i]!)));
    expect(worst).toBeLessThan(1e-5);
    // the model is not trivial: predictions vary
    expect(new Set(Array.from(ours, (v) => v.toFixed(6))).size).toBeGreaterThan(50);
  });

  it('an averaging ensemble (boosted trees + forest) as one ONNX graph equals the in-process average to 1e-5', async () => {
    const train = data(2000, 6, 'logloss');
    const members = [trainGbdt(train, nf, { trees: 40, earlyStopping: 0 }).model, trainForest(train, nf, { trees: 15, maxDepth: 8 }).model];
    const session = await ort.InferenceSession.create(averageEnsembleToOnnx(members));
    const out = (await session.run({ features: new ort.Tensor('float32', Float32Array.from(test.x), [test.rows, nf]) })).prediction!.data as Float32Array;
    await session.release();
    for (let i = 0; i < test.rows; i++) expect(Math.abs(out[i]! - predictEnsemble(members, test.x, i * nf))).toBeLessThan(1e-5);
  });

  it('inputs on a split threshold and NaN take the same branch in both', async () => {
    const model = trainGbdt(data(1000, 5, 'logloss'), nf, { trees: 20, earlyStopping: 0 }).model;
    const rows: number[][] = [];
    for (const t of model.trees.slice(0, 5)) {
      for (let n = 0; n < t.feature.length; n++) {
        if (t.feature[n]! < 0) continue;
        const row = new Array<number>(nf).fill(0);
        row[t.feature[n]!] = t.threshold[n]!;
        rows.push(row);
      }
    }
    rows.push(new Array<number>(nf).fill(NaN));
    const x = Float64Array.from(rows.flat());
    const ours = predictMany(model, x, rows.length);
    const theirs = await onnxPredict(model, x, rows.length);
    for (let i = 0; i < rows.length; i++) expect(Math.abs(theirs[i]! - ours[i]!)).toBeLessThan(1e-5);
  });
});
