import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { EngineScratch, runEngine, type EngineOptions } from '../engine.js';
import { accountModel, fillModel } from '../fill-model.js';
import type { MarketData } from '../market-data.js';
import { computeMetrics, metricsFromSummary, periodsPerYear, type Metrics } from '../metrics.js';
import type { Combo } from './search.js';
import { runSmaCrossFast, smaCrossFastParams } from './sma-cross-fast.js';
import { blockSums } from './overfitting.js';

export interface ComboResult {
  index: number;
  params: Combo;
  metrics: Metrics;
  finalValue: number;
  /** Per-block sums of the bar returns (overfitting.ts blockSums), when the sweep asked for them. */
  blocks?: number[];
}

export type EvaluateOptions = Pick<EngineOptions, 'fill' | 'account' | 'from' | 'to' | 'scratch'> & {
  /** false: always the event-driven engine (the benchmark's comparison); default true. */
  fastPath?: boolean;
  /** Also keep per-block sums of each run's bar returns over this many blocks (the overfitting checks); 0: none. */
  blocks?: number;
};

export interface Evaluation {
  metrics: Metrics;
  finalValue: number;
  bars: number;
  blocks?: number[];
}

/**
 * One sweep evaluation: a run without records (no fills, orders or logs kept), metrics only. sma-cross over one
 * symbol takes its fast path (sma-cross-fast.ts), which gives the engine's numbers bit for bit.
 */
export function evaluateCombo(definition: StrategyDefinition, params: Combo, data: MarketData, options: EvaluateOptions): Evaluation {
  return evaluateCombos(definition, [params], data, options)[0]!;
}

/**
 * Several evaluations, in order. Those the fast path takes run together (one pass over the bars for all of them);
 * each result is the same as evaluating that combination alone.
 */
export function evaluateCombos(definition: StrategyDefinition, combos: readonly Combo[], data: MarketData, options: EvaluateOptions): Evaluation[] {
  const { fastPath = true, blocks = 0, ...engineOptions } = options;
  const fill = fillModel.parse(options.fill ?? {});
  const from = options.from ?? 0;
  const to = options.to ?? data.times.length;
  const perYear = periodsPerYear(definition.timeframe);
  const out: Array<Evaluation | undefined> = new Array(combos.length);
  const fast: Array<{ at: number; params: NonNullable<ReturnType<typeof smaCrossFastParams>> }> = [];
  if (fastPath && from >= 0 && from < to && to <= data.times.length) {
    combos.forEach((combo, at) => {
      const params = smaCrossFastParams(definition, combo, data, fill);
      if (params !== undefined) fast.push({ at, params });
    });
  }
  // Each combination run together keeps its bar returns until its metrics are done: at most ~64 MB of them.
  const group = Math.max(1, Math.min(8, Math.floor(8_388_608 / (to - from + 1))));
  const account = accountModel.parse(options.account ?? {});
  const scratch = options.scratch ?? new EngineScratch();
  for (let g = 0; g < fast.length; g += group) {
    const members = fast.slice(g, g + group);
    const runs = runSmaCrossFast(
      members.map((f) => f.params),
      data,
      fill,
      account,
      from,
      to,
      (k) => scratch.takeReturns(to - from, k),
    );
    runs.forEach((run, k) => {
      // The returns buffers are the scratch's, reused by the next group: take the block sums now.
      const sums = blocks > 0 ? { blocks: blockSums(run.pass.returns, 1, run.pass.count, blocks) } : {};
      out[members[k]!.at] = { metrics: metricsFromSummary({ ...run, periodsPerYear: perYear }), finalValue: run.finalValue, bars: run.bars, ...sums };
    });
  }
  for (let at = 0; at < combos.length; at++) {
    if (out[at] !== undefined) continue;
    const run = runEngine(definition, combos[at]!, data, { ...engineOptions, fill, record: false });
    const returns = options.scratch?.takeReturns(run.equity.length - 1) ?? (blocks > 0 ? new Float64Array(run.equity.length) : undefined);
    const metrics = computeMetrics({
      ...(returns ? { returns } : {}),
      equity: run.equity,
      exposed: run.exposed,
      times: run.times,
      trades: run.trades.closed,
      tradedNotional: run.tradedNotional,
      commissions: run.commissions,
      periodsPerYear: perYear,
    });
    out[at] = { metrics, finalValue: run.finalValue, bars: run.bars, ...(blocks > 0 && returns ? { blocks: blockSums(returns, 1, run.equity.length - 1, blocks) } : {}) };
  }
  return out as Evaluation[];
}

export const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'totalReturn', 'cagr', 'profitFactor', 'expectancy'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Higher is better; a null ratio ranks last. Ties go to the earlier combination, so the choice is deterministic. */
export function best(results: readonly ComboResult[], objective: Objective): ComboResult | undefined {
  let top: ComboResult | undefined;
  let topScore = -Infinity;
  for (const r of results) {
    const score = r.metrics[objective] ?? -Infinity;
    if (top === undefined || score > topScore) {
      top = r;
      topScore = score;
    }
  }
  return top;
}
