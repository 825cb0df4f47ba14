import { normCdf } from '../../../src-shared/options/normal.js';
import { normQuantile } from '../../kernel/stats/normal-quantile.js';

const EULER_GAMMA = 0.5772156649015329;

/**
 * The Sharpe ratio one expects from the best of `trials` independent strategies with no skill, whose estimated
 * Sharpe ratios have variance `variance` (Bailey and Lopez de Prado, "The Deflated Sharpe Ratio", 2014, eq. 5).
 * Same units as the Sharpe ratios the variance came from.
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials <= 1 || !(variance > 0)) return 0;
  const z1 = normQuantile(1 - 1 / trials);
  const z2 = normQuantile(1 - 1 / (trials * Math.E));
  return Math.sqrt(variance) * ((1 - EULER_GAMMA) * z1 + EULER_GAMMA * z2);
}

/**
 * The probabilistic Sharpe ratio: P(true Sharpe > benchmark) given an estimate `sharpe` from `observations` returns
 * with that skewness and (non-excess) kurtosis. Per-period Sharpe ratios, not annualised ones: the standard error
 * is per observation.
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, observations: number, skewness: number, kurtosis: number): number | null {
  if (observations < 2) return null;
  const spread = 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(spread > 0)) return null;
  return normCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(spread));
}

export interface DeflatedSharpeInput {
  /** The chosen strategy's per-period Sharpe ratio (mean / standard deviation of its bar returns). */
  sharpe: number;
  /** How many configurations were tried to find it. */
  trials: number;
  /** Variance of the per-period Sharpe ratios across the trials. */
  trialVariance: number;
  observations: number;
  skewness: number;
  /** Kurtosis, not excess kurtosis (3 for a normal distribution). */
  kurtosis: number;
}

/** The deflated Sharpe ratio: the probabilistic Sharpe ratio against the best no-skill result of that many trials. */
export function deflatedSharpe(input: DeflatedSharpeInput): { deflatedSharpe: number | null; benchmark: number } {
  const benchmark = expectedMaxSharpe(input.trials, input.trialVariance);
  return { deflatedSharpe: probabilisticSharpe(input.sharpe, benchmark, input.observations, input.skewness, input.kurtosis), benchmark };
}

/**
 * Per-block sums of one configuration's bar returns: [count, sum, sum of squares, sum of cubes, sum of fourth
 * powers] for each of the blocks, time order. Enough to give the Sharpe ratio over any union of blocks (CSCV) and
 * the moments of the whole series (the deflated Sharpe ratio), without keeping the returns.
 */
export const BLOCK_FIELDS = 5;

/** Splits returns[first..last] (inclusive) into `blocks` contiguous blocks of near-equal length. */
export function blockSums(returns: Float64Array, first: number, last: number, blocks: number): number[] {
  const out = new Array<number>(blocks * BLOCK_FIELDS).fill(0);
  const n = last - first + 1;
  if (n <= 0) return out;
  for (let b = 0; b < blocks; b++) {
    const from = first + Math.floor((b * n) / blocks);
    const to = first + Math.floor(((b + 1) * n) / blocks);
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = from; i < to; i++) {
      const r = returns[i]!;
      const r2 = r * r;
      s1 += r;
      s2 += r2;
      s3 += r2 * r;
      s4 += r2 * r2;
    }
    const at = b * BLOCK_FIELDS;
    out[at] = to - from;
    out[at + 1] = s1;
    out[at + 2] = s2;
    out[at + 3] = s3;
    out[at + 4] = s4;
  }
  return out;
}

/** Per-period Sharpe ratio over the blocks whose bit is set in `mask` (null without variance). */
function sharpeOfBlocks(sums: readonly number[], mask: number, blocks: number): number | null {
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  for (let b = 0; b < blocks; b++) {
    if ((mask & (1 << b)) === 0) continue;
    const at = b * BLOCK_FIELDS;
    n += sums[at]!;
    s1 += sums[at + 1]!;
    s2 += sums[at + 2]!;
  }
  if (n < 2) return null;
  const mean = s1 / n;
  const variance = (s2 - n * mean * mean) / (n - 1);
  return variance > 0 ? mean / Math.sqrt(variance) : null;
}

/** Moments of the whole series from its block sums. */
export function seriesMoments(sums: readonly number[]): { observations: number; sharpe: number | null; skewness: number; kurtosis: number } {
  let n = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let at = 0; at < sums.length; at += BLOCK_FIELDS) {
    n += sums[at]!;
    s1 += sums[at + 1]!;
    s2 += sums[at + 2]!;
    s3 += sums[at + 3]!;
    s4 += sums[at + 4]!;
  }
  if (n < 2) return { observations: n, sharpe: null, skewness: 0, kurtosis: 3 };
  const m = s1 / n;
  // Central moments from raw ones (population form, as Bailey and Lopez de Prado use).
  const c2 = s2 / n - m * m;
  const c3 = s3 / n - 3 * m * (s2 / n) + 2 * m * m * m;
  const c4 = s4 / n - 4 * m * (s3 / n) + 6 * m * m * (s2 / n) - 3 * m * m * m * m;
  if (!(c2 > 0)) return { observations: n, sharpe: null, skewness: 0, kurtosis: 3 };
  const sampleSd = Math.sqrt((s2 - n * m * m) / (n - 1));
  return { observations: n, sharpe: m / sampleSd, skewness: c3 / Math.pow(c2, 1.5), kurtosis: c4 / (c2 * c2) };
}

export interface PboResult {
  /** Probability of backtest overfitting: the share of splits where the in-sample winner ranks in the lower half out of sample. */
  pbo: number;
  /** How many train/test splits were scored (C(S, S/2), less any where no configuration had a Sharpe ratio). */
  splits: number;
  /** Each split's logit of the winner's relative out-of-sample rank (negative: below the median). */
  logits: number[];
}

/**
 * Combinatorially symmetric cross-validation (Bailey, Borwein, Lopez de Prado and Zhu, "The Probability of Backtest
 * Overfitting", 2015). The S blocks are split every way into halves; in each split the configuration with the best
 * in-sample Sharpe ratio is ranked among all of them on the other half, and the logit of its relative rank is kept.
 * `sums[k]` is configuration k's blockSums over the same S blocks (S even, at most 20: C(20,10) = 184,756 splits).
 */
export function probabilityOfOverfitting(sums: ReadonlyArray<readonly number[]>, blocks: number): PboResult | null {
  if (sums.length < 2 || blocks < 2 || blocks % 2 !== 0 || blocks > 20) return null;
  const all = (1 << blocks) - 1;
  const half = blocks / 2;
  const logits: number[] = [];
  let below = 0;
  const trained = new Float64Array(sums.length);
  const tested = new Float64Array(sums.length);
  for (let mask = 0; mask <= all; mask++) {
    if (popcount(mask) !== half) continue;
    let winner = -1;
    for (let k = 0; k < sums.length; k++) {
      const is = sharpeOfBlocks(sums[k]!, mask, blocks);
      const oos = sharpeOfBlocks(sums[k]!, all ^ mask, blocks);
      trained[k] = is ?? -Infinity;
      tested[k] = oos ?? -Infinity;
      // The first of equal scores wins, as `best` picks in the optimiser.
      if (is !== null && (winner < 0 || trained[k]! > trained[winner]!)) winner = k;
    }
    if (winner < 0) continue;
    // Relative rank of the winner out of sample in (0, 1): ties count half, as a mid-rank.
    let lower = 0;
    let equal = 0;
    for (let k = 0; k < sums.length; k++) {
      if (tested[k]! < tested[winner]!) lower++;
      else if (tested[k] === tested[winner]) equal++;
    }
    const rank = lower + (equal + 1) / 2;
    const omega = rank / (sums.length + 1);
    const logit = Math.log(omega / (1 - omega));
    logits.push(logit);
    if (logit <= 0) below++;
  }
  if (logits.length === 0) return null;
  return { pbo: below / logits.length, splits: logits.length, logits };
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}
