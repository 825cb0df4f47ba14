import type { Bar } from '../../src-shared/domain/bar.js';

/**
 * Labels look forward by design, so each carries the index of the last bar it reads (`end`): purged cross-validation
 * drops a training sample whose [index, end] window overlaps a test fold. A label that would need bars past the
 * end of the history is NaN (end -1) and the sample is left out.
 */
export interface Labels {
  /** The value per bar: a return (size), 1/0 (direction), or -1/0/1 (triple barrier). NaN where it cannot be known. */
  value: Float64Array;
  /** Index of the last bar the label reads; -1 where the label is NaN. */
  end: Int32Array;
}

export const LABEL_KINDS = ['direction', 'return', 'triple-barrier'] as const;
export type LabelKind = (typeof LABEL_KINDS)[number];

/** Forward return over `horizon` bars: close[i+h] / close[i] - 1. */
export function forwardReturn(bars: readonly Readonly<Bar>[], horizon: number): Labels {
  checkHorizon(horizon);
  const n = bars.length;
  const value = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  for (let i = 0; i + horizon < n; i++) {
    value[i] = bars[i + horizon]!.c / bars[i]!.c - 1;
    end[i] = i + horizon;
  }
  return { value, end };
}

/** Direction of the forward return: 1 when close[i+h] > close[i], else 0 (a flat return counts as not up). */
export function forwardDirection(bars: readonly Readonly<Bar>[], horizon: number): Labels {
  const r = forwardReturn(bars, horizon);
  const value = r.value.map((x) => (x !== x ? NaN : x > 0 ? 1 : 0));
  return { value, end: r.end };
}

export interface TripleBarrierOptions {
  horizon: number;
  /** Upper barrier at close * (1 + upper * sigma), lower at close * (1 - lower * sigma). */
  upper: number;
  lower: number;
  /** Bars of one-bar log returns behind sigma (known at the bar: the window ends at it). */
  volWindow: number;
}

/**
 * Lopez de Prado's triple-barrier label. From bar i, walk bars i+1..i+h: 1 when a high reaches the upper barrier
 * first, -1 when a low reaches the lower one first (a bar that touches both counts as the lower: the cautious
 * reading, since the bar's path is unknown), else 0 at the time limit. `end` is the bar where it was decided.
 * Sigma is the standard deviation of the last `volWindow` log returns up to bar i, so barriers use no later data.
 */
export function tripleBarrier(bars: readonly Readonly<Bar>[], o: TripleBarrierOptions): Labels {
  checkHorizon(o.horizon);
  if (!(o.upper > 0 && o.lower > 0) || !Number.isInteger(o.volWindow) || o.volWindow < 2) {
    throw new RangeError('triple barrier: upper and lower must be positive and volWindow a whole number of at least 2');
  }
  const n = bars.length;
  const value = new Float64Array(n).fill(NaN);
  const end = new Int32Array(n).fill(-1);
  const logret = new Float64Array(n).fill(NaN);
  for (let i = 1; i < n; i++) logret[i] = Math.log(bars[i]!.c / bars[i - 1]!.c);
  for (let i = o.volWindow; i + o.horizon < n; i++) {
    let s = 0;
    let s2 = 0;
    for (let k = i - o.volWindow + 1; k <= i; k++) {
      s += logret[k]!;
      s2 += logret[k]! * logret[k]!;
    }
    const mean = s / o.volWindow;
    const sigma = Math.sqrt(Math.max(0, s2 / o.volWindow - mean * mean));
    const c = bars[i]!.c;
    const up = c * (1 + o.upper * sigma);
    const down = c * (1 - o.lower * sigma);
    let label = 0;
    let at = i + o.horizon;
    for (let j = i + 1; j <= i + o.horizon; j++) {
      const b = bars[j]!;
      if (b.l <= down) {
        label = -1;
        at = j;
        break;
      }
      if (b.h >= up) {
        label = 1;
        at = j;
        break;
      }
    }
    value[i] = label;
    end[i] = at;
  }
  return { value, end };
}

function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`horizon must be a whole number of bars, at least 1 (got ${h})`);
}
