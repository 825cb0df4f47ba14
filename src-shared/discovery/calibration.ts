/**
 * Calibration of a signal's confidence: raw confidence in, the probability that its direction is right out.
 *
 * Isotonic regression (pool-adjacent-violators), chosen over Platt scaling and fixed bins because it assumes only
 * that a higher raw confidence is not worse: Platt forces a sigmoid shape our strategies' raw scores have no reason
 * to follow, and fixed bins waste samples in empty bins and are not monotone. Many of our signals carry one raw
 * confidence (orders turned into signals): isotonic then collapses to one block, the hit rate, which is the honest
 * answer. Each block's rate is smoothed with a Beta(1, 1) prior ((hits + 1) / (n + 2)), so a handful of outcomes
 * cannot claim certainty, and values between blocks are interpolated linearly between the blocks' mean confidences.
 * Pure arithmetic (the renderer may draw the same reliability diagram).
 */

export interface Outcome {
  /** The raw confidence the signal came with (0..1). */
  confidence: number;
  /** Whether its direction was right when its horizon ended. */
  hit: boolean;
}

export interface IsotonicBlock {
  /** Mean raw confidence of the block's outcomes. */
  x: number;
  /** Smoothed hit rate of the block. */
  p: number;
  n: number;
}

export interface IsotonicModel {
  blocks: IsotonicBlock[];
  samples: number;
}

/** Fits the non-decreasing map from raw confidence to hit probability. */
export function fitIsotonic(outcomes: readonly Outcome[]): IsotonicModel {
  const sorted = outcomes.slice().sort((a, b) => a.confidence - b.confidence);
  // Each block: sum of confidences, hits, count. Equal confidences start in one block (ties must map to one value).
  const sx: number[] = [];
  const sy: number[] = [];
  const n: number[] = [];
  let previous = NaN;
  for (const o of sorted) {
    const last = n.length - 1;
    // The sorted list's previous confidence, compared exactly (a block's mean would carry rounding).
    const tie = o.confidence === previous;
    previous = o.confidence;
    if (last >= 0 && tie) {
      sx[last]! += o.confidence;
      sy[last]! += o.hit ? 1 : 0;
      n[last]!++;
    } else {
      sx.push(o.confidence);
      sy.push(o.hit ? 1 : 0);
      n.push(1);
    }
    // Pool while the last block's rate is below the one before it.
    while (n.length >= 2) {
      const k = n.length - 1;
      if (sy[k - 1]! / n[k - 1]! <= sy[k]! / n[k]!) break;
      sx[k - 1]! += sx[k]!;
      sy[k - 1]! += sy[k]!;
      n[k - 1]! += n[k]!;
      sx.pop();
      sy.pop();
      n.pop();
    }
  }
  const blocks = n.map((count, i) => ({ x: sx[i]! / count, p: (sy[i]! + 1) / (count + 2), n: count }));
  return { blocks, samples: sorted.length };
}

/** The calibrated probability for a raw confidence; 0.5 (no knowledge) for a model fitted on nothing. */
export function applyIsotonic(model: IsotonicModel, confidence: number): number {
  const b = model.blocks;
  if (b.length === 0) return 0.5;
  if (confidence <= b[0]!.x) return b[0]!.p;
  if (confidence >= b[b.length - 1]!.x) return b[b.length - 1]!.p;
  let lo = 0;
  let hi = b.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (b[mid]!.x <= confidence) lo = mid;
    else hi = mid;
  }
  const a = b[lo]!;
  const c = b[hi]!;
  return a.p + ((c.p - a.p) * (confidence - a.x)) / (c.x - a.x);
}

/** One bin of a reliability diagram: what was predicted against what happened. */
export interface ReliabilityBin {
  from: number;
  to: number;
  /** Mean predicted probability of the bin's outcomes (null: empty bin). */
  predicted: number | null;
  /** Observed hit rate (null: empty bin). */
  observed: number | null;
  count: number;
}

/** Reliability diagram over equal-width bins of the predicted probability. */
export function reliabilityBins(pairs: ReadonlyArray<{ predicted: number; hit: boolean }>, bins = 10): ReliabilityBin[] {
  const sumP = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (const { predicted, hit } of pairs) {
    const k = Math.min(bins - 1, Math.max(0, Math.floor(predicted * bins)));
    sumP[k]! += predicted;
    hits[k]! += hit ? 1 : 0;
    count[k]!++;
  }
  return Array.from({ length: bins }, (_, k) => ({
    from: k / bins,
    to: (k + 1) / bins,
    predicted: count[k]! > 0 ? sumP[k]! / count[k]! : null,
    observed: count[k]! > 0 ? hits[k]! / count[k]! : null,
    count: count[k]!,
  }));
}

/** Mean squared gap between prediction and outcome (lower is better; 0.25 is a coin's). */
export function brierScore(pairs: ReadonlyArray<{ predicted: number; hit: boolean }>): number | null {
  if (pairs.length === 0) return null;
  let s = 0;
  for (const { predicted, hit } of pairs) s += (predicted - (hit ? 1 : 0)) ** 2;
  return s / pairs.length;
}
