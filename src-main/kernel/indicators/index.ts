// The indicator library: pure TypeScript (no Node APIs) shared by backtests, bots, workers and the chart service.
export { ExactSum } from './exact-sum.js';
export { IndicatorParamError } from './validate.js';
export { Sma, smaBatch } from './sma.js';
export { Ema, emaBatch } from './ema.js';
export { Wma, wmaBatch } from './wma.js';
export { Rsi, rsiBatch } from './rsi.js';
export { Macd, macdBatch, type MacdSeries } from './macd.js';
export { Bollinger, bollingerBatch, type BollingerSeries } from './bollinger.js';
export { Atr, atrBatch } from './atr.js';
export { Adx, adxBatch, type AdxSeries } from './adx.js';
export { Stochastic, stochasticBatch } from './stochastic.js';
export { Obv, obvBatch } from './obv.js';
export { Vwap, vwapBatch } from './vwap.js';
export { Donchian, donchianBatch } from './donchian.js';
export { Keltner, keltnerBatch } from './keltner.js';
export { Cci, cciBatch } from './cci.js';
export { Roc, rocBatch } from './roc.js';
export { StdDev, stdDevBatch, ZScore, zScoreBatch } from './stddev.js';
export { Correlation, correlationBatch, Beta, betaBatch } from './correlation.js';
export {
  INDICATORS, indicatorMeta, resolveParams, createIndicator, computeIndicator,
  type IndicatorMeta, type IndicatorParamSpec, type IndicatorInputs, type BarIndicator, type IndicatorBarInput, type IndicatorColumns,
} from './registry.js';
