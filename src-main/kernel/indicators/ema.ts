import { ExactSum } from './exact-sum.js';
import { checkPeriod } from './validate.js';

/**
 * Exponential moving average with alpha = 2 / (period + 1), seeded with the SMA of the first `period` values
 * (TA-Lib's and technicalindicators' convention; trading-signals instead starts from the first value). Its first
 * value comes with the period-th input. An EMA remembers its whole history, so unlike the SMA two equal windows
 * need not give equal EMAs. Non-finite inputs are skipped (the value stays as it was).
 */
export class Ema {
  value = NaN;
  private readonly alpha: number;
  private count = 0;
  private readonly seed = new ExactSum();

  constructor(readonly period: number) {
    checkPeriod('EMA period', period);
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number {
    if (x - x !== 0) return this.value;
    if (this.count >= this.period) {
      this.value += (x - this.value) * this.alpha;
      return this.value;
    }
    return this.warm(x);
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.value = NaN;
    this.count = 0;
    this.seed.reset();
  }

  // Kept out of update() so the hot path stays small enough to inline.
  private warm(x: number): number {
    this.seed.add(x);
    if (++this.count === this.period) this.value = this.seed.value() / this.period;
    return this.value;
  }
}

export function emaBatch(values: Float64Array, period: number): Float64Array {
  const ema = new Ema(period);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = ema.update(values[i]!);
  return out;
}
