import { ExactSum } from './exact-sum.js';

/**
 * Exponential smoothing with a fixed factor, seeded with the exact mean of its first `period` inputs (TA-Lib's
 * convention): the EMA (factor 2/(period+1)) and Wilder's average (factor 1/period) differ only in the factor.
 * Its first value comes with the period-th input.
 */
export class SeededSmoothing {
  value = NaN;
  private count = 0;
  private readonly seed = new ExactSum();

  constructor(
    readonly period: number,
    private readonly factor: number,
  ) {}

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

  // Kept out of update() so the hot path stays small enough to inline.
  private warm(x: number): number {
    this.seed.add(x);
    if (++this.count === this.period) this.value = this.seed.value() / this.period;
    return this.value;
  }
}
