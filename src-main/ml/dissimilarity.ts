/**
 * FreqAI's dissimilarity index: how far an input lies from the data the model was trained on. Features are
 * z-scored with the training means and deviations; DI = (distance to the nearest reference row) / (mean distance
 * between reference rows). The reference is an evenly spaced sample of the training rows. The threshold is the
 * 99th percentile of the DI of other training rows (held out of the sample), floored at 1: a prediction for an
 * input above it is shown, flagged, and never acted on. Pure: the strategy runs it in a backtest and live.
 */
export interface DissimilarityModel {
  mean: number[];
  std: number[];
  /** Row-major standardised reference rows. */
  reference: number[];
  rows: number;
  meanDistance: number;
  threshold: number;
}

function standardise(m: Pick<DissimilarityModel, 'mean' | 'std'>, x: ArrayLike<number>, offset: number, out: Float64Array): Float64Array {
  for (let j = 0; j < out.length; j++) out[j] = (x[offset + j]! - m.mean[j]!) / m.std[j]!;
  return out;
}

export function fitDissimilarity(x: Float64Array, rows: number, cols: number, sampleRows = 200): DissimilarityModel {
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] = mean[j]! + x[i * cols + j]! / rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) std[j] = std[j]! + (x[i * cols + j]! - mean[j]!) ** 2 / rows;
  for (let j = 0; j < cols; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const step = Math.max(1, Math.floor(rows / sampleRows));
  const picked: number[] = [];
  for (let i = 0; i < rows && picked.length < sampleRows; i += step) picked.push(i);
  const reference: number[] = [];
  const z = new Float64Array(cols);
  // five decimals of a z-score are plenty, and keep the card (which carries the reference) small
  for (const i of picked) for (const v of standardise({ mean, std }, x, i * cols, z)) reference.push(Math.round(v * 1e5) / 1e5);
  const n = picked.length;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      sum += distance(reference, a * cols, reference, b * cols, cols);
      pairs++;
    }
  }
  const model: DissimilarityModel = { mean, std, reference, rows: n, meanDistance: pairs > 0 ? sum / pairs : 1, threshold: 1 };
  // calibrate on training rows that are not in the reference (halfway between two picked rows)
  const held: number[] = [];
  for (let i = Math.floor(step / 2); i < rows && held.length < 500; i += step) if (step > 1) held.push(dissimilarity(model, x, i * cols));
  if (held.length > 10) {
    held.sort((p, q) => p - q);
    model.threshold = Math.max(1, held[Math.floor(0.99 * (held.length - 1))]!);
  }
  return model;
}

function distance(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < cols; j++) s += (a[ao + j]! - b[bo + j]!) ** 2;
  return Math.sqrt(s);
}

/** DI of one row (row-major `x`, starting at `offset`). */
export function dissimilarity(m: DissimilarityModel, x: ArrayLike<number>, offset = 0): number {
  const cols = m.mean.length;
  const z = standardise(m, x, offset, new Float64Array(cols));
  let best = Infinity;
  for (let r = 0; r < m.rows; r++) best = Math.min(best, distance(z, 0, m.reference, r * cols, cols));
  return best / m.meanDistance;
}
