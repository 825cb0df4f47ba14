import type { PredictorJson } from '../predictor.js';
import { networkToOnnx } from './transformer-export.js';
import { averageEnsembleToOnnx, treeEnsembleToOnnx } from './tree-export.js';

/** Any model kind as its ONNX graph (input `features`: [N, F] for trees, [N, steps, F] for networks). */
export function predictorToOnnx(p: PredictorJson, metadata: Record<string, string> = {}): Uint8Array {
  switch (p.kind) {
    case 'trees':
      return treeEnsembleToOnnx(p.trees, metadata);
    case 'average':
      return averageEnsembleToOnnx(p.members, metadata);
    case 'network':
      return networkToOnnx(p.network, metadata);
  }
}

/** The ONNX operator sets each kind's graph uses (for the card). */
export function predictorOpsets(p: PredictorJson): string {
  return p.kind === 'network' ? (p.network.kind === 'transformer' ? 'ai.onnx 17' : 'ai.onnx 14') : 'ai.onnx 13, ai.onnx.ml 3';
}
