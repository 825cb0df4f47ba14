import { RollingMoments } from './rolling-moments.js';
import { checkPeriod } from './validate.js';
import { seriesBatch } from './series-batch.js';

/** Rolling population standard deviation (divide by n, as Bollinger bands use). */
export class StdDev {
  value = NaN;
  private readonly moments: RollingMoments;

  constructor(readonly period: number) {
    checkPeriod('Standard deviation period', period, 2);
    this.moments = new RollingMoments(period);
  }

  update(x: number): number {
    this.moments.push(x);
    this.value = this.moments.valid ? Math.sqrt(this.moments.variance()) : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = NaN;
  }
}

export function stdDevBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new StdDev(period), values);
}

/** Rolling z-score: (x - mean) / population standard deviation of the window including x; 0 for a flat window. */
export class ZScore {
  value = NaN;
  private readonly moments: RollingMoments;

  constructor(readonly period: number) {
    checkPeriod('Z-score period', period, 2);
    this.moments = new RollingMoments(period);
  }

  update(x: number): number {
    this.push(x);
    return this.value;
  }

  /** update() without the returned number (a per-bar caller reads `value`; a returned number may be boxed). */
  push(x: number): void {
    const m = this.moments;
    m.push(x);
    if (!m.valid) {
      this.value = NaN;
      return;
    }
    const sd = Math.sqrt(m.variance());
    this.value = sd > 0 ? (x - m.mean()) / sd : 0;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = NaN;
  }
}

export function zScoreBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new ZScore(period), values);
}
