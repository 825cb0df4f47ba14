import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { runEngine, type EngineOptions } from '../engine.js';
import { accountModel, fillModel } from '../fill-model.js';
import type { MarketData } from '../market-data.js';
import { computeMetrics, metricsFromSummary, periodsPerYear, type Metrics } from '../metrics.js';
import type { Combo } from './search.js';
import { runSmaCrossFast, smaCrossFastParams } from './sma-cross-fast.js';

export interface ComboResult {
  index: number;
  params: Combo;
  metrics: Metrics;
  finalValue: number;
}

export type EvaluateOptions = Pick<EngineOptions, 'fill' | 'account' | 'from' | 'to' | 'scratch'> & {
  /** false: always the event-driven engine (the benchmark's comparison); default true. */
  fastPath?: boolean;
};

/**
 * One sweep evaluation: a run without records (no fills, orders or logs kept), metrics only. sma-cross over one
 * symbol takes its fast path (sma-cross-fast.ts), which gives the engine's numbers bit for bit.
 */
export function evaluateCombo(definition: StrategyDefinition, params: Combo, data: MarketData, options: EvaluateOptions): { metrics: Metrics; finalValue: number; bars: number } {
  const { fastPath = true, ...engineOptions } = options;
  const fill = fillModel.parse(options.fill ?? {});
  const fast = fastPath ? smaCrossFastParams(definition, params, data, fill) : undefined;
  const from = options.from ?? 0;
  const to = options.to ?? data.times.length;
  const perYear = periodsPerYear(definition.timeframe);
  if (fast !== undefined && from >= 0 && from < to && to <= data.times.length) {
    const run = runSmaCrossFast(fast, data, fill, accountModel.parse(options.account ?? {}), from, to, options.scratch);
    const returns = options.scratch?.takeReturns(run.bars);
    return { metrics: metricsFromSummary({ ...run, periodsPerYear: perYear, ...(returns ? { returns } : {}) }), finalValue: run.finalValue, bars: run.bars };
  }
  const run = runEngine(definition, params, data, { ...engineOptions, fill, record: false });
  const returns = options.scratch?.takeReturns(run.equity.length - 1);
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
  return { metrics, finalValue: run.finalValue, bars: run.bars };
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
