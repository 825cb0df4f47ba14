import { SeededSmoothing } from './seeded-smoothing.js';

/** Wilder's smoothing (alpha = 1/period) seeded with the mean of the first `period` values: the average RSI, ATR and ADX are built on. */
export class WilderAverage extends SeededSmoothing {
  constructor(period: number) {
    super(period, 1 / period);
  }
}
