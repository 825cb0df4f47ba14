import type { DissimilarityModel } from '../../ml/dissimilarity.js';
import type { PredictorJson } from '../../ml/predictor.js';
import type { TreeEnsembleJson } from '../../ml/trees/tree-model.js';

/**
 * What the ml-signal strategy needs of a trained model: its feature set (by name, so the strategy rebuilds the
 * same inputs bar by bar), the trees as data (the in-process predictor; the ONNX file gives the same numbers to
 * 1e-5, a test checks it) and the dissimilarity reference that flags inputs unlike the training data.
 */
export interface SignalModel {
  name: string;
  version: number;
  featureSet: string;
  features: string[];
  horizon: number;
  /** A single tree ensemble (the shipped example model carries this). */
  trees?: TreeEnsembleJson;
  /** Any model kind: an ensemble of tree models, or a network reading a window of feature rows. */
  predictor?: PredictorJson;
  dissimilarity: DissimilarityModel;
}

export function predictorOf(model: SignalModel): PredictorJson {
  if (model.predictor) return model.predictor;
  if (model.trees) return { kind: 'trees', trees: model.trees };
  throw new Error(`model ${model.name}@${model.version} carries neither trees nor a predictor`);
}
