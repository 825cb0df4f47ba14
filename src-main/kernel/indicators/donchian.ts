import { RollingExtreme } from './rolling-extreme.js';
import { checkPeriod } from './validate.js';

/** Donchian channel: highest high and lowest low of the last `period` bars (current bar included), and their midpoint. */
export class Donchian {
  value = NaN;
  upper = NaN;
  lower = NaN;
  private readonly hh: RollingExtreme;
  private readonly ll: RollingExtreme;

  constructor(readonly period: number) {
    checkPeriod('Donchian period', period);
    this.hh = new RollingExtreme(period, true);
    this.ll = new RollingExtreme(period, false);
  }

  update(high: number, low: number): number {
    if (high - high !== 0 || low - low !== 0) return this.value;
    this.upper = this.hh.update(high);
    this.lower = this.ll.update(low);
    this.value = (this.upper + this.lower) / 2;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.value = this.upper = this.lower = NaN;
  }
}

export function donchianBatch(
  high: Float64Array,
  low: Float64Array,
  period: number,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const d = new Donchian(period);
  const n = high.length;
  const out = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.middle[i] = d.update(high[i]!, low[i]!);
    out.upper[i] = d.upper;
    out.lower[i] = d.lower;
  }
  return out;
}
