import type { StrategyDefinition } from '../../kernel/strategy/types.js';
import { runEngine, type EngineOptions } from '../engine.js';
import type { MarketData } from '../market-data.js';
import { computeMetrics, periodsPerYear, type Metrics } from '../metrics.js';
import type { Combo } from './search.js';

export interface ComboResult {
  index: number;
  params: Combo;
  metrics: Metrics;
  finalValue: number;
}

/** One sweep evaluation: a run without records (no fills, orders or logs kept), metrics only. */
export function evaluateCombo(definition: StrategyDefinition, params: Combo, data: MarketData, options: Pick<EngineOptions, 'fill' | 'account' | 'from' | 'to' | 'scratch'>): { metrics: Metrics; finalValue: number; bars: number } {
  const run = runEngine(definition, params, data, { ...options, record: false });
  const metrics = computeMetrics({
    equity: run.equity,
    exposed: run.exposed,
    times: run.times,
    trades: run.trades.closed,
    tradedNotional: run.tradedNotional,
    commissions: run.commissions,
    periodsPerYear: periodsPerYear(definition.timeframe),
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
