import type { ExactSum } from './exact-sum.js';

/**
 * Twice the unit roundoff (2^-52): every rounding error is bounded with this, so a bound also covers the roundings
 * made while the bound itself is computed.
 */
export const U = 2 ** -52;
/** A bound grows by this factor at each widening, which covers the rounding of the bound's own additions. */
export const GROW = 1 + 2 ** -48;

/**
 * A running sum as a double-double number (hi + lo) with a rigorous bound `err` on its distance from the exact real
 * sum of what was added. Each addition's own error is found exactly (two-sum) and the bound grows by it, so a run of
 * exact additions keeps it at 0. `certain()` says whether every real within the bound rounds to hi: then hi is the
 * exactly rounded sum without recomputing it (RoundedWindowSum, RollingMoments).
 */
export class BoundedSum {
  hi = 0;
  lo = 0;
  err = 0;

  /** Adds y. */
  add(y: number): void {
    const s = this.hi + y;
    let v = s - this.hi;
    const e = (this.hi - (s - v)) + (y - v);
    const t = e + this.lo;
    v = t - e;
    const te = (e - (t - v)) + (this.lo - v);
    if (te !== 0) this.err = (this.err + Math.abs(te)) * GROW;
    this.renormalise(s, t);
  }

  /** Adds p + pe exactly as given (a two-product's value and error term): p by two-sum, then pe and the low part. */
  addPair(p: number, pe: number): void {
    const s = this.hi + p;
    let v = s - this.hi;
    const g = (this.hi - (s - v)) + (p - v);
    const f = g + pe;
    v = f - g;
    const fe = (g - (f - v)) + (pe - v);
    const t = f + this.lo;
    v = t - f;
    const ge = (f - (t - v)) + (this.lo - v);
    if (fe !== 0 || ge !== 0) this.err = (this.err + Math.abs(fe) + Math.abs(ge)) * GROW;
    this.renormalise(s, t);
  }

  /** True when every real within the bound of hi + lo rounds to hi (two additions: rounding is monotone). */
  certain(): boolean {
    const a = this.hi;
    const b = this.lo;
    // The interval b +/- err widened by the rounding of b +/- x itself; with err = 0, (a, b) is the sum exactly.
    const x = this.err === 0 ? 0 : this.err + U * (Math.abs(b) + this.err);
    return a + (b - x) === a && a + (b + x) === a;
  }

  /** Starts over from an exact sum, which it uses up: hi = round(sum), lo = round(sum - hi), err = what lo leaves out. */
  takeFrom(exact: ExactSum): void {
    this.hi = exact.value();
    exact.add(-this.hi);
    this.lo = exact.value();
    exact.add(-this.lo);
    this.err = Math.abs(exact.value()) * GROW;
  }

  reset(): void {
    this.hi = this.lo = this.err = 0;
  }

  /** hi + lo = s + t exactly (two-sum). */
  private renormalise(s: number, t: number): void {
    const h = s + t;
    const v = h - s;
    this.lo = (s - (h - v)) + (t - v);
    this.hi = h;
  }
}
