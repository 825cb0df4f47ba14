import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { trainLstm, predictLstm } from '../../../src-main/ml/nets/lstm.js';
import { lstmToOnnx } from '../../../src-main/ml/onnx/lstm-export.js';
import { seededRandom } from '../../../src-main/ml/random.js';

describe('LSTM (tfjs) through ONNX', () => {
  it('learns a sequence signal, and onnxruntime-node gives its predictions to 1e-5', async () => {
    const rows = 256;
    const steps = 8;
    const f = 3;
    const rand = seededRandom(7);
    const x = Float32Array.from({ length: rows * steps * f }, () => rand() * 2 - 1);
    // up when the first feature summed over the last 3 steps is positive
    const y = Float32Array.from({ length: rows }, (_, i) => {
      let s = 0;
      for (let t = steps - 3; t < steps; t++) s += x[(i * steps + t) * f]!;
      return s > 0 ? 1 : 0;
    });
    const losses: number[] = [];
    const { weights, model } = await trainLstm(x, y, rows, steps, f, { units: 8, epochs: 12, batchSize: 32, learningRate: 0.03 }, (_e, loss) => losses.push(loss));
    expect(losses.length).toBe(12);
    expect(losses[11]!).toBeLessThan(losses[0]!);
    const ours = predictLstm(model, x, rows, steps, f);
    const session = await ort.InferenceSession.create(lstmToOnnx(weights));
    const out = (await session.run({ features: new ort.Tensor('float32', x, [rows, steps, f]) })).prediction!;
    await session.release();
    expect(out.dims).toEqual([rows, 1]);
    const theirs = out.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < rows; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours[i]!));
    expect(worst).toBeLessThan(1e-5);
    // the predictions vary with the input (the network is not constant)
    expect(Math.max(...ours) - Math.min(...ours)).toBeGreaterThan(0.2);
    model.dispose();
  }, 120_000);
});
