import { subset, type Dataset } from '../dataset.js';

/**
 * Sequence inputs for the networks: each dataset row with the feature rows of its own symbol's `steps - 1` earlier
 * rows before it (the window ends at the row's own bar, so it reads nothing after it). Rows without a full window
 * (a symbol's first `steps - 1`) are dropped. Features are standardised with the training rows' means and
 * deviations; the ONNX graphs hold the same two vectors, so callers always pass raw feature rows.
 */
export interface SequenceData {
  /** The rows that have a full window, in the dataset's time order. */
  ds: Dataset;
  steps: number;
  /** Raw windows, row-major [rows, steps, features]. */
  seq: Float32Array;
}

export interface Norm {
  mean: number[];
  std: number[];
}

export function sequenceDataset(ds: Dataset, steps: number): SequenceData {
  if (!(Number.isInteger(steps) && steps >= 1 && steps <= 256)) throw new RangeError('the sequence length (steps) must be a whole number from 1 to 256');
  const f = ds.names.length;
  const history = new Map<string, number[]>();
  const kept: number[] = [];
  const windows: number[][] = [];
  for (let i = 0; i < ds.rows; i++) {
    const sym = ds.symbols[i]!;
    let h = history.get(sym);
    if (!h) history.set(sym, (h = []));
    h.push(i);
    if (h.length > steps) h.shift();
    if (h.length === steps) {
      kept.push(i);
      windows.push(h.slice());
    }
  }
  const seq = new Float32Array(kept.length * steps * f);
  windows.forEach((w, k) => w.forEach((row, s) => seq.set(ds.x.subarray(row * f, row * f + f), (k * steps + s) * f)));
  return { ds: subset(ds, kept), steps, seq };
}

/** The windows of `rows` (indices into `data.ds`) as one block. */
export function gatherWindows(data: SequenceData, rows: ArrayLike<number>): Float32Array {
  const size = data.steps * data.ds.names.length;
  const out = new Float32Array(rows.length * size);
  for (let k = 0; k < rows.length; k++) out.set(data.seq.subarray(rows[k]! * size, rows[k]! * size + size), k * size);
  return out;
}

/** Per-feature mean and deviation over every step of the given windows (a zero deviation becomes 1). */
export function fitNorm(windows: Float32Array, features: number): Norm {
  const n = windows.length / features;
  const mean = new Array<number>(features).fill(0);
  const sq = new Array<number>(features).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < features; j++) mean[j] = mean[j]! + windows[i * features + j]!;
  for (let j = 0; j < features; j++) mean[j] = mean[j]! / Math.max(1, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < features; j++) sq[j] = sq[j]! + (windows[i * features + j]! - mean[j]!) ** 2;
  const std = sq.map((s) => Math.sqrt(s / Math.max(1, n)) || 1);
  // float32, as the ONNX graph stores them, so training, tfjs and ONNX standardise alike
  return { mean: mean.map(Math.fround), std: std.map(Math.fround) };
}

/** (x - mean) / std elementwise, in float32 arithmetic as the graph does it. */
export function standardise(windows: Float32Array, norm: Norm): Float32Array {
  const f = norm.mean.length;
  const out = new Float32Array(windows.length);
  for (let i = 0; i < windows.length; i++) out[i] = Math.fround(Math.fround(windows[i]! - norm.mean[i % f]!) / norm.std[i % f]!);
  return out;
}
