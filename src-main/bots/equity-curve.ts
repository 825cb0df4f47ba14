import type { EpochMs } from '../../src-shared/time.js';

export interface EquityPoint {
  t: EpochMs;
  equity: number;
}

/** Where a curve's points are kept beyond the process (the app database; see bot-equity-store.ts). */
export interface EquitySink {
  /** A bucket closed: `point` is its final value; any stored point at or after `from` (its bucket's start) is replaced. */
  append(point: EquityPoint, from: EpochMs): void;
  /** The curve was downsampled: these are now all its closed points. */
  replace(points: readonly EquityPoint[]): void;
}

/** The narrowest bucket: one point a minute of the bot's clock. */
const MINUTE = 60_000;
/** Points kept per bot: past this, the bucket width doubles and the whole curve is rebucketed. */
export const MAX_EQUITY_POINTS = 5_000;

/**
 * A bot's equity over time, one point per bucket (the latest value in it), buckets a minute wide until the curve
 * holds more than `max` points; then the width doubles and every bucket keeps its latest point, so a run of any
 * length stays within `max` points spread evenly over its whole life (the start is never dropped). Closed points
 * go to the sink as their bucket ends (one write per bucket, not per tick); flush() writes the open one (on stop).
 */
export class EquityCurve {
  private points: EquityPoint[] = [];
  private width = MINUTE;

  constructor(
    initial: readonly EquityPoint[] = [],
    private readonly sink?: EquitySink,
    private readonly max = MAX_EQUITY_POINTS,
  ) {
    for (const p of initial) {
      const last = this.points[this.points.length - 1];
      if (Number.isFinite(p.t) && Number.isFinite(p.equity) && (!last || p.t > last.t)) this.points.push({ t: p.t, equity: p.equity });
    }
    // Width as wide as the stored points need (they were written at some width; never narrower than that).
    while (this.bucketCount() > this.max) this.width *= 2;
    if (this.bucketCount() < this.points.length) this.points = this.rebucketed();
  }

  record(t: EpochMs, equity: number): void {
    if (!Number.isFinite(equity) || !Number.isFinite(t)) return;
    const last = this.points[this.points.length - 1];
    if (last && t < last.t) return;
    if (last && Math.floor(t / this.width) === Math.floor(last.t / this.width)) {
      last.t = t;
      last.equity = equity;
      return;
    }
    if (last) this.sink?.append(last, Math.floor(last.t / this.width) * this.width);
    this.points.push({ t, equity });
    if (this.points.length > this.max) {
      while (this.bucketCount() > this.max / 2) this.width *= 2;
      this.points = this.rebucketed();
      this.sink?.replace(this.points.slice(0, -1));
    }
  }

  /** Writes the open bucket's point (a stop: the next start may continue the same bucket, which replaces it). */
  flush(): void {
    const last = this.points[this.points.length - 1];
    if (last) this.sink?.append(last, Math.floor(last.t / this.width) * this.width);
  }

  list(): EquityPoint[] {
    return this.points.map((p) => ({ ...p }));
  }

  private bucketCount(): number {
    let n = 0;
    let bucket = Number.NaN;
    for (const p of this.points) {
      const b = Math.floor(p.t / this.width);
      if (b !== bucket) n++;
      bucket = b;
    }
    return n;
  }

  /** The latest point of each bucket at the current width. */
  private rebucketed(): EquityPoint[] {
    const out: EquityPoint[] = [];
    for (const p of this.points) {
      const last = out[out.length - 1];
      if (last && Math.floor(last.t / this.width) === Math.floor(p.t / this.width)) {
        last.t = p.t;
        last.equity = p.equity;
      } else out.push({ ...p });
    }
    return out;
  }
}
