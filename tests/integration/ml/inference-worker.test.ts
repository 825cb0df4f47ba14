import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceClient } from '../../../src-main/ml/inference/inference-client.js';
import { treeEnsembleToOnnx } from '../../../src-main/ml/onnx/tree-export.js';
import { seededRandom } from '../../../src-main/ml/random.js';
import { trainGbdt } from '../../../src-main/ml/trees/gbdt.js';
import { predictMany, sigmoid } from '../../../src-main/ml/trees/tree-model.js';
import { buildMlWorker } from './ml-worker-build.js';

const dir = mkdtempSync(join(tmpdir(), 'ml-infer-'));
let client: InferenceClient;
const nf = 8;

function rowsOf(n: number, seed: number) {
  const rand = seededRandom(seed);
  const x = new Float64Array(n * nf);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < nf; f++) x[i * nf + f] = rand() - 0.5;
    y[i] = rand() < sigmoid(3 * x[i * nf]! - 2 * x[i * nf + 1]!) ? 1 : 0;
  }
  return { x, y, rows: n };
}

beforeAll(async () => {
  client = new InferenceClient({ workerScript: await buildMlWorker('ml-inference-worker') });
});
afterAll(async () => {
  await client.close();
});

describe('ONNX inference worker (onnxruntime-node)', () => {
  it('loads a model, reports the CPU provider and why CUDA is not used here, and batches rows', async () => {
    const model = trainGbdt(rowsOf(2000, 1), nf, { trees: 50, earlyStopping: 0 }).model;
    writeFileSync(join(dir, 'a.onnx'), treeEnsembleToOnnx(model));
    const info = await client.load('a', join(dir, 'a.onnx'));
    expect(info.provider).toBe('cpu');
    expect(info.cudaUnavailable).toMatch(/CUDA/);
    expect(info.inputs).toEqual(['features']);
    // one bar: 40 symbols' rows in one batch
    const batch = rowsOf(40, 2);
    const { y } = await client.predict('a', batch.x, 40, nf);
    const ours = predictMany(model, batch.x, 40);
    for (let i = 0; i < 40; i++) expect(Math.abs(y[i]! - ours[i]!)).toBeLessThan(1e-5);
  });

  it("a long batch runs off main's loop: a loop callback runs while it is computed", async () => {
    const model = trainGbdt(rowsOf(3000, 3), nf, { trees: 100, maxDepth: 8, maxLeaves: 128, minSamplesLeaf: 2, learningRate: 0.01, earlyStopping: 0 }).model;
    writeFileSync(join(dir, 'big.onnx'), treeEnsembleToOnnx(model));
    await client.load('big', join(dir, 'big.onnx'));
    const batch = rowsOf(100_000, 4);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const r = await client.predict('big', batch.x, batch.rows, nf);
    clearInterval(timer);
    expect(r.y.length).toBe(100_000);
    console.log(`batch of 100000 rows x 100 trees: ${r.ms.toFixed(1)} ms in the worker, ${ticks} loop ticks meanwhile`);
    expect(r.ms).toBeGreaterThan(5);
    expect(ticks).toBeGreaterThan(0);
  });

  it('batches in flight together, of growing sizes, each get their own outputs, and keep them', async () => {
    // model 'a' is the first test's (the trainer is deterministic); 'b' is another
    const a = trainGbdt(rowsOf(2000, 1), nf, { trees: 50, earlyStopping: 0 }).model;
    const b = trainGbdt(rowsOf(2000, 7), nf, { trees: 30, maxDepth: 4, earlyStopping: 0 }).model;
    writeFileSync(join(dir, 'b.onnx'), treeEnsembleToOnnx(b));
    await client.load('b', join(dir, 'b.onnx'));
    // sizes grow within a round (a buffer too small is replaced by a larger one) and each round's batches are in
    // flight together (several buffers at once); the second round sends them in the other order
    const round = (seed: number) => [3, 40, 700, 5, 2500, 1].map((n, k) => ({ key: k % 2 === 0 ? 'a' : 'b', model: k % 2 === 0 ? a : b, ...rowsOf(n, seed + k) }));
    const [one, two] = [round(100), round(200)];
    const first = await Promise.all(one.map((q) => client.predict(q.key, q.x, q.rows, nf)));
    const kept = first.map((r) => r.y.slice());
    const second = (await Promise.all([...two].reverse().map((q) => client.predict(q.key, q.x, q.rows, nf)))).reverse();
    const check = (q: (typeof one)[number], y: Float32Array) => {
      const ours = predictMany(q.model, q.x, q.rows);
      expect(y.length).toBe(q.rows);
      for (let i = 0; i < q.rows; i++) expect(Math.abs(y[i]! - ours[i]!)).toBeLessThan(1e-5);
    };
    one.forEach((q, k) => check(q, first[k]!.y));
    two.forEach((q, k) => check(q, second[k]!.y));
    // the second round (other rows, through the same buffers) did not write into the first round's outputs
    first.forEach((r, k) => expect(r.y).toEqual(kept[k]));
  });

  it('a corrupt model file is refused with a clear error, and the worker keeps serving', async () => {
    writeFileSync(join(dir, 'bad.onnx'), Buffer.from('this is not a protobuf model at all'));
    await expect(client.load('bad', join(dir, 'bad.onnx'))).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/bad\.onnx is not a model onnxruntime can load/) });
    await expect(client.load('gone', join(dir, 'missing.onnx'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.predict('bad', new Float64Array(nf), 1, nf)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { y } = await client.predict('a', new Float64Array(nf), 1, nf);
    expect(y.length).toBe(1);
  });

  it('lists the providers of this build', async () => {
    const info = await client.info();
    expect(info.backends).toContain('cpu');
    expect(info.versions.node).toMatch(/^1\./);
  });
});
