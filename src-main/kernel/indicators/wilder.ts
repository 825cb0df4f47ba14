import { ExactSum } from './exact-sum.js';

/**
 * Wilder's smoothing (an EMA with alpha = 1/period) seeded with the mean of the first `period` values: the
 * average RSI, ATR and ADX are built on.
 */
export class WilderAverage {
  value = NaN;
  private count = 0;
  private readonly seed = new ExactSum();
  private readonly factor: number;

  constructor(readonly period: number) {
    this.factor = 1 / period;
  }

  update(x: number): number {
    if (this.count >= this.period) {
      this.value += (x - this.value) * this.factor;
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

  private warm(x: number): number {
    this.seed.add(x);
    if (++this.count === this.period) this.value = this.seed.value() / this.period;
    return this.value;
  }
}
