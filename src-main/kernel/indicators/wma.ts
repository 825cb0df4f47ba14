import { ExactSum } from './exact-sum.js';
import { Ring } from './ring.js';
import { checkPeriod } from './validate.js';
import { seriesBatch } from './series-batch.js';

/**
 * Linearly weighted moving average (weights 1..period, newest heaviest). Both the plain window sum S and the
 * weighted sum W are held exactly (exact-sum.ts), using W' = W + period*x_new - S, so the value depends only on
 * the window's contents. A non-finite input makes the value NaN while it is in the window.
 */
export class Wma {
  value = NaN;
  private readonly window: Ring;
  private readonly sum = new ExactSum();
  private readonly weighted = new ExactSum();
  private readonly denominator: number;
  private nonFinite = 0;
  private seen = 0;

  constructor(readonly period: number) {
    checkPeriod('WMA period', period);
    this.window = new Ring(period);
    this.denominator = (period * (period + 1)) / 2;
  }

  update(x: number): number {
    const leaving = this.window.full;
    const out = this.window.push(x);
    const xv = Number.isFinite(x) ? x : 0;
    if (xv !== x) this.nonFinite++;
    // While filling, the k-th value (1-based) gets weight k; once full every new value gets weight `period`.
    const weight = leaving ? this.period : ++this.seen;
    if (leaving) this.weighted.addScaled(this.sum, -1);
    this.weighted.addProduct(xv, weight);
    this.sum.add(xv);
    if (leaving) {
      if (Number.isFinite(out)) this.sum.add(-out);
      else this.nonFinite--;
    }
    this.value = this.window.full && this.nonFinite === 0 ? this.weighted.value() / this.denominator : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.weighted.reset();
    this.nonFinite = 0;
    this.seen = 0;
    this.value = NaN;
  }
}

export function wmaBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new Wma(period), values);
}
