import type { ComboResult } from './evaluate.js';
import { BLOCK_FIELDS, blockSums, deflatedSharpe, expectedMaxSharpe, probabilityOfOverfitting, seriesMoments } from './overfitting.js';

/** What `optimize` and `walk-forward` report beside their winner: how much of it the search itself may explain. */
export interface OverfittingSummary {
  /** Configurations tried (those with a Sharpe ratio count towards the deflation). */
  trials: number;
  /** The chosen result's annualised Sharpe ratio, from its bar returns. */
  sharpe: number | null;
  /** The annualised Sharpe ratio the best of `trials` no-skill configurations would show. */
  expectedMaxSharpe: number;
  /** P(true Sharpe > expectedMaxSharpe), Bailey and Lopez de Prado's deflated Sharpe ratio. */
  deflatedSharpe: number | null;
  /** Probability of backtest overfitting by combinatorially symmetric cross-validation. */
  pbo: number | null;
  /** Blocks the bars were cut into for the cross-validation, and the train/test splits scored. */
  blocks: number;
  splits: number;
}

/** Largest affordable split count: the cross-validation costs trials x C(S, S/2) x S; S is even, at least 4. */
export function cscvBlocks(requested: number, trials: number): number {
  let s = Math.max(4, Math.min(20, requested - (requested % 2)));
  const cost = (b: number): number => trials * binomial(b, b / 2) * b;
  while (s > 4 && cost(s) > 200_000_000) s -= 2;
  return s;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Variance of the per-period Sharpe ratios across the trials, and how many had one. */
function trialSpread(results: readonly ComboResult[]): { count: number; variance: number } {
  const sharpes: number[] = [];
  for (const r of results) {
    const s = r.blocks ? seriesMoments(r.blocks).sharpe : null;
    if (s !== null && Number.isFinite(s)) sharpes.push(s);
  }
  const n = sharpes.length;
  if (n < 2) return { count: n, variance: 0 };
  const mean = sharpes.reduce((a, b) => a + b, 0) / n;
  return { count: n, variance: sharpes.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1) };
}

function pboOf(results: readonly ComboResult[], blocks: number): { pbo: number | null; splits: number } {
  const sums = results.flatMap((r) => (r.blocks && r.blocks.length === blocks * BLOCK_FIELDS ? [r.blocks] : []));
  // Each block needs a few returns of its own for its Sharpe ratio to mean anything.
  if (sums.length < 2 || sums[0]![0]! < 4) return { pbo: null, splits: 0 };
  const cscv = probabilityOfOverfitting(sums, blocks);
  return cscv ? { pbo: cscv.pbo, splits: cscv.splits } : { pbo: null, splits: 0 };
}

/** The optimiser's checks: the winner's Sharpe deflated for every configuration tried, and the CSCV PBO. */
export function optimiseOverfitting(results: readonly ComboResult[], chosen: ComboResult | undefined, blocks: number, periodsPerYear: number): OverfittingSummary {
  const annual = Math.sqrt(periodsPerYear);
  const spread = trialSpread(results);
  const trials = Math.max(results.length, 1);
  const moments = chosen?.blocks ? seriesMoments(chosen.blocks) : undefined;
  const dsr =
    moments && moments.sharpe !== null
      ? deflatedSharpe({ sharpe: moments.sharpe, trials, trialVariance: spread.variance, observations: moments.observations, skewness: moments.skewness, kurtosis: moments.kurtosis })
      : { deflatedSharpe: null, benchmark: expectedMaxSharpe(trials, spread.variance) };
  return {
    trials: results.length,
    sharpe: moments?.sharpe != null ? moments.sharpe * annual : null,
    expectedMaxSharpe: dsr.benchmark * annual,
    deflatedSharpe: dsr.deflatedSharpe,
    ...pboOf(results, blocks),
    blocks,
  };
}

/**
 * Walk-forward's checks: the stitched out-of-sample Sharpe deflated for the configurations each window chose among
 * (their spread measured over the whole span), and the CSCV PBO of that search over the whole span.
 */
export function walkForwardOverfitting(spanResults: readonly ComboResult[], stitched: readonly number[], blocks: number, periodsPerYear: number): OverfittingSummary {
  const annual = Math.sqrt(periodsPerYear);
  const spread = trialSpread(spanResults);
  const returns = new Float64Array(stitched.length);
  for (let i = 1; i < stitched.length; i++) returns[i] = stitched[i]! / stitched[i - 1]! - 1;
  const moments = seriesMoments(blockSums(returns, 1, stitched.length - 1, 1));
  const trials = Math.max(spanResults.length, 1);
  const dsr =
    moments.sharpe !== null
      ? deflatedSharpe({ sharpe: moments.sharpe, trials, trialVariance: spread.variance, observations: moments.observations, skewness: moments.skewness, kurtosis: moments.kurtosis })
      : { deflatedSharpe: null, benchmark: expectedMaxSharpe(trials, spread.variance) };
  return {
    trials: spanResults.length,
    sharpe: moments.sharpe !== null ? moments.sharpe * annual : null,
    expectedMaxSharpe: dsr.benchmark * annual,
    deflatedSharpe: dsr.deflatedSharpe,
    ...pboOf(spanResults, blocks),
    blocks,
  };
}
