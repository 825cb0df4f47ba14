import { WilderAverage } from './wilder.js';
import { checkPeriod } from './validate.js';

/**
 * Average true range (Wilder). As in TA-Lib and technicalindicators the first bar has no previous close and so no
 * true range; the ATR is the mean of the first `period` true ranges, then Wilder-smoothed, so its first value comes
 * with bar `period` (0-based). (trading-signals instead takes high-low as the first bar's true range.)
 */
export class Atr {
  value = NaN;
  private prevClose = NaN;
  private readonly avg: WilderAverage;

  constructor(readonly period: number) {
    checkPeriod('ATR period', period);
    this.avg = new WilderAverage(period);
  }

  update(high: number, low: number, close: number): number {
    const pc = this.prevClose;
    if (close - close !== 0) return this.value;
    this.prevClose = close;
    if (pc !== pc) return this.value;
    let tr = high - low;
    const up = high - pc;
    const down = pc - low;
    if (up > tr) tr = up;
    if (down > tr) tr = down;
    this.value = this.avg.update(tr);
    return this.value;
  }

  get ready(): boolean {
    return this.avg.ready;
  }

  reset(): void {
    this.prevClose = NaN;
    this.avg.reset();
    this.value = NaN;
  }
}

export function atrBatch(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const atr = new Atr(period);
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = atr.update(high[i]!, low[i]!, close[i]!);
  return out;
}
