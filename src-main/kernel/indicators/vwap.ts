import { ExactSum } from './exact-sum.js';

/**
 * Volume-weighted average price of the typical price (h+l+c)/3, cumulative from the first bar (or the last
 * reset(): call it at each session start for a session VWAP). Both totals are exact. NaN until volume trades.
 */
export class Vwap {
  value = NaN;
  private readonly pv = new ExactSum();
  private readonly vol = new ExactSum();

  update(high: number, low: number, close: number, volume: number): number {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0 || volume - volume !== 0) return this.value;
    this.pv.addProduct((high + low + close) / 3, volume);
    this.vol.add(volume);
    const v = this.vol.value();
    this.value = v > 0 ? this.pv.value() / v : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.pv.reset();
    this.vol.reset();
    this.value = NaN;
  }
}

export function vwapBatch(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array {
  const w = new Vwap();
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = w.update(high[i]!, low[i]!, close[i]!, volume[i]!);
  return out;
}
