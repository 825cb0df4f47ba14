import type { Bar } from '../../../src-shared/domain/bar.js';
import { RollingMoments } from '../../kernel/indicators/rolling-moments.js';
import { ZScore } from '../../kernel/indicators/stddev.js';
import { feature, type FeatureDef } from './feature.js';

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
  return feature(`ret_${k}`, k, `close over the close ${k} bar${k === 1 ? '' : 's'} earlier, minus 1`, () => {
    const closes = new Ring(k + 1);
    return (bar) => {
      closes.push(bar.c);
      return bar.c / closes.ago(k) - 1;
    };
  });
}

/** Realised volatility: population standard deviation of the last `n` one-bar log returns (not annualised). */
export function realisedVolFeature(n: number): FeatureDef {
  return feature(`rvol_${n}`, n, `standard deviation of the last ${n} one-bar log returns`, () => {
    const moments = new RollingMoments(n);
    let prev = NaN;
    return (bar) => {
      const r = Math.log(bar.c / prev);
      prev = bar.c;
      if (r === r) moments.push(r);
      return moments.valid ? Math.sqrt(moments.variance()) : NaN;
    };
  });
}

/** Volume z-score over `n` bars (the window includes the current bar). */
export function volumeZFeature(n: number): FeatureDef {
  return feature(`volz_${n}`, n - 1, `volume z-score over the last ${n} bars`, () => {
    const z = new ZScore(n);
    return (bar: Readonly<Bar>) => z.update(bar.v);
  });
}

/** The bar's high-low range over its close. */
export const rangeFeature: FeatureDef = feature('range', 0, 'high minus low, over the close', () => (bar) => (bar.h - bar.l) / bar.c);

/** Calendar: day of the week of the bar's start in UTC (Monday 0 .. Sunday 6); daily bars start at 00:00 UTC. */
export const dayOfWeekFeature: FeatureDef = feature('dow', 0, 'day of the week (Monday 0) of the bar, UTC', () => (bar) => mondayIndex(bar.t));

const DAY_MS = 86_400_000;

/** Monday 0 .. Sunday 6 of a UTC time, by arithmetic (the epoch's day was a Thursday): no Date per bar. */
export function mondayIndex(t: number): number {
  if (!Number.isFinite(t)) return NaN;
  const day = Math.floor(t / DAY_MS);
  return (((day + 3) % 7) + 7) % 7;
}

/** Calendar: month of the year (January 0). */
export const monthFeature: FeatureDef = feature('month', 0, 'month of the year (January 0) of the bar, UTC', () => (bar) => new Date(bar.t).getUTCMonth());
