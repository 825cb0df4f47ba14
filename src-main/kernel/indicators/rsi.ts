import { checkPeriod } from './validate.js';
import { ExactSum } from './exact-sum.js';
import { seriesBatch } from './series-batch.js';

/**
 * Wilder's RSI: average gain and loss seeded with their simple means over the first `period` changes, then
 * smoothed with alpha = 1/period. The first value comes with the (period+1)-th price. RSI is 100 when the average
 * loss is 0 (and 50 when nothing moved at all). Non-finite prices are skipped.
 */
export class Rsi {
  value = NaN;
  private prev = NaN;
  private avgGain = 0;
  private avgLoss = 0;
  private changes = 0;
  private readonly factor: number;
  private readonly gainSeed = new ExactSum();
  private readonly lossSeed = new ExactSum();

  constructor(readonly period: number) {
    checkPeriod('RSI period', period);
    this.factor = 1 / period;
  }

  update(x: number): number {
    if (x - x !== 0) return this.value;
    const change = x - this.prev;
    this.prev = x;
    if (this.changes >= this.period) {
      const gain = change > 0 ? change : 0;
      const loss = change < 0 ? -change : 0;
      this.avgGain += (gain - this.avgGain) * this.factor;
      this.avgLoss += (loss - this.avgLoss) * this.factor;
      this.value = this.avgLoss === 0 ? (this.avgGain === 0 ? 50 : 100) : 100 - 100 / (1 + this.avgGain / this.avgLoss);
      return this.value;
    }
    return this.warm(change);
  }

  get ready(): boolean {
    return this.changes >= this.period;
  }

  reset(): void {
    this.value = NaN;
    this.prev = NaN;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.changes = 0;
    this.gainSeed.reset();
    this.lossSeed.reset();
  }

  private warm(change: number): number {
    if (change !== change) return this.value; // the very first price has no change
    if (change > 0) this.gainSeed.add(change);
    else if (change < 0) this.lossSeed.add(-change);
    if (++this.changes === this.period) {
      this.avgGain = this.gainSeed.value() / this.period;
      this.avgLoss = this.lossSeed.value() / this.period;
      this.value =
        this.avgLoss === 0 ? (this.avgGain === 0 ? 50 : 100) : 100 - 100 / (1 + this.avgGain / this.avgLoss);
    }
    return this.value;
  }
}

export function rsiBatch(values: Float64Array, period: number): Float64Array {
  return seriesBatch(new Rsi(period), values);
}
