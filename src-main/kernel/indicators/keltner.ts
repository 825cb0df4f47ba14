import { Atr } from './atr.js';
import { Ema } from './ema.js';
import { checkPositive } from './validate.js';

/**
 * Keltner channel: EMA(close, emaPeriod) +/- multiplier * ATR(atrPeriod), as in technicalindicators (EMA variant)
 * and trading-signals. `value` is the middle line; the bands appear once both EMA and ATR are warm.
 */
export class Keltner {
  value = NaN;
  upper = NaN;
  lower = NaN;
  private readonly ema: Ema;
  private readonly atr: Atr;

  constructor(readonly emaPeriod: number, readonly atrPeriod: number, readonly multiplier: number) {
    checkPositive('Keltner multiplier', multiplier);
    this.ema = new Ema(emaPeriod);
    this.atr = new Atr(atrPeriod);
  }

  update(high: number, low: number, close: number): number {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0) return this.value;
    const mid = this.ema.update(close);
    const atr = this.atr.update(high, low, close);
    if (mid === mid && atr === atr) {
      this.value = mid;
      this.upper = mid + this.multiplier * atr;
      this.lower = mid - this.multiplier * atr;
    }
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.ema.reset();
    this.atr.reset();
    this.value = this.upper = this.lower = NaN;
  }
}

export function keltnerBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  emaPeriod: number,
  atrPeriod: number,
  multiplier: number,
): { upper: Float64Array; middle: Float64Array; lower: Float64Array } {
  const k = new Keltner(emaPeriod, atrPeriod, multiplier);
  const n = close.length;
  const out = { upper: new Float64Array(n), middle: new Float64Array(n), lower: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.middle[i] = k.update(high[i]!, low[i]!, close[i]!);
    out.upper[i] = k.upper;
    out.lower[i] = k.lower;
  }
  return out;
}
