import { SeededSmoothing } from './seeded-smoothing.js';
import { checkPeriod } from './validate.js';
import { seriesBatch } from './series-batch.js';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the first `period` values
 * (TA-Lib's and technicalindicators' convention; trading-signals instead starts from the first value). Its first
 * value comes with the period-th input. An EMA remembers its whole history, so unlike the SMA two equal windows
 * need not give equal EMAs. Non-finite inputs are skipped (the value stays as it was).
 */
export class Ema extends SeededSmoothing {
  constructor(period: number) {
    checkPeriod('EMA period', period);
    super(period, 2 / (period + 1));
  }

  override update(x: number): number {
    return x - x !== 0 ? this.value : super.update(x);
  }
}

export function emaBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new Ema(period), values);
}
