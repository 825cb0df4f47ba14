import { ExactSum } from './exact-sum.js';
import { WilderAverage } from './wilder.js';
import { checkPeriod } from './validate.js';

/** Wilder's running total: sum of the first `period` values, then S' = S - S/period + x. */
class WilderTotal {
  value = NaN;
  private count = 0;
  private readonly seed = new ExactSum();
  constructor(private readonly period: number) {}
  update(x: number): number {
    if (this.count >= this.period) return (this.value = this.value - this.value / this.period + x);
    this.seed.add(x);
    if (++this.count === this.period) this.value = this.seed.value();
    return this.value;
  }
  reset(): void {
    this.value = NaN;
    this.count = 0;
    this.seed.reset();
  }
}

/**
 * Wilder's ADX with +DI and -DI. True range and directional movement start with the second bar; +DI/-DI come
 * from Wilder totals over `period` (first at bar `period`), and ADX is the Wilder average of DX seeded with the
 * mean of the first `period` DX values (first at bar 2*period - 1), as in TA-Lib and technicalindicators.
 * DX is 0 when +DI + -DI is 0 (no directional movement). `value` is the ADX.
 */
export class Adx {
  value = NaN;
  plusDi = NaN;
  minusDi = NaN;
  private prevHigh = NaN;
  private prevLow = NaN;
  private prevClose = NaN;
  private readonly tr: WilderTotal;
  private readonly plusDm: WilderTotal;
  private readonly minusDm: WilderTotal;
  private readonly dx: WilderAverage;

  constructor(readonly period: number) {
    checkPeriod('ADX period', period);
    this.tr = new WilderTotal(period);
    this.plusDm = new WilderTotal(period);
    this.minusDm = new WilderTotal(period);
    this.dx = new WilderAverage(period);
  }

  update(high: number, low: number, close: number): number {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0) return this.value;
    const ph = this.prevHigh;
    const pl = this.prevLow;
    const pc = this.prevClose;
    this.prevHigh = high;
    this.prevLow = low;
    this.prevClose = close;
    if (pc !== pc) return this.value;
    const tr = Math.max(high - low, Math.abs(high - pc), Math.abs(low - pc));
    const upMove = high - ph;
    const downMove = pl - low;
    const sTr = this.tr.update(tr);
    const sPlus = this.plusDm.update(upMove > downMove && upMove > 0 ? upMove : 0);
    const sMinus = this.minusDm.update(downMove > upMove && downMove > 0 ? downMove : 0);
    if (sTr !== sTr) return this.value;
    this.plusDi = (sPlus * 100) / sTr;
    this.minusDi = (sMinus * 100) / sTr;
    const diSum = this.plusDi + this.minusDi;
    const dx = diSum > 0 ? (Math.abs(this.plusDi - this.minusDi) / diSum) * 100 : 0;
    this.value = this.dx.update(dx);
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.prevHigh = this.prevLow = this.prevClose = NaN;
    this.tr.reset();
    this.plusDm.reset();
    this.minusDm.reset();
    this.dx.reset();
    this.value = this.plusDi = this.minusDi = NaN;
  }
}

export interface AdxSeries {
  adx: Float64Array;
  plusDi: Float64Array;
  minusDi: Float64Array;
}

export function adxBatch(high: Float64Array, low: Float64Array, close: Float64Array, period: number): AdxSeries {
  const a = new Adx(period);
  const n = close.length;
  const out = { adx: new Float64Array(n), plusDi: new Float64Array(n), minusDi: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.adx[i] = a.update(high[i]!, low[i]!, close[i]!);
    out.plusDi[i] = a.plusDi;
    out.minusDi[i] = a.minusDi;
  }
  return out;
}
