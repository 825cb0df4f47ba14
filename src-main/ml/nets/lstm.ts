import * as tf from '@tensorflow/tfjs';
import { useTfBackend } from './backend.js';

/**
 * A small LSTM classifier with @tensorflow/tfjs (its pure JavaScript CPU backend here; tfjs-node or the wasm
 * backend only make it faster): input [N, steps, features] of standardised feature rows, one LSTM layer, a dense
 * sigmoid output for the up-probability. The recurrent activation is the logistic sigmoid (tfjs defaults to the
 * hard sigmoid, which ONNX's LSTM does not have), so the ONNX export computes the same function.
 */
export interface LstmParams {
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export const LSTM_DEFAULTS: LstmParams = { units: 16, epochs: 5, batchSize: 64, learningRate: 0.01, seed: 1 };

/** The trained weights as plain arrays (tfjs layout: kernel [F, 4H], recurrent [H, 4H], bias [4H], gates i f c o). */
export interface LstmWeights {
  steps: number;
  features: number;
  units: number;
  kernel: number[];
  recurrent: number[];
  bias: number[];
  denseKernel: number[];
  denseBias: number;
}

/** `stop`, checked after every batch, ends training early (the caller decides what that means). */
export async function trainLstm(x: Float32Array, y: Float32Array, rows: number, steps: number, features: number, given: Partial<LstmParams> = {}, onEpoch?: (epoch: number, loss: number) => void, stop?: () => boolean): Promise<{ weights: LstmWeights; model: tf.LayersModel }> {
  const p = { ...LSTM_DEFAULTS, ...given };
  await useTfBackend();
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: p.units, inputShape: [steps, features], recurrentActivation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: p.seed }), recurrentInitializer: tf.initializers.orthogonal({ seed: p.seed + 1 }) }));
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: p.seed + 2 }) }));
  model.compile({ optimizer: tf.train.adam(p.learningRate), loss: 'binaryCrossentropy' });
  const xs = tf.tensor3d(x, [rows, steps, features]);
  const ys = tf.tensor2d(y, [rows, 1]);
  try {
    await model.fit(xs, ys, {
      epochs: p.epochs, batchSize: p.batchSize, shuffle: false, verbose: 0,
      callbacks: {
        onEpochEnd: async (epoch, logs) => onEpoch?.(epoch + 1, Number(logs?.loss ?? NaN)),
        onBatchEnd: async () => {
          if (stop?.()) model.stopTraining = true;
        },
      },
    });
  } finally {
    xs.dispose();
    ys.dispose();
  }
  return { weights: lstmWeights(model, steps, features, p.units), model };
}

function lstmWeights(model: tf.LayersModel, steps: number, features: number, units: number): LstmWeights {
  const [kernel, recurrent, bias] = model.layers[0]!.getWeights().map((w) => Array.from(w.dataSync()));
  const [dk, db] = model.layers[1]!.getWeights().map((w) => Array.from(w.dataSync()));
  return { steps, features, units, kernel: kernel!, recurrent: recurrent!, bias: bias!, denseKernel: dk!, denseBias: db![0]! };
}

/** tfjs's own predictions (the reference the ONNX export is checked against). */
export function predictLstm(model: tf.LayersModel, x: Float32Array, rows: number, steps: number, features: number): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor3d(x, [rows, steps, features])) as tf.Tensor).dataSync() as Float32Array).slice();
}
