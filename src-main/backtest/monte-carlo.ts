import { CodedError } from '../../src-shared/ipc/errors.js';
import { prng } from './optimize/search.js';

export interface MonteCarloOptions {
  /** Net P&L of each closed trade, in order. */
  pnls: readonly number[];
  startValue: number;
  runs: number;
  seed: number;
  /** 'bootstrap': draw trades with replacement; 'shuffle': reorder the same trades (final return fixed, path varies). */
  method: 'bootstrap' | 'shuffle';
  /** The loss whose probability is reported, as a fraction (0.2 = losing 20 % or more). */
  loss: number;
  /** With this, the result also counts the runs in this many equal bins of each value (the GUI draws them). */
  bins?: number;
}

/** Runs per equal-width bin, from `from` in steps of `width` (the last bin holds the maximum). */
export interface Histogram {
  from: number;
  width: number;
  counts: number[];
}

export interface Distribution {
  mean: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

export interface MonteCarloResult {
  runs: number;
  method: 'bootstrap' | 'shuffle';
  finalReturn: Distribution;
  maxDrawdown: Distribution;
  /** Share of runs whose final return is at or below -loss. */
  probabilityOfLoss: number;
  loss: number;
  finalReturnHistogram?: Histogram;
  maxDrawdownHistogram?: Histogram;
}

/** Nearest-rank percentile of a sorted array. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function distribution(values: Float64Array): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return { mean: sum / sorted.length, p5: percentile(sorted, 5), p25: percentile(sorted, 25), p50: percentile(sorted, 50), p75: percentile(sorted, 75), p95: percentile(sorted, 95) };
}

export function histogram(values: Float64Array, bins: number): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  // Every run the same value (a shuffle's final return): one bin holds them all.
  const width = max > min ? (max - min) / bins : 0;
  for (const v of values) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width))]!++;
  return { from: min, width, counts };
}

/** Resamples the trade list: each run replays trades from the starting value and records final return and max drawdown. */
export function monteCarlo(options: MonteCarloOptions): MonteCarloResult {
  const n = options.pnls.length;
  if (n === 0) throw new CodedError('BAD_REQUEST', 'Monte Carlo needs at least one closed trade');
  const rand = prng(options.seed);
  const finals = new Float64Array(options.runs);
  const drawdowns = new Float64Array(options.runs);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let losses = 0;
  for (let run = 0; run < options.runs; run++) {
    if (options.method === 'shuffle') {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        const tmp = order[i]!;
        order[i] = order[j]!;
        order[j] = tmp;
      }
    }
    let equity = options.startValue;
    let peak = equity;
    let maxDd = 0;
    for (let k = 0; k < n; k++) {
      const pnl = options.method === 'shuffle' ? options.pnls[order[k]!]! : options.pnls[Math.floor(rand() * n)]!;
      equity += pnl;
      if (equity > peak) peak = equity;
      else if (peak > 0) maxDd = Math.max(maxDd, 1 - equity / peak);
    }
    finals[run] = equity / options.startValue - 1;
    drawdowns[run] = maxDd;
    if (finals[run]! <= -options.loss) losses++;
  }
  const result: MonteCarloResult = { runs: options.runs, method: options.method, finalReturn: distribution(finals), maxDrawdown: distribution(drawdowns), probabilityOfLoss: losses / options.runs, loss: options.loss };
  if (options.bins !== undefined && options.bins > 0) {
    result.finalReturnHistogram = histogram(finals, options.bins);
    result.maxDrawdownHistogram = histogram(drawdowns, options.bins);
  }
  return result;
}
