import { Ring } from './ring.js';
import { RollingMoments } from './rolling-moments.js';
import { checkPeriod, checkPositive } from './validate.js';

/**
 * Simple return over `period` bars as a fraction: x / x[period bars ago] - 1 (ROC is the same in percent). Kept as
 * a fraction because strategies size and compare with it (12-1 momentum, volatility targeting), not draw it.
 */
export class RollingReturn {
  value = NaN;
  private readonly past: Ring;

  constructor(readonly period: number) {
    checkPeriod('Return period', period);
    this.past = new Ring(period);
  }

  update(x: number): number {
    if (x - x !== 0) return this.value;
    const old = this.past.push(x);
    if (old === old) this.value = x / old - 1;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.past.reset();
    this.value = NaN;
  }
}

/**
 * Realised volatility: the sample standard deviation (divide by n - 1) of the last `period` log returns of the close,
 * annualised by sqrt(`annualisation`) (252 for daily bars; 1 gives the per-bar figure). First value after
 * `period` + 1 closes. Moments are exact window sums, so the value depends on the window only (no drift).
 */
export class RealisedVolatility {
  value = NaN;
  private previous = NaN;
  private readonly moments: RollingMoments;
  private readonly scale: number;

  constructor(readonly period: number, readonly annualisation = 252) {
    checkPeriod('Volatility period', period, 2);
    checkPositive('Annualisation', annualisation);
    this.moments = new RollingMoments(period);
    this.scale = Math.sqrt(annualisation);
  }

  update(x: number): number {
    if (x - x !== 0 || x <= 0) return this.value;
    const prev = this.previous;
    this.previous = x;
    if (prev !== prev) return this.value;
    this.moments.push(Math.log(x / prev));
    if (this.moments.valid) {
      const n = this.period;
      this.value = Math.sqrt((this.moments.variance() * n) / (n - 1)) * this.scale;
    }
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.moments.reset();
    this.previous = NaN;
    this.value = NaN;
  }
}
