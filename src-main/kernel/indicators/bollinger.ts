import { RollingMoments } from './rolling-moments.js';
import { checkPeriod, checkPositive } from './validate.js';

/** Bollinger bands: SMA(period) +/- k population standard deviations of the same window. `value` is the middle. */
export class Bollinger {
  value = NaN;
  upper = NaN;
  lower = NaN;
  private readonly moments: RollingMoments;

  constructor(readonly period: number, readonly k: number) {
    checkPeriod('Bollinger period', period, 2);
    checkPositive('Bollinger width (standard deviations)', k);
    this.moments = new RollingMoments(period);
  }

  update(x: number): number {
    this.push(x);
    return this.value;
  }

  /** update() without the returned number (a per-bar caller reads the fields; a returned number may be boxed). */
  push(x: number): void {
    const m = this.moments;
    m.push(x);
    if (m.valid) {
      const mid = m.mean();
      const width = this.k * Math.sqrt(m.variance());
      this.value = mid;
      this.upper = mid + width;
      this.lower = mid - width;
    } else {
      this.value = this.upper = this.lower = NaN;
    }
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.moments.reset();
    this.value = this.upper = this.lower = NaN;
  }
}

export interface BollingerSeries {
  middle: Float64Array;
  upper: Float64Array;
  lower: Float64Array;
}

export function bollingerBatch(values: Float64Array, period: number, k: number): BollingerSeries {
  const bb = new Bollinger(period, k);
  const n = values.length;
  const out = { middle: new Float64Array(n), upper: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.middle[i] = bb.update(values[i]!);
    out.upper[i] = bb.upper;
    out.lower[i] = bb.lower;
  }
  return out;
}
