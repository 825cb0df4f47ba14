import { ExactSum } from './exact-sum.js';

/**
 * On-balance volume: starts at 0 with the first bar, then adds the bar's volume on an up close and subtracts it
 * on a down close. The running total is exact (volumes can be fractional), so it never drifts.
 */
export class Obv {
  value = NaN;
  private prevClose = NaN;
  private readonly total = new ExactSum();

  update(close: number, volume: number): number {
    if (close - close !== 0 || volume - volume !== 0) return this.value;
    const pc = this.prevClose;
    this.prevClose = close;
    if (close > pc) this.total.add(volume);
    else if (close < pc) this.total.add(-volume);
    this.value = this.total.value();
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.prevClose = NaN;
    this.total.reset();
    this.value = NaN;
  }
}

export function obvBatch(close: Float64Array, volume: Float64Array): Float64Array {
  const o = new Obv();
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = o.update(close[i]!, volume[i]!);
  return out;
}
