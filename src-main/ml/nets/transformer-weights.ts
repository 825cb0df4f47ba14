/** The transformer's weights as plain data (no tfjs here: the strategy's forward pass reads them). */
export const LAYER_NORM_EPSILON = 1e-5;

/** Row-major weights: kernels are [inputs, outputs]. */
export interface TransformerWeights {
  steps: number;
  features: number;
  dModel: number;
  ff: number;
  inKernel: number[];
  inBias: number[];
  position: number[];
  wq: number[];
  wk: number[];
  wv: number[];
  wo: number[];
  ln1Gamma: number[];
  ln1Beta: number[];
  ff1Kernel: number[];
  ff1Bias: number[];
  ff2Kernel: number[];
  ff2Bias: number[];
  ln2Gamma: number[];
  ln2Beta: number[];
  outKernel: number[];
  outBias: number;
}
