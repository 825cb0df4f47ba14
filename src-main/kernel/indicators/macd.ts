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
    if (x - x !== 0) return this.value;
    const f = this.fastEma.update(x);
    const s = this.slowEma.update(x);
    if (s !== s) return this.value;
    const m = f - s;
    this.value = m;
    const sig = this.signalEma.update(m);
    this.signal = sig;
    this.histogram = m - sig;
    return m;
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
