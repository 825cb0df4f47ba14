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

/**
 * `dissimilarity(m, row) > m.threshold`, answered without allocating and usually without reading every reference
 * row: the input is within the threshold as soon as one reference row is near enough, and a reference row is given
 * up as soon as its partial sum of squares is already past the limit (adding squares never lowers it). The test
 * of a whole row is the same expression as dissimilarity's, so the answer is the same for every input.
 */
export class DissimilarityCheck {
  private readonly cols: number;
  private readonly mean: Float64Array;
  private readonly std: Float64Array;
  private readonly reference: Float64Array;
  private readonly z: Float64Array;
  /** A sum of squares above this is surely past the threshold (a margin over (threshold x meanDistance)^2). */
  private readonly prune: number;
  /** The reference row found near enough by the last call that found one (tried first next time). */
  private lastNear = 0;

  constructor(private readonly m: DissimilarityModel) {
    this.cols = m.mean.length;
    this.mean = Float64Array.from(m.mean);
    this.std = Float64Array.from(m.std);
    this.reference = Float64Array.from(m.reference);
    this.z = new Float64Array(this.cols);
    const limit = m.threshold * m.meanDistance;
    this.prune = limit * limit * (1 + 1e-9) + Number.MIN_VALUE;
  }

  exceeds(x: ArrayLike<number>, offset = 0): boolean {
    const { cols, mean, std, reference, z, m } = this;
    // A zero or odd mean distance: the general path (its 0/0 cases are not worth copying here).
    if (!(m.meanDistance > 0) || !(this.prune < Infinity)) return dissimilarity(m, x, offset) > m.threshold;
    for (let j = 0; j < cols; j++) z[j] = (x[offset + j]! - mean[j]!) / std[j]!;
    const prune = this.prune;
    // The answer is whether any reference row is near enough, so the rows may be tried in any order: starting
    // from the one that was near enough last time finds one at once for most inputs (consecutive bars of a
    // series are alike), instead of pruning its way through the rows before it.
    const rows = m.rows;
    const first = this.lastNear < rows ? this.lastNear : 0;
    // That row (near again for nine inputs in ten) is summed without the pruning test: the partial sums only grow,
    // so the whole sum is past `prune` exactly when some partial sum is, and the answer is the loop's below.
    {
      const at = first * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) s += (z[j]! - reference[at + j]!) ** 2;
      if (!(s > prune) && !(Math.sqrt(s) / m.meanDistance > m.threshold)) return false;
    }
    for (let k = 1; k < rows; k++) {
      const r = first + k < rows ? first + k : first + k - rows;
      const at = r * cols;
      let s = 0;
      let j = 0;
      for (; j < cols; j++) {
        s += (z[j]! - reference[at + j]!) ** 2;
        if (s > prune) break;
      }
      if (j === cols && !(Math.sqrt(s) / m.meanDistance > m.threshold)) {
        this.lastNear = r;
        return false;
      }
    }
    return true;
  }
}
