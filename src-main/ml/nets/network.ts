import type { LstmWeights } from './lstm.js';
import type { Norm } from './sequences.js';
import { LAYER_NORM_EPSILON, type TransformerWeights } from './transformer-weights.js';

/**
 * A trained network as plain data (network.json beside model.onnx), and its forward pass in plain JavaScript: the
 * ml-signal strategy runs it bar by bar in a backtest and live (no tfjs there); tests check it against tfjs and
 * onnxruntime to 1e-5. Input: one raw window, `steps` feature rows oldest first (standardised here with `norm`).
 */
export type NetworkJson = { kind: 'lstm'; norm: Norm; weights: LstmWeights } | { kind: 'transformer'; norm: Norm; weights: TransformerWeights };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function networkSteps(net: NetworkJson): number {
  return net.weights.steps;
}

/** Up-probability for the window starting at `offset` of `x` (steps x features values). */
export function networkPredict(net: NetworkJson, x: ArrayLike<number>, offset = 0): number {
  const { steps, features } = net.weights;
  const z = new Float64Array(steps * features);
  for (let i = 0; i < z.length; i++) z[i] = (x[offset + i]! - net.norm.mean[i % features]!) / net.norm.std[i % features]!;
  return net.kind === 'lstm' ? lstmForward(net.weights, z) : transformerForward(net.weights, z);
}

function lstmForward(w: LstmWeights, z: Float64Array): number {
  const hN = w.units;
  const f = w.features;
  let h = new Float64Array(hN);
  const c = new Float64Array(hN);
  const g = new Float64Array(4 * hN);
  for (let t = 0; t < w.steps; t++) {
    for (let k = 0; k < 4 * hN; k++) {
      let s = w.bias[k]!;
      for (let i = 0; i < f; i++) s += z[t * f + i]! * w.kernel[i * 4 * hN + k]!;
      for (let i = 0; i < hN; i++) s += h[i]! * w.recurrent[i * 4 * hN + k]!;
      g[k] = s;
    }
    const next = new Float64Array(hN);
    for (let u = 0; u < hN; u++) {
      // tfjs gate order: input, forget, cell candidate, output
      c[u] = sigmoid(g[hN + u]!) * c[u]! + sigmoid(g[u]!) * Math.tanh(g[2 * hN + u]!);
      next[u] = sigmoid(g[3 * hN + u]!) * Math.tanh(c[u]!);
    }
    h = next;
  }
  let out = w.denseBias;
  for (let u = 0; u < hN; u++) out += h[u]! * w.denseKernel[u]!;
  return sigmoid(out);
}

/** y[r, :] = x[r, :] * k (+ bias) for `rows` rows of `n` inputs; k is [n, m]. */
function dense(x: Float64Array, rows: number, n: number, k: number[], m: number, bias?: number[]): Float64Array {
  const y = new Float64Array(rows * m);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < m; j++) {
      let s = bias ? bias[j]! : 0;
      for (let i = 0; i < n; i++) s += x[r * n + i]! * k[i * m + j]!;
      y[r * m + j] = s;
    }
  }
  return y;
}

function layerNormInPlace(x: Float64Array, rows: number, d: number, gamma: number[], beta: number[]): void {
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[r * d + j]!;
    mean /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[r * d + j]! - mean) ** 2;
    const inv = 1 / Math.sqrt(v / d + LAYER_NORM_EPSILON);
    for (let j = 0; j < d; j++) x[r * d + j] = (x[r * d + j]! - mean) * inv * gamma[j]! + beta[j]!;
  }
}

function transformerForward(w: TransformerWeights, z: Float64Array): number {
  const L = w.steps;
  const d = w.dModel;
  const h = dense(z, L, w.features, w.inKernel, d, w.inBias);
  for (let i = 0; i < L * d; i++) h[i] = h[i]! + w.position[i]!;
  const q = dense(h, L, d, w.wq, d);
  const k = dense(h, L, d, w.wk, d);
  const v = dense(h, L, d, w.wv, d);
  const attended = new Float64Array(L * d);
  const scores = new Float64Array(L);
  const scale = 1 / Math.sqrt(d);
  for (let a = 0; a < L; a++) {
    let top = -Infinity;
    for (let b = 0; b < L; b++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += q[a * d + j]! * k[b * d + j]!;
      scores[b] = s * scale;
      top = Math.max(top, scores[b]!);
    }
    let sum = 0;
    for (let b = 0; b < L; b++) sum += (scores[b] = Math.exp(scores[b]! - top));
    for (let b = 0; b < L; b++) for (let j = 0; j < d; j++) attended[a * d + j] = attended[a * d + j]! + (scores[b]! / sum) * v[b * d + j]!;
  }
  const o = dense(attended, L, d, w.wo, d);
  for (let i = 0; i < L * d; i++) h[i] = h[i]! + o[i]!;
  layerNormInPlace(h, L, d, w.ln1Gamma, w.ln1Beta);
  const hidden = dense(h, L, d, w.ff1Kernel, w.ff, w.ff1Bias).map((x) => Math.max(0, x));
  const ff = dense(hidden, L, w.ff, w.ff2Kernel, d, w.ff2Bias);
  for (let i = 0; i < L * d; i++) h[i] = h[i]! + ff[i]!;
  layerNormInPlace(h, L, d, w.ln2Gamma, w.ln2Beta);
  let out = w.outBias;
  for (let j = 0; j < d; j++) out += h[(L - 1) * d + j]! * w.outKernel[j]!;
  return sigmoid(out);
}
