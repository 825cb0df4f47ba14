import type { NetworkJson } from '../nets/network.js';
import type { Norm } from '../nets/sequences.js';
import { LAYER_NORM_EPSILON, type TransformerWeights } from '../nets/transformer-weights.js';
import { lstmToOnnx, normNodes } from './lstm-export.js';
import { encodeModel, floatAttr, floatInitializer, floatTensorInfo, intAttr, onnx } from './proto.js';
import { ONNX_INPUT, ONNX_OUTPUT } from './tree-export.js';

/**
 * The transformer classifier as ONNX (opset 17, for LayerNormalization): raw windows `features` [N, steps, F]
 * standardised (Sub, Div), projected (MatMul, Add) plus the position embedding (Add); single-head attention as
 * MatMul for Q, K, V, Transpose of K, MatMul, Mul by 1/sqrt(d), Softmax over the last axis, MatMul with V and the
 * output MatMul; residual Add and LayerNormalization; the feed-forward MatMul, Add, Relu, MatMul, Add; residual Add
 * and LayerNormalization; the last step (Gather on axis 1) through MatMul, Add and Sigmoid to `prediction` [N, 1].
 */
export function transformerToOnnx(w: TransformerWeights, norm: Norm, metadata: Record<string, string> = {}): Uint8Array {
  const d = w.dModel;
  const nodes: ReturnType<typeof onnx.NodeProto.create>[] = [];
  const op = (opType: string, input: string[], output: string, attribute: ReturnType<typeof intAttr>[] = []) => {
    nodes.push(onnx.NodeProto.create({ opType, input, output: [output], attribute, name: output }));
    return output;
  };
  const pre = normNodes(norm, 'z');
  for (const node of pre.nodes) nodes.push(node);
  const h = op('Add', [op('Add', [op('MatMul', ['z', 'in_kernel'], 'proj'), 'in_bias'], 'proj_b'), 'position'], 'h');
  const q = op('MatMul', [h, 'wq'], 'q');
  const k = op('MatMul', [h, 'wk'], 'k');
  const v = op('MatMul', [h, 'wv'], 'v');
  const kt = op('Transpose', [k], 'k_t', [onnx.AttributeProto.create({ name: 'perm', type: onnx.AttributeProto.AttributeType.INTS, ints: [0, 2, 1] })]);
  const scores = op('Mul', [op('MatMul', [q, kt], 'qk'), 'scale'], 'scores');
  const attn = op('Softmax', [scores], 'attn', [intAttr('axis', -1)]);
  const o = op('MatMul', [op('MatMul', [attn, v], 'attended'), 'wo'], 'attn_out');
  const ln = (x: string, g: string, b: string, out: string) => op('LayerNormalization', [x, g, b], out, [intAttr('axis', -1), floatAttr('epsilon', LAYER_NORM_EPSILON)]);
  const h1 = ln(op('Add', [h, o], 'res1'), 'ln1_gamma', 'ln1_beta', 'h1');
  const hidden = op('Relu', [op('Add', [op('MatMul', [h1, 'ff1_kernel'], 'ff1'), 'ff1_bias'], 'ff1_b')], 'ff1_relu');
  const ff = op('Add', [op('MatMul', [hidden, 'ff2_kernel'], 'ff2'), 'ff2_bias'], 'ff2_b');
  const h2 = ln(op('Add', [h1, ff], 'res2'), 'ln2_gamma', 'ln2_beta', 'h2');
  const last = op('Gather', [h2, 'last_step'], 'last', [intAttr('axis', 1)]);
  op('Sigmoid', [op('Add', [op('MatMul', [last, 'out_kernel'], 'out'), 'out_bias'], 'logit')], ONNX_OUTPUT);
  return encodeModel({
    name: `transformer-${d}`,
    nodes,
    initializers: [
      ...pre.initializers,
      floatInitializer('in_kernel', [w.features, d], w.inKernel), floatInitializer('in_bias', [d], w.inBias), floatInitializer('position', [w.steps, d], w.position),
      floatInitializer('wq', [d, d], w.wq), floatInitializer('wk', [d, d], w.wk), floatInitializer('wv', [d, d], w.wv), floatInitializer('wo', [d, d], w.wo),
      floatInitializer('scale', [], [1 / Math.sqrt(d)]),
      floatInitializer('ln1_gamma', [d], w.ln1Gamma), floatInitializer('ln1_beta', [d], w.ln1Beta),
      floatInitializer('ff1_kernel', [d, w.ff], w.ff1Kernel), floatInitializer('ff1_bias', [w.ff], w.ff1Bias),
      floatInitializer('ff2_kernel', [w.ff, d], w.ff2Kernel), floatInitializer('ff2_bias', [d], w.ff2Bias),
      floatInitializer('ln2_gamma', [d], w.ln2Gamma), floatInitializer('ln2_beta', [d], w.ln2Beta),
      floatInitializer('out_kernel', [d, 1], w.outKernel), floatInitializer('out_bias', [1], [w.outBias]),
      onnx.TensorProto.create({ name: 'last_step', dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [w.steps - 1] }),
    ],
    inputs: [floatTensorInfo(ONNX_INPUT, ['N', w.steps, w.features])],
    outputs: [floatTensorInfo(ONNX_OUTPUT, ['N', 1])],
    opsets: { '': 17 },
    metadata,
  });
}

/** Either network as ONNX taking raw feature windows. */
export function networkToOnnx(net: NetworkJson, metadata: Record<string, string> = {}): Uint8Array {
  return net.kind === 'lstm' ? lstmToOnnx(net.weights, metadata, net.norm) : transformerToOnnx(net.weights, net.norm, metadata);
}
