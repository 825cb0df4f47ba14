import type { Bar } from '../../../src-shared/domain/bar.js';
import { RollingMoments } from '../../kernel/indicators/rolling-moments.js';
import { ZScore } from '../../kernel/indicators/stddev.js';
import { feature, featureInto, type FeatureDef } from './feature.js';

/** A ring of the last `size` values: `ago(k)` is the value k pushes back (0 = the latest), NaN before that. */
class Ring {
  private readonly data: Float64Array;
  private count = 0;
  constructor(private readonly size: number) {
    this.data = new Float64Array(size);
  }
  push(x: number): void {
    this.data[this.count % this.size] = x;
    this.count++;
  }
  ago(k: number): number {
    return k < this.count && k < this.size ? this.data[(this.count - 1 - k) % this.size]! : NaN;
  }
}

/** Simple return of the close over `k` bars: close / close k bars ago - 1. */
export function returnFeature(k: number): FeatureDef {
  return featureInto(`ret_${k}`, k, `close over the close ${k} bar${k === 1 ? '' : 's'} earlier, minus 1`, () => {
    const closes = new Ring(k + 1);
    return (bar, out, at) => {
      closes.push(bar.c);
      out[at] = bar.c / closes.ago(k) - 1;
    };
  });
}

/** Realised volatility: population standard deviation of the last `n` one-bar log returns (not annualised). */
export function realisedVolFeature(n: number): FeatureDef {
  return featureInto(`rvol_${n}`, n, `standard deviation of the last ${n} one-bar log returns`, () => {
    const moments = new RollingMoments(n);
    // The previous close in a typed array: a closure's mutable number is boxed anew at every write.
    const prev = new Float64Array([NaN]);
    return (bar, out, at) => {
      const r = Math.log(bar.c / prev[0]!);
      prev[0] = bar.c;
      if (r === r) moments.push(r);
      out[at] = moments.valid ? Math.sqrt(moments.variance()) : NaN;
    };
  });
}

/** Volume z-score over `n` bars (the window includes the current bar). */
export function volumeZFeature(n: number): FeatureDef {
  return featureInto(`volz_${n}`, n - 1, `volume z-score over the last ${n} bars`, () => {
    const z = new ZScore(n);
    return (bar: Readonly<Bar>, out: Float64Array, at: number) => {
      z.push(bar.v);
      out[at] = z.value;
    };
  });
}

/** The bar's high-low range over its close. */
export const rangeFeature: FeatureDef = featureInto('range', 0, 'high minus low, over the close', () => (bar, out, at) => {
  out[at] = (bar.h - bar.l) / bar.c;
});

/** Calendar: day of the week of the bar's start in UTC (Monday 0 .. Sunday 6); daily bars start at 00:00 UTC. */
export const dayOfWeekFeature: FeatureDef = featureInto('dow', 0, 'day of the week (Monday 0) of the bar, UTC', () => (bar, out, at) => {
  out[at] = mondayIndex(bar.t);
});

const DAY_MS = 86_400_000;

/** Monday 0 .. Sunday 6 of a UTC time, by arithmetic (the epoch's day was a Thursday): no Date per bar. */
export function mondayIndex(t: number): number {
  if (!Number.isFinite(t)) return NaN;
  const day = Math.floor(t / DAY_MS);
  return (((day + 3) % 7) + 7) % 7;
}

/** Calendar: month of the year (January 0). */
export const monthFeature: FeatureDef = feature('month', 0, 'month of the year (January 0) of the bar, UTC', () => (bar) => new Date(bar.t).getUTCMonth());
