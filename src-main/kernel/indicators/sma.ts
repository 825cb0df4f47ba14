import { Ring } from './ring.js';
import { RoundedWindowSum } from './rounded-window-sum.js';
import { checkPeriod } from './validate.js';
import { seriesBatch } from './series-batch.js';

/**
 * Simple moving average over the last `period` values. The window sum is exact (see exact-sum.ts), so the average
 * depends only on the window's contents: two equal windows give bit-identical values, however long the series.
 * A non-finite input makes the value NaN for as long as it stays in the window.
 */
export class Sma {
  value = NaN;
  private readonly window: Ring;
  private readonly sum: RoundedWindowSum;
  private nonFinite = 0;

  constructor(readonly period: number) {
    checkPeriod('SMA period', period);
    this.window = new Ring(period);
    const w = this.window;
    this.sum = new RoundedWindowSum(() => w.size, (i) => w.at(i));
  }

  update(x: number): number {
    const leaving = this.window.full;
    const out = this.window.push(x);
    if (Number.isFinite(x)) this.sum.add(x);
    else this.nonFinite++;
    if (leaving) {
      if (Number.isFinite(out)) this.sum.add(-out);
      else this.nonFinite--;
    }
    this.value = this.window.full && this.nonFinite === 0 ? this.sum.rounded() / this.period : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.nonFinite = 0;
    this.value = NaN;
  }
}

/** SMA over a whole series; element i is the streaming value after values[i] (NaN until warm). */
export function smaBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new Sma(period), values);
}
