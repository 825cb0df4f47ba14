import type { LstmWeights } from '../nets/lstm.js';
import type { Norm } from '../nets/sequences.js';
import { encodeModel, floatInitializer, floatTensorInfo, intAttr, intsAttr, onnx, stringAttr } from './proto.js';
import { ONNX_INPUT, ONNX_OUTPUT } from './tree-export.js';

/**
 * The LSTM classifier as ONNX (opset 14): input `features` [N, steps, F] is transposed to ONNX's time-major layout,
 * one LSTM node (gates reordered from tfjs's i, f, c, o to ONNX's i, o, f, c; weights transposed to [4H, F] and
 * [4H, H]; tfjs's single bias as Wb with Rb zero), the last hidden state through MatMul + Add + Sigmoid to
 * `prediction` [N, 1].
 */
const TF_GATE_FOR_ONNX = [0, 3, 1, 2]; // ONNX gate k (i, o, f, c) is tfjs gate TF_GATE_FOR_ONNX[k] (i, f, c, o)

/** tfjs [inputs, 4H] -> ONNX [4H, inputs], gates reordered. */
function reorder(w: number[], inputs: number, h: number): number[] {
  const out = new Array<number>(4 * h * inputs);
  for (let k = 0; k < 4; k++) {
    const g = TF_GATE_FOR_ONNX[k]!;
    for (let u = 0; u < h; u++) for (let i = 0; i < inputs; i++) out[(k * h + u) * inputs + i] = w[i * 4 * h + g * h + u]!;
  }
  return out;
}

/** Nodes standardising `features` into `out` with the training means and deviations (Sub, Div). */
export function normNodes(norm: Norm, out: string) {
  return {
    nodes: [
      onnx.NodeProto.create({ opType: 'Sub', input: [ONNX_INPUT, 'norm_mean'], output: ['centred'], name: 'centred' }),
      onnx.NodeProto.create({ opType: 'Div', input: ['centred', 'norm_std'], output: [out], name: out }),
    ],
    initializers: [floatInitializer('norm_mean', [norm.mean.length], norm.mean), floatInitializer('norm_std', [norm.std.length], norm.std)],
  };
}

/** With `norm`, the graph standardises its raw input first (the registry's models take raw feature windows). */
export function lstmToOnnx(w: LstmWeights, metadata: Record<string, string> = {}, norm?: Norm): Uint8Array {
  const h = w.units;
  const bias = new Array<number>(8 * h).fill(0);
  for (let k = 0; k < 4; k++) for (let u = 0; u < h; u++) bias[k * h + u] = w.bias[TF_GATE_FOR_ONNX[k]! * h + u]!;
  const node = (opType: string, input: string[], output: string[], attribute: ReturnType<typeof intAttr>[] = []) => onnx.NodeProto.create({ opType, input, output, attribute, name: output[0]! });
  const pre = norm ? normNodes(norm, 'standardised') : { nodes: [], initializers: [] };
  return encodeModel({
    name: `lstm-${h}`,
    nodes: [
      ...pre.nodes,
      node('Transpose', [norm ? 'standardised' : ONNX_INPUT], ['time_major'], [intsAttr('perm', [1, 0, 2])]),
      node('LSTM', ['time_major', 'W', 'R', 'B'], ['', 'h_last'], [intAttr('hidden_size', h), stringAttr('direction', 'forward')]),
      node('Squeeze', ['h_last', 'axis0'], ['hidden']),
      node('MatMul', ['hidden', 'dense_kernel'], ['dense']),
      node('Add', ['dense', 'dense_bias'], ['logit']),
      node('Sigmoid', ['logit'], [ONNX_OUTPUT]),
    ],
    initializers: [
      ...pre.initializers,
      floatInitializer('W', [1, 4 * h, w.features], reorder(w.kernel, w.features, h)),
      floatInitializer('R', [1, 4 * h, h], reorder(w.recurrent, h, h)),
      floatInitializer('B', [1, 8 * h], bias),
      floatInitializer('dense_kernel', [h, 1], w.denseKernel),
      floatInitializer('dense_bias', [1], [w.denseBias]),
      onnx.TensorProto.create({ name: 'axis0', dims: [1], dataType: onnx.TensorProto.DataType.INT64, int64Data: [0] }),
    ],
    inputs: [floatTensorInfo(ONNX_INPUT, ['N', w.steps, w.features])],
    outputs: [floatTensorInfo(ONNX_OUTPUT, ['N', 1])],
    opsets: { '': 14 },
    metadata,
  });
}
