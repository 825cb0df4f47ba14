import { CodedError } from '../../src-shared/ipc/errors.js';
import type { StrategyDefinition } from '../kernel/strategy/types.js';
import { runEngine } from './engine.js';
import { accountModel, fillModel, type AccountModelInput, type FillModelInput } from './fill-model.js';
import type { MarketData } from './market-data.js';
import { computeMetrics, periodsPerYear, type Metrics } from './metrics.js';
import { best, type ComboResult, type Objective } from './optimize/evaluate.js';
import type { Combo } from './optimize/search.js';

export interface WalkForwardWindow {
  /** First and last timestamps of each part. */
  inSample: { from: number; to: number };
  outOfSample: { from: number; to: number };
  best: Combo;
  inSampleScore: number | null;
  oosReturn: number;
  oosTrades: number;
}

export interface WalkForwardResult {
  mode: 'rolling' | 'anchored';
  objective: Objective;
  windows: WalkForwardWindow[];
  /** Out-of-sample equity of every window chained: each window starts where the last one ended. */
  equity: Array<{ t: number; value: number }>;
  metrics: Metrics;
}

export interface WalkForwardOptions {
  definition: StrategyDefinition;
  data: MarketData;
  combos: Combo[];
  inSample: number;
  outOfSample: number;
  anchored: boolean;
  objective: Objective;
  fill?: FillModelInput;
  account?: AccountModelInput;
  /** Evaluates the combinations over [from, to): a worker sweep in the CLI and the app, in-process where that is enough. */
  optimise: (combos: Combo[], from: number, to: number) => Promise<ComboResult[]>;
  onWindow?: (done: number, total: number) => void;
}

/** Window boundaries over time indices: in-sample [isFrom, oosFrom), out-of-sample [oosFrom, oosTo). */
export function walkForwardWindows(nTimes: number, inSample: number, outOfSample: number, anchored: boolean): Array<{ isFrom: number; oosFrom: number; oosTo: number }> {
  if (inSample < 2 || outOfSample < 1) throw new CodedError('BAD_REQUEST', 'walk-forward needs --in-sample of 2 bars or more and --out-of-sample of 1 or more');
  if (inSample + outOfSample > nTimes) throw new CodedError('BAD_REQUEST', `walk-forward needs ${inSample + outOfSample} bars for one window; the data has ${nTimes}`);
  const out = [];
  for (let oosFrom = inSample; oosFrom < nTimes; oosFrom += outOfSample) {
    out.push({ isFrom: anchored ? 0 : oosFrom - inSample, oosFrom, oosTo: Math.min(nTimes, oosFrom + outOfSample) });
  }
  return out;
}

/** One window's work: the in-sample winner and its out-of-sample run, all the stitching needs. */
export interface WalkForwardFold {
  best: Combo;
  inSampleScore: number | null;
  /** The out-of-sample run: its bar times, equity marks (one more than the times: the start), exposure per bar. */
  times: number[];
  equity: number[];
  exposed: number[];
  tradedNotional: number;
  commissions: number;
  /** Net P&L of each closed trade, in order. */
  pnls: number[];
}

export type FoldWindow = ReturnType<typeof walkForwardWindows>[number];

/**
 * One window: optimise over the in-sample bars, run the winner over the out-of-sample bars (flat at the start, its
 * indicators warmed by every earlier bar). Windows do not depend on each other, so they may run anywhere (a worker
 * on another machine: src-main/distributed) and be stitched afterwards with the same result.
 */
export async function walkForwardFold(
  options: Pick<WalkForwardOptions, 'definition' | 'data' | 'combos' | 'objective' | 'fill' | 'account' | 'optimise'>,
  w: FoldWindow,
): Promise<WalkForwardFold> {
  const scored = await options.optimise(options.combos, w.isFrom, w.oosFrom);
  const top = best(scored, options.objective);
  if (!top) throw new CodedError('BAD_REQUEST', 'no valid parameter combination to optimise');
  const run = runEngine(options.definition, top.params, options.data, { fill: fillModel.parse(options.fill ?? {}), account: accountModel.parse(options.account ?? {}), from: w.oosFrom, to: w.oosTo, record: false });
  return {
    best: top.params,
    inSampleScore: top.metrics[options.objective],
    times: Array.from(run.times),
    equity: Array.from(run.equity),
    exposed: Array.from(run.exposed),
    tradedNotional: run.tradedNotional,
    commissions: run.commissions,
    pnls: run.trades.closed.map((t) => t.pnl),
  };
}

/**
 * Optimise in-sample, test out-of-sample, move on. Each out-of-sample run starts flat with indicators warmed by
 * every earlier bar (no bar after the window's start is ever seen by its optimisation), and the stitched curve
 * chains the windows' returns.
 */
export async function walkForward(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const windows = walkForwardWindows(options.data.times.length, options.inSample, options.outOfSample, options.anchored);
  const folds: WalkForwardFold[] = [];
  for (const [n, w] of windows.entries()) {
    folds.push(await walkForwardFold(options, w));
    options.onWindow?.(n + 1, windows.length);
  }
  return stitchWalkForward(options, windows, folds);
}

/** The windows' out-of-sample runs chained into one curve (each starts where the last ended), and its metrics. */
export function stitchWalkForward(
  options: Pick<WalkForwardOptions, 'definition' | 'data' | 'anchored' | 'objective' | 'account'>,
  windows: readonly FoldWindow[],
  folds: readonly WalkForwardFold[],
): WalkForwardResult {
  const account = accountModel.parse(options.account ?? {});
  const equity: Array<{ t: number; value: number }> = [];
  const result: WalkForwardResult['windows'] = [];
  let value = account.cash;
  let tradedNotional = 0;
  let commissions = 0;
  const pnls: Array<{ pnl: number }> = [];
  const exposed: number[] = [];
  for (const [n, w] of windows.entries()) {
    const run = folds[n]!;
    const start = run.equity[0]!;
    for (let i = 0; i < run.times.length; i++) {
      equity.push({ t: run.times[i]!, value: (value * run.equity[i + 1]!) / start });
      exposed.push(run.exposed[i]!);
    }
    const oosReturn = run.equity[run.equity.length - 1]! / start - 1;
    value *= 1 + oosReturn;
    tradedNotional += (run.tradedNotional * value) / start;
    commissions += run.commissions;
    for (const pnl of run.pnls) pnls.push({ pnl });
    result.push({
      inSample: { from: options.data.times[w.isFrom]!, to: options.data.times[w.oosFrom - 1]! },
      outOfSample: { from: options.data.times[w.oosFrom]!, to: options.data.times[w.oosTo - 1]! },
      best: run.best,
      inSampleScore: run.inSampleScore,
      oosReturn,
      oosTrades: run.pnls.length,
    });
  }
  const curve = new Float64Array(equity.length + 1);
  curve[0] = account.cash;
  equity.forEach((p, i) => (curve[i + 1] = p.value));
  const metrics = computeMetrics({
    equity: curve,
    exposed: Uint8Array.from(exposed),
    times: Float64Array.from(equity.map((p) => p.t)),
    trades: pnls,
    tradedNotional,
    commissions,
    periodsPerYear: periodsPerYear(options.definition.timeframe),
  });
  return { mode: options.anchored ? 'anchored' : 'rolling', objective: options.objective, windows: result, equity, metrics };
}
