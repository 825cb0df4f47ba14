import type { DissimilarityModel } from '../../ml/dissimilarity.js';
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
  trees: TreeEnsembleJson;
  dissimilarity: DissimilarityModel;
}
