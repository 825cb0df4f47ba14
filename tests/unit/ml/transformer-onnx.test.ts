import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { networkPredict } from '../../../src-main/ml/nets/network.js';
import { fitNorm, standardise } from '../../../src-main/ml/nets/sequences.js';
import { predictTransformerTf, trainTransformer } from '../../../src-main/ml/nets/transformer.js';
import { transformerToOnnx } from '../../../src-main/ml/onnx/transformer-export.js';
import { seededRandom } from '../../../src-main/ml/random.js';

describe('transformer (tfjs) through ONNX', () => {
  it('learns a sequence signal; onnxruntime-node and the plain-JS forward give its predictions to 1e-5', async () => {
    const rows = 384;
    const steps = 6;
    const f = 3;
    const rand = seededRandom(11);
    // raw inputs off centre and scaled, so the graph's standardisation matters
    const raw = Float32Array.from({ length: rows * steps * f }, (_, i) => (rand() * 2 - 1) * (1 + (i % f)) + 0.5);
    // up when the first feature summed over the last 2 steps is above its mean
    const y = Float32Array.from({ length: rows }, (_, i) => (raw[(i * steps + steps - 1) * f]! + raw[(i * steps + steps - 2) * f]! > 1 ? 1 : 0));
    const norm = fitNorm(raw, f);
    const x = standardise(raw, norm);
    const losses: number[] = [];
    const w = await trainTransformer(x, y, rows, steps, f, { dModel: 8, ff: 16, epochs: 8, batchSize: 32, learningRate: 0.01 }, { onEpoch: (_e, loss) => losses.push(loss) });
    expect(losses.length).toBe(8);
    expect(losses[7]!).toBeLessThan(losses[0]! * 0.8);
    const ours = predictTransformerTf(w, x, rows);
    const session = await ort.InferenceSession.create(transformerToOnnx(w, norm));
    const out = (await session.run({ features: new ort.Tensor('float32', raw, [rows, steps, f]) })).prediction!;
    await session.release();
    expect(out.dims).toEqual([rows, 1]);
    const theirs = out.data as Float32Array;
    let worstOnnx = 0;
    let worstJs = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < rows; i++) {
      worstOnnx = Math.max(worstOnnx, Math.abs(theirs[i]! - ours[i]!));
      worstJs = Math.max(worstJs, Math.abs(networkPredict({ kind: 'transformer', norm, weights: w }, raw, i * steps * f) - ours[i]!));
      lo = Math.min(lo, ours[i]!);
      hi = Math.max(hi, ours[i]!);
    }
    expect(worstOnnx).toBeLessThan(1e-5);
    expect(worstJs).toBeLessThan(1e-5);
    // the predictions vary with the input (not a constant network)
    expect(hi - lo).toBeGreaterThan(0.3);
  }, 120_000);
});
