import { Ema } from './ema.js';
import { IndicatorParamError, checkPeriod } from './validate.js';

/**
 * MACD = EMA(fast) - EMA(slow) from the slow EMA's first value; signal = EMA(signal) of MACD (SMA-seeded like
 * every EMA here); histogram = MACD - signal. `value` is the MACD line.
 */
export class Macd {
  value = NaN;
  signal = NaN;
  histogram = NaN;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;

  constructor(readonly fast: number, readonly slow: number, readonly signalPeriod: number) {
    checkPeriod('MACD fast period', fast);
    checkPeriod('MACD slow period', slow);
    checkPeriod('MACD signal period', signalPeriod);
    if (fast >= slow) throw new IndicatorParamError(`MACD fast period (${fast}) must be shorter than the slow period (${slow})`);
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signalPeriod);
  }

  update(x: number): number {
    this.push(x);
    return this.value;
  }

  /**
   * update() without the return: the lines are read from the fields. A number returned from a call that is not
   * inlined is boxed (an allocation), and a per-bar caller (ml-signal's features) need not pay for it.
   */
  push(x: number): void {
    if (x - x !== 0) return;
    this.fastEma.update(x);
    this.slowEma.update(x);
    const f = this.fastEma.value;
    const s = this.slowEma.value;
    if (s !== s) return;
    const m = f - s;
    this.value = m;
    this.signalEma.update(m);
    const sig = this.signalEma.value;
    this.signal = sig;
    this.histogram = m - sig;
  }

  get ready(): boolean {
    return this.signal === this.signal;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.value = this.signal = this.histogram = NaN;
  }
}

export interface MacdSeries {
  macd: Float64Array;
  signal: Float64Array;
  histogram: Float64Array;
}

export function macdBatch(values: Float64Array, fast: number, slow: number, signal: number): MacdSeries {
  const m = new Macd(fast, slow, signal);
  const n = values.length;
  const out = { macd: new Float64Array(n), signal: new Float64Array(n), histogram: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.macd[i] = m.update(values[i]!);
    out.signal[i] = m.signal;
    out.histogram[i] = m.histogram;
  }
  return out;
}
