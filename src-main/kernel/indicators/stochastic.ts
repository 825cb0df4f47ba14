import { RollingExtreme } from './rolling-extreme.js';
import { Sma } from './sma.js';
import { checkPeriod } from './validate.js';

/**
 * Stochastic oscillator. Raw %K = 100 * (close - lowest low) / (highest high - lowest low) over `period` bars,
 * then smoothed by an SMA of `smooth` bars (1 = the fast stochastic); %D = SMA(signal) of %K. When the range is
 * zero %K is 50 (technicalindicators uses 0 there). `value` is %K. Bars with a non-finite field are skipped.
 */
export class Stochastic {
  value = NaN;
  d = NaN;
  private readonly hh: RollingExtreme;
  private readonly ll: RollingExtreme;
  private readonly kSmooth: Sma | null;
  private readonly dSma: Sma;
  /** False for a reader of %K alone (an ML feature): %D is then never computed and stays NaN. */
  private readonly withD: boolean;

  constructor(readonly period: number, readonly signal: number, readonly smooth = 1, options: { d?: boolean } = {}) {
    checkPeriod('Stochastic period', period);
    checkPeriod('Stochastic %D period', signal);
    checkPeriod('Stochastic %K smoothing', smooth);
    this.hh = new RollingExtreme(period, true);
    this.ll = new RollingExtreme(period, false);
    this.kSmooth = smooth > 1 ? new Sma(smooth) : null;
    this.dSma = new Sma(signal);
    this.withD = options.d ?? true;
  }

  update(high: number, low: number, close: number): number {
    this.push(high, low, close);
    return this.value;
  }

  /** update() without the returned number (a per-bar caller reads the fields; a returned number may be boxed). */
  push(high: number, low: number, close: number): void {
    if (high - high !== 0 || low - low !== 0 || close - close !== 0) return;
    const hh = this.hh.update(high);
    const ll = this.ll.update(low);
    if (hh !== hh) return;
    const range = hh - ll;
    const raw = range > 0 ? ((close - ll) / range) * 100 : 50;
    const k = this.kSmooth === null ? raw : this.kSmooth.update(raw);
    if (k !== k) return;
    this.value = k;
    if (this.withD) this.d = this.dSma.update(k);
  }

  /** %D is ready (never, for an indicator made with d: false). */
  get ready(): boolean {
    return this.d === this.d;
  }

  reset(): void {
    this.hh.reset();
    this.ll.reset();
    this.kSmooth?.reset();
    this.dSma.reset();
    this.value = this.d = NaN;
  }
}

export function stochasticBatch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  signal: number,
  smooth = 1,
): { k: Float64Array; d: Float64Array } {
  const s = new Stochastic(period, signal, smooth);
  const n = close.length;
  const out = { k: new Float64Array(n), d: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    out.k[i] = s.update(high[i]!, low[i]!, close[i]!);
    out.d[i] = s.d;
  }
  return out;
}
