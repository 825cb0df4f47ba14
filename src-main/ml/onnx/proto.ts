import onnxPkg from 'onnx-proto';

/**
 * onnx.proto's message classes (protobufjs, from the onnx-proto package) and small builders for what the exporters
 * write. onnx-proto is CommonJS whose single export holds the `onnx` namespace, so it is read from the default.
 */
export const onnx = onnxPkg.onnx;
type Attr = InstanceType<typeof onnx.AttributeProto>;

export const ML_DOMAIN = 'ai.onnx.ml';
const A = onnx.AttributeProto.AttributeType;

export function intsAttr(name: string, ints: number[]): Attr {
  return onnx.AttributeProto.create({ name, type: A.INTS, ints });
}
export function intAttr(name: string, i: number): Attr {
  return onnx.AttributeProto.create({ name, type: A.INT, i });
}
export function floatsAttr(name: string, floats: number[]): Attr {
  return onnx.AttributeProto.create({ name, type: A.FLOATS, floats });
}
export function floatAttr(name: string, f: number): Attr {
  return onnx.AttributeProto.create({ name, type: A.FLOAT, f });
}
export function stringAttr(name: string, s: string): Attr {
  return onnx.AttributeProto.create({ name, type: A.STRING, s: new TextEncoder().encode(s) });
}
export function stringsAttr(name: string, strings: string[]): Attr {
  const enc = new TextEncoder();
  return onnx.AttributeProto.create({ name, type: A.STRINGS, strings: strings.map((s) => enc.encode(s)) });
}

/** A float tensor value with a symbolic or fixed size per dimension. */
export function floatTensorInfo(name: string, dims: Array<number | string>) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

/** A float32 initializer (weights) of the given shape. */
export function floatInitializer(name: string, dims: number[], values: ArrayLike<number>) {
  return onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(values) });
}

export interface ModelParts {
  nodes: ReturnType<typeof onnx.NodeProto.create>[];
  inputs: ReturnType<typeof floatTensorInfo>[];
  outputs: ReturnType<typeof floatTensorInfo>[];
  initializers?: ReturnType<typeof floatInitializer>[];
  /** Operator sets used, by domain ('' is the default ONNX domain). */
  opsets: Record<string, number>;
  name: string;
  metadata?: Record<string, string>;
}

/** The serialised model (IR version 8). */
export function encodeModel(parts: ModelParts): Uint8Array {
  const graph = onnx.GraphProto.create({ name: parts.name, node: parts.nodes, input: parts.inputs, output: parts.outputs, initializer: parts.initializers ?? [] });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'alpaca-workstation',
    producerVersion: '1',
    graph,
    opsetImport: Object.entries(parts.opsets).map(([domain, version]) => ({ domain, version })),
    metadataProps: Object.entries(parts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}
