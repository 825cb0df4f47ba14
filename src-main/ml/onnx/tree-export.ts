import type { TreeEnsembleJson } from '../trees/tree-model.js';
import { encodeModel, floatsAttr, floatTensorInfo, intAttr, intsAttr, ML_DOMAIN, onnx, stringAttr, stringsAttr } from './proto.js';

/**
 * A tree ensemble as ONNX: one ai.onnx.ml TreeEnsembleRegressor (opset 3) holding every tree, BRANCH_LT nodes ("go
 * to the true branch when x < value", the trainer's rule), SUM with base_values for boosting, AVERAGE for a forest;
 * a boosted classifier's logit then goes through the standard Sigmoid. Input `features` [N, F] float32; output
 * `prediction` [N, 1]: the probability of the positive class, or the predicted value. (TreeEnsembleClassifier would
 * also do, but its binary-class conventions differ between runtimes; a regressor plus Sigmoid means one thing.)
 */
export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'prediction';

export function treeEnsembleToOnnx(model: TreeEnsembleJson, metadata: Record<string, string> = {}): Uint8Array {
  return encodeModel({
    name: `${model.algorithm}-${model.trees.length}-trees`,
    nodes: treeNodes(model, 'm', ONNX_OUTPUT),
    inputs: [floatTensorInfo(ONNX_INPUT, ['N', model.nFeatures])],
    outputs: [floatTensorInfo(ONNX_OUTPUT, ['N', 1])],
    opsets: { '': 13, [ML_DOMAIN]: 3 },
    metadata,
  });
}

/**
 * An averaging ensemble of tree models (for instance boosted trees and a forest on the same features) as one
 * ONNX graph: each member's probability or value, then the standard Mean. Its in-process twin is
 * predictEnsemble; a test checks they agree to 1e-5.
 */
export function averageEnsembleToOnnx(members: readonly TreeEnsembleJson[], metadata: Record<string, string> = {}): Uint8Array {
  if (members.length === 0 || members.some((m) => m.nFeatures !== members[0]!.nFeatures)) throw new RangeError('an ensemble needs members that read the same features');
  const outputs = members.map((_, k) => `member${k}`);
  return encodeModel({
    name: `average-of-${members.length}`,
    nodes: [...members.flatMap((m, k) => treeNodes(m, `m${k}`, outputs[k]!)), onnx.NodeProto.create({ opType: 'Mean', name: 'average', input: outputs, output: [ONNX_OUTPUT] })],
    inputs: [floatTensorInfo(ONNX_INPUT, ['N', members[0]!.nFeatures])],
    outputs: [floatTensorInfo(ONNX_OUTPUT, ['N', 1])],
    opsets: { '': 13, [ML_DOMAIN]: 3 },
    metadata,
  });
}

/** The nodes computing one tree model's output into `output` (names inside prefixed with `prefix`). */
function treeNodes(model: TreeEnsembleJson, prefix: string, output: string): ReturnType<typeof onnx.NodeProto.create>[] {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetWeights: number[] = [];
  model.trees.forEach((t, ti) => {
    for (let n = 0; n < t.feature.length; n++) {
      const leaf = t.feature[n]! < 0;
      treeIds.push(ti);
      nodeIds.push(n);
      featureIds.push(leaf ? 0 : t.feature[n]!);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      values.push(leaf ? 0 : t.threshold[n]!);
      trueIds.push(leaf ? 0 : t.left[n]!);
      falseIds.push(leaf ? 0 : t.right[n]!);
      if (leaf) {
        targetTree.push(ti);
        targetNode.push(n);
        targetWeights.push(t.value[n]!);
      }
    }
  });
  const logistic = model.output === 'logit';
  const ensemble = onnx.NodeProto.create({
    opType: 'TreeEnsembleRegressor',
    domain: ML_DOMAIN,
    name: `${prefix}_trees`,
    input: [ONNX_INPUT],
    output: [logistic ? `${prefix}_logit` : output],
    attribute: [
      intAttr('n_targets', 1),
      intsAttr('nodes_treeids', treeIds),
      intsAttr('nodes_nodeids', nodeIds),
      intsAttr('nodes_featureids', featureIds),
      stringsAttr('nodes_modes', modes),
      floatsAttr('nodes_values', values),
      intsAttr('nodes_truenodeids', trueIds),
      intsAttr('nodes_falsenodeids', falseIds),
      intsAttr('target_treeids', targetTree),
      intsAttr('target_nodeids', targetNode),
      intsAttr('target_ids', targetTree.map(() => 0)),
      floatsAttr('target_weights', targetWeights),
      floatsAttr('base_values', [model.base]),
      stringAttr('aggregate_function', model.aggregate === 'sum' ? 'SUM' : 'AVERAGE'),
      stringAttr('post_transform', 'NONE'),
    ],
  });
  const nodes = [ensemble];
  if (logistic) nodes.push(onnx.NodeProto.create({ opType: 'Sigmoid', name: `${prefix}_probability`, input: [`${prefix}_logit`], output: [output] }));
  return nodes;
}
