import { Ring } from './ring.js';
import { checkPeriod } from './validate.js';
import { seriesBatch } from './series-batch.js';

/** Rate of change in percent: 100 * (x - x[period bars ago]) / x[period bars ago]; first value at bar `period`. */
export class Roc {
  value = NaN;
  private readonly past: Ring;

  constructor(readonly period: number) {
    checkPeriod('ROC period', period);
    this.past = new Ring(period);
  }

  update(x: number): number {
    if (x - x !== 0) return this.value;
    const old = this.past.push(x);
    if (old === old) this.value = ((x - old) / old) * 100;
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

export function rocBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new Roc(period), values);
}
