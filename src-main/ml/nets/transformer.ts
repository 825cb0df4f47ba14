import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../random.js';
import { useTfBackend } from './backend.js';
import { LAYER_NORM_EPSILON, type TransformerWeights } from './transformer-weights.js';

export { LAYER_NORM_EPSILON, type TransformerWeights };

/**
 * A small transformer classifier with @tensorflow/tfjs (its pure JavaScript CPU backend here): standardised
 * feature windows [N, steps, F] are projected to `dModel` and given a learned position embedding, then one
 * encoder block (single-head scaled dot-product self-attention, residual, layer norm; a ReLU feed-forward, residual,
 * layer norm), and the last step's vector goes through a dense sigmoid for the up-probability. Written with tfjs
 * ops and a hand-written training loop (Adam on the log-loss), so the weights are plain variables the ONNX export
 * (MatMul, Softmax, Add, LayerNormalization) writes one for one.
 */
export interface TransformerParams {
  dModel: number;
  ff: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const TRANSFORMER_DEFAULTS: TransformerParams = { dModel: 16, ff: 32, epochs: 5, batchSize: 64, learningRate: 0.005, seed: 1 };
type Vars = Record<Exclude<keyof TransformerWeights, 'steps' | 'features' | 'dModel' | 'ff'>, tf.Variable>;

function initVars(steps: number, f: number, d: number, ff: number, seed: number): Vars {
  const rand = seededRandom(seed);
  const glorot = (rows: number, cols: number) => {
    const limit = Math.sqrt(6 / (rows + cols));
    return tf.variable(tf.tensor2d(Float32Array.from({ length: rows * cols }, () => (rand() * 2 - 1) * limit), [rows, cols]));
  };
  const fill = (n: number, v: number) => tf.variable(tf.fill([n], v));
  return {
    inKernel: glorot(f, d), inBias: fill(d, 0), position: tf.variable(tf.tensor2d(Float32Array.from({ length: steps * d }, () => (rand() * 2 - 1) * 0.05), [steps, d])),
    wq: glorot(d, d), wk: glorot(d, d), wv: glorot(d, d), wo: glorot(d, d), ln1Gamma: fill(d, 1), ln1Beta: fill(d, 0),
    ff1Kernel: glorot(d, ff), ff1Bias: fill(ff, 0), ff2Kernel: glorot(ff, d), ff2Bias: fill(d, 0), ln2Gamma: fill(d, 1), ln2Beta: fill(d, 0),
    outKernel: glorot(d, 1), outBias: fill(1, 0),
  };
}

function layerNorm(x: tf.Tensor3D, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(LAYER_NORM_EPSILON).sqrt()).mul(gamma).add(beta) as tf.Tensor3D;
}

/** Logits [B] for standardised windows [B, steps, F]. */
function forward(v: Vars | Record<keyof Vars, tf.Tensor>, x: tf.Tensor3D): tf.Tensor1D {
  const [b, steps, f] = x.shape;
  const d = v.inKernel.shape[1]!;
  const dense = (t: tf.Tensor3D, k: tf.Tensor, bias?: tf.Tensor) => {
    const y = tf.matMul(t.reshape([-1, t.shape[2]]), k as tf.Tensor2D).reshape([b, steps, k.shape[1]!]) as tf.Tensor3D;
    return bias ? (y.add(bias) as tf.Tensor3D) : y;
  };
  const h = dense(x.reshape([b, steps, f]), v.inKernel, v.inBias).add(v.position) as tf.Tensor3D;
  const q = dense(h, v.wq);
  const k = dense(h, v.wk);
  const val = dense(h, v.wv);
  const attn = tf.softmax(tf.matMul(q, k, false, true).mul(1 / Math.sqrt(d)));
  const h1 = layerNorm(h.add(dense(tf.matMul(attn, val), v.wo)) as tf.Tensor3D, v.ln1Gamma, v.ln1Beta);
  const ffOut = dense(dense(h1, v.ff1Kernel, v.ff1Bias).relu() as tf.Tensor3D, v.ff2Kernel, v.ff2Bias);
  const h2 = layerNorm(h1.add(ffOut) as tf.Tensor3D, v.ln2Gamma, v.ln2Beta);
  const last = h2.slice([0, steps - 1, 0], [b, 1, d]).reshape([b, d]) as tf.Tensor2D;
  return tf.matMul(last, v.outKernel as tf.Tensor2D).reshape([b]).add(v.outBias) as tf.Tensor1D;
}

export interface TrainHooks {
  onEpoch?(epoch: number, loss: number): void;
  /** Checked after every batch: true ends training early (the caller decides what that means). */
  stop?(): boolean;
}

/** Trains on standardised windows `x` [rows, steps, F] and 0/1 labels `y`. */
export async function trainTransformer(x: Float32Array, y: Float32Array, rows: number, steps: number, features: number, given: Partial<TransformerParams> = {}, hooks: TrainHooks = {}): Promise<TransformerWeights> {
  const p = { ...TRANSFORMER_DEFAULTS, ...given };
  await useTfBackend();
  const vars = initVars(steps, features, p.dModel, p.ff, p.seed);
  const optimizer = tf.train.adam(p.learningRate);
  const rand = seededRandom(p.seed + 17);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const size = steps * features;
  try {
    for (let epoch = 1; epoch <= p.epochs; epoch++) {
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      let lossSum = 0;
      for (let from = 0; from < rows; from += p.batchSize) {
        const n = Math.min(p.batchSize, rows - from);
        const bx = new Float32Array(n * size);
        const by = new Float32Array(n);
        for (let k = 0; k < n; k++) {
          const r = order[from + k]!;
          bx.set(x.subarray(r * size, r * size + size), k * size);
          by[k] = y[r]!;
        }
        const cost = tf.tidy(() => {
          const xs = tf.tensor3d(bx, [n, steps, features]);
          const ys = tf.tensor1d(by);
          return optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(ys, forward(vars, xs)) as tf.Scalar, true, Object.values(vars)) ?? tf.scalar(NaN);
        });
        lossSum += cost.dataSync()[0]! * n;
        cost.dispose();
        if (hooks.stop?.()) return weightsOf(vars, steps, features, p);
      }
      hooks.onEpoch?.(epoch, lossSum / rows);
    }
    return weightsOf(vars, steps, features, p);
  } finally {
    for (const v of Object.values(vars)) v.dispose();
    optimizer.dispose();
  }
}

function weightsOf(v: Vars, steps: number, features: number, p: TransformerParams): TransformerWeights {
  const a = (t: tf.Variable) => Array.from(t.dataSync());
  return {
    steps, features, dModel: p.dModel, ff: p.ff,
    inKernel: a(v.inKernel), inBias: a(v.inBias), position: a(v.position), wq: a(v.wq), wk: a(v.wk), wv: a(v.wv), wo: a(v.wo),
    ln1Gamma: a(v.ln1Gamma), ln1Beta: a(v.ln1Beta), ff1Kernel: a(v.ff1Kernel), ff1Bias: a(v.ff1Bias), ff2Kernel: a(v.ff2Kernel), ff2Bias: a(v.ff2Bias),
    ln2Gamma: a(v.ln2Gamma), ln2Beta: a(v.ln2Beta), outKernel: a(v.outKernel), outBias: a(v.outBias)[0]!,
  };
}

/** tfjs's own probabilities for standardised windows (the reference the ONNX export is checked against). */
export function predictTransformerTf(w: TransformerWeights, x: Float32Array, rows: number): Float32Array {
  return tf.tidy(() => {
    const d = w.dModel;
    const t2 = (v: number[], r: number, c: number) => tf.tensor2d(v, [r, c]);
    const vars = {
      inKernel: t2(w.inKernel, w.features, d), inBias: tf.tensor1d(w.inBias), position: t2(w.position, w.steps, d), wq: t2(w.wq, d, d), wk: t2(w.wk, d, d), wv: t2(w.wv, d, d), wo: t2(w.wo, d, d),
      ln1Gamma: tf.tensor1d(w.ln1Gamma), ln1Beta: tf.tensor1d(w.ln1Beta), ff1Kernel: t2(w.ff1Kernel, d, w.ff), ff1Bias: tf.tensor1d(w.ff1Bias), ff2Kernel: t2(w.ff2Kernel, w.ff, d), ff2Bias: tf.tensor1d(w.ff2Bias),
      ln2Gamma: tf.tensor1d(w.ln2Gamma), ln2Beta: tf.tensor1d(w.ln2Beta), outKernel: t2(w.outKernel, d, 1), outBias: tf.tensor1d([w.outBias]),
    };
    return tf.sigmoid(forward(vars, tf.tensor3d(x, [rows, w.steps, w.features]))).dataSync() as Float32Array;
  }).slice();
}
