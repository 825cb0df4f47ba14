import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src-main/ml/random.js';
import { trainGbdt, type GbdtParams, type GbdtResult, type Matrix } from '../../../src-main/ml/trees/gbdt.js';
import { sigmoid } from '../../../src-main/ml/trees/tree-model.js';
import { buildMlWorker } from './ml-worker-build.js';

/**
 * GBDT histograms shared between this thread and a helper thread (src-main/ml/trees/hist-pool.ts): the features
 * are split between the threads, each cell summed by one thread in row order, so the model must be the same, bit
 * for bit, as one thread's. Rows enough that the root and the larger nodes go to the helper.
 */
function data(rows: number, nf: number, seed: number, kind: 'logloss' | 'l2'): Matrix {
  const rand = seededRandom(seed);
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = rand() - 0.5;
    const s = 3 * x[i * nf]! - 2 * x[i * nf + 1]! * x[i * nf + 2]! + 0.5 * x[i * nf + 7]!;
    y[i] = kind === 'l2' ? s + 0.2 * (rand() - 0.5) : rand() < sigmoid(s) ? 1 : 0;
  }
  return { x, y, rows };
}

const hash = (r: GbdtResult) => createHash('sha256').update(JSON.stringify(r.model)).update(new Uint8Array(r.gains.buffer)).update(JSON.stringify([r.trainLoss, r.validLoss, r.bestRound])).digest('hex');

let script = '';
beforeAll(async () => {
  script = await buildMlWorker('ml-hist-worker');
});

describe('GBDT on two threads', () => {
  const cases: { name: string; kind: 'logloss' | 'l2'; params: Partial<GbdtParams>; valid: boolean }[] = [
    { name: 'log-loss, every row and feature', kind: 'logloss', params: { trees: 6, maxDepth: 5, maxLeaves: 24, rowSubsample: 1, colSubsample: 1, earlyStopping: 0 }, valid: false },
    { name: 'L2, row and column subsampling, early stopping on a validation set', kind: 'l2', params: { objective: 'l2', trees: 8, maxDepth: 4, maxLeaves: 16, rowSubsample: 0.7, colSubsample: 0.6, earlyStopping: 3, seed: 7 }, valid: true },
  ];
  for (const c of cases) {
    it(`${c.name}: the same model hash as one thread`, () => {
      const train = data(60_000, 13, 1, c.kind);
      const valid = c.valid ? data(5_000, 13, 2, c.kind) : undefined;
      const params = { objective: c.kind, ...c.params };
      const one = trainGbdt(train, 13, params, valid, undefined, { threads: 1 });
      const two = trainGbdt(train, 13, params, valid, undefined, { threads: 2, histWorkerScript: script });
      expect(one.threads).toBe(1);
      expect(two.threads).toBe(2); // the helper answered every node it was given
      expect(two.model.trees.length).toBe(one.model.trees.length);
      expect(hash(two)).toBe(hash(one));
    });
  }

  it('without a built helper script it trains on one thread, the same model', () => {
    const train = data(30_000, 9, 3, 'logloss');
    const params = { trees: 3, maxDepth: 4, maxLeaves: 16, earlyStopping: 0 };
    const alone = trainGbdt(train, 9, params, undefined, undefined, { threads: 2, histWorkerScript: join(script, '..', 'no-such-hist-worker.mjs') });
    expect(alone.threads).toBe(1);
    expect(hash(alone)).toBe(hash(trainGbdt(train, 9, params, undefined, undefined, { threads: 1 })));
  });

  it('refuses a thread count below 1', () => {
    expect(() => trainGbdt(data(30_000, 4, 4, 'l2'), 4, { objective: 'l2', trees: 1 }, undefined, undefined, { threads: 0 })).toThrow(/threads/);
  });
});
