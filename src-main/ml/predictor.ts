import type { NetworkJson } from './nets/network.js';
import { networkPredict } from './nets/network.js';
import { FlatTrees } from './trees/flat-trees.js';
import { predictEnsemble, predictOne, type TreeEnsembleJson } from './trees/tree-model.js';

/**
 * Any trained model as plain data, and its in-process prediction: a tree ensemble (boosting or forest), an average of
 * tree ensembles (the `ensemble` kind: its ONNX is one graph with each member's trees and a Mean), or a network
 * (LSTM or transformer) that reads a window of `steps` feature rows. The same data gives model.onnx, and a test
 * checks that onnxruntime and this prediction agree to 1e-5. Pure (no tfjs, no protobuf): strategies run it.
 */
export type PredictorJson =
  | { kind: 'trees'; trees: TreeEnsembleJson }
  | { kind: 'average'; members: TreeEnsembleJson[] }
  | { kind: 'network'; network: NetworkJson };

/** Feature rows one prediction reads (1 for trees; the window length for a network). */
export function predictorSteps(p: PredictorJson): number {
  return p.kind === 'network' ? p.network.weights.steps : 1;
}

/** Probability (or value) for the window of raw feature rows starting at `offset` (steps x features values). */
export function predictWindow(p: PredictorJson, x: ArrayLike<number>, offset = 0): number {
  switch (p.kind) {
    case 'trees':
      return predictOne(p.trees, x, offset);
    case 'average':
      return predictEnsemble(p.members, x, offset);
    case 'network':
      return networkPredict(p.network, x, offset);
  }
}

/** Predictions for `rows` consecutive windows of `size` values each. */
export function predictWindows(p: PredictorJson, x: ArrayLike<number>, rows: number, size: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = predictWindow(p, x, i * size);
  return out;
}

/**
 * predictWindow compiled once for a model: trees flattened into typed arrays (see FlatTrees), so a strategy that
 * predicts every bar allocates nothing per call. Same numbers as predictWindow, to the bit.
 */
export function compilePredictor(p: PredictorJson): (x: ArrayLike<number>, offset: number) => number {
  switch (p.kind) {
    case 'trees': {
      const flat = new FlatTrees(p.trees);
      return (x, offset) => flat.predict(x, offset);
    }
    case 'average': {
      const members = p.members.map((m) => new FlatTrees(m));
      return (x, offset) => {
        let s = 0;
        for (let i = 0; i < members.length; i++) s += members[i]!.predict(x, offset);
        return s / members.length;
      };
    }
    case 'network':
      return (x, offset) => networkPredict(p.network, x, offset);
  }
}
