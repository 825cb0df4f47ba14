import { ExactSum } from './exact-sum.js';
import { Ring } from './ring.js';
import { checkPeriod } from './validate.js';

/**
 * Commodity channel index: (TP - SMA(TP)) / (0.015 * mean absolute deviation), TP = (h+l+c)/3. The mean absolute
 * deviation about the current mean does not decompose into running totals, so it is summed over the window:
 * O(period) per update (20 additions at the usual setting), the one indicator here that is not O(1).
 * 0 when the window is flat.
 */
export class Cci {
  value = NaN;
  private readonly window: Ring;
  private readonly sum = new ExactSum();

  constructor(readonly period: number) {
    checkPeriod('CCI period', period, 2);
    this.window = new Ring(period);
  }

  update(high: number, low: number, close: number): number {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0) return this.value;
    const tp = (high + low + close) / 3;
    const leaving = this.window.full;
    const out = this.window.push(tp);
    this.sum.add(tp);
    if (leaving) this.sum.add(-out);
    if (!this.window.full) return this.value;
    const mean = this.sum.value() / this.period;
    let dev = 0;
    for (let i = 0; i < this.period; i++) dev += Math.abs(this.window.at(i) - mean);
    dev /= this.period;
    this.value = dev > 0 ? (tp - mean) / (0.015 * dev) : 0;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.value = NaN;
  }
}

export function cciBatch(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const c = new Cci(period);
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = c.update(high[i]!, low[i]!, close[i]!);
  return out;
}
