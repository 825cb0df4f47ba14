import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src-main/ml/dataset.js';
import { TRAIN_DEFAULTS } from '../../../src-main/ml/eval/train-model.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { trainInWorker } from '../../../src-main/ml/train-client.js';
import { predictMany, sigmoid } from '../../../src-main/ml/trees/tree-model.js';
import { buildMlWorker } from './ml-worker-build.js';

let workerScript = '';
beforeAll(async () => {
  workerScript = await buildMlWorker('ml-train-worker');
});

function data(rows: number): Dataset {
  const rand = seededRandom(9);
  const nf = 3;
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = rand() - 0.5;
    y[i] = rand() < sigmoid(4 * x[i * nf]!) ? 1 : 0;
  }
  return { names: ['a', 'b', 'c'], rows, x, y, start: Float64Array.from({ length: rows }, (_, i) => i), end: Float64Array.from({ length: rows }, (_, i) => i + 3), symbols: new Array<string>(rows).fill('S') };
}

describe('ML training worker', () => {
  it('trains off the calling thread with progress, and its model predicts like one trained here', async () => {
    const ds = data(2000);
    const seen: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const r = await trainInWorker(ds, { ...TRAIN_DEFAULTS, model: 'gbdt', objective: 'logloss', folds: 3, gbdt: { trees: 60 } }, { workerScript, onProgress: (p) => seen.push(p.round) });
    clearInterval(timer);
    expect(r.evaluation!.folds.length).toBe(3);
    expect((r.evaluation!.oos as { auc: number }).auc).toBeGreaterThan(0.65);
    expect(seen.length).toBeGreaterThan(0);
    // main's loop ran timers while the worker trained
    expect(ticks).toBeGreaterThan(0);
    const p = predictMany(r.final.model!, ds.x, 10);
    expect(p.every((q) => q > 0 && q < 1)).toBe(true);
  });

  it('cancel: aborting stops the job with CANCELLED', async () => {
    const controller = new AbortController();
    const job = trainInWorker(data(4000), { ...TRAIN_DEFAULTS, model: 'gbdt', objective: 'logloss', folds: 3, gbdt: { trees: 5000, earlyStopping: 0 } }, {
      workerScript,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('a bad spec comes back as BAD_REQUEST with the reason', async () => {
    await expect(trainInWorker(data(200), { ...TRAIN_DEFAULTS, model: 'gbdt', objective: 'logloss', folds: 3, gbdt: { learningRate: 5 } }, { workerScript })).rejects.toMatchObject({
      code: 'BAD_REQUEST', message: expect.stringMatching(/learning rate/),
    });
  });
});
