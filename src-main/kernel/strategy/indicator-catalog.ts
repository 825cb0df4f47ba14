/**
 * The indicators a strategy may ask for by id (IndicatorFactory.indicator), with the lines each one has; the first
 * line is the indicator's `value`. The ids are the indicator library's registry (the chart's list, kept equal by a
 * unit test) plus three a strategy needs that a chart does not: `returns` (simple return over `period` bars, a
 * fraction), `volatility` (realised: sample deviation of `period` log returns, times sqrt(`annualisation`)) and
 * `rank` (time-series rolling rank: where the close stands among its own last `period` closes, 0 lowest to 1 highest,
 * ties sharing their mean rank).
 * Parameters and their ranges are the library's; a missing one takes its default, an unknown one is refused.
 * This file is data only, because the strategy API imports nothing but src-shared and zod.
 */
export const STRATEGY_INDICATORS = {
  sma: ['sma'],
  ema: ['ema'],
  wma: ['wma'],
  bollinger: ['middle', 'upper', 'lower'],
  keltner: ['middle', 'upper', 'lower'],
  donchian: ['middle', 'upper', 'lower'],
  vwap: ['vwap'],
  rsi: ['rsi'],
  macd: ['macd', 'signal', 'histogram'],
  stochastic: ['k', 'd'],
  atr: ['atr'],
  adx: ['adx', 'plusDi', 'minusDi'],
  cci: ['cci'],
  roc: ['roc'],
  obv: ['obv'],
  stddev: ['stddev'],
  zscore: ['zscore'],
  correlation: ['correlation'],
  beta: ['beta'],
  returns: ['returns'],
  volatility: ['volatility'],
  rank: ['rank'],
} as const satisfies Record<string, readonly string[]>;

export type StrategyIndicatorId = keyof typeof STRATEGY_INDICATORS;
export type IndicatorLineName<I extends StrategyIndicatorId> = (typeof STRATEGY_INDICATORS)[I][number];

/** Indicators that compare the symbol with a second one: they need `options.benchmark`. */
export const PAIR_INDICATORS: ReadonlySet<StrategyIndicatorId> = new Set<StrategyIndicatorId>(['correlation', 'beta']);

/** A stable text key for an indicator and its parameters (parameter order does not matter). */
export function indicatorKey(id: StrategyIndicatorId, params: Readonly<Record<string, number>> = {}, benchmark?: string): string {
  const p = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join(',');
  return `${id}(${p})${benchmark !== undefined ? `~${benchmark}` : ''}`;
}
