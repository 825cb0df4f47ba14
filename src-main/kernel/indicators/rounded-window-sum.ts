import { ExactSum } from './exact-sum.js';

/** Pushes between two exact recomputations of the running sum, so its error bound stays tiny. */
const REFRESH = 1024;
/** A bound grows by this factor at each widening, which covers the rounding of the bound's own additions. */
const GROW = 1 + 2 ** -48;
const U = 2 ** -52;

/**
 * The exactly rounded sum of a rolling window's finite values, in O(1) per value: a double-double running sum
 * (hi + lo) with a bound on its distance from the exact sum, grown by the exact error of each addition (so exact
 * additions leave it at 0). `rounded()` answers hi when every real within the bound rounds to hi (two additions:
 * rounding is monotone), and otherwise sums the window exactly (ExactSum) and rounds that: the same double either
 * way, the one Sma always gave. RollingMoments runs the same scheme for sum(x) beside sum(x^2).
 */
export class RoundedWindowSum {
  private hi = 0;
  private lo = 0;
  private err = 0;
  private sinceRefresh = 0;
  private readonly exact = new ExactSum();
  /** Results taken from the exact sum since construction (a test checks the fast path answers most). */
  exactResults = 0;

  /**
   * @param values the window as the caller holds it: `values(i)` for i < `size()`, non-finite ones skipped. The
   * caller reads `rounded()` only once its additions match that window.
   */
  constructor(
    private readonly size: () => number,
    private readonly values: (i: number) => number,
  ) {}

  /** Adds y (a value entering the window, or minus one leaving it). */
  add(y: number): void {
    const s = this.hi + y;
    let v = s - this.hi;
    const e = (this.hi - (s - v)) + (y - v);
    const t = e + this.lo;
    v = t - e;
    const te = (e - (t - v)) + (this.lo - v);
    if (te !== 0) this.err = (this.err + Math.abs(te)) * GROW;
    // Renormalised by two-sum: hi + lo == s + t exactly.
    const h = s + t;
    v = h - s;
    this.lo = (s - (h - v)) + (t - v);
    this.hi = h;
    this.sinceRefresh++;
  }

  /** round(exact sum of the window's finite values). */
  rounded(): number {
    // Refreshed here, where the caller's window and this sum agree (not between a value's entry and another's exit).
    if (this.sinceRefresh >= REFRESH) this.refresh();
    const a = this.hi;
    const b = this.lo;
    const x = this.err === 0 ? 0 : this.err + U * (Math.abs(b) + this.err);
    if (a + (b - x) === a && a + (b + x) === a) return a;
    this.exactResults++;
    this.recompute();
    return this.exact.value();
  }

  reset(): void {
    this.hi = this.lo = this.err = 0;
    this.sinceRefresh = 0;
  }

  private recompute(): void {
    this.exact.reset();
    const n = this.size();
    for (let i = 0; i < n; i++) {
      const x = this.values(i);
      if (Number.isFinite(x)) this.exact.add(x);
    }
  }

  /** hi = round(sum), lo = round(sum - hi), bound = what lo leaves out. */
  private refresh(): void {
    this.sinceRefresh = 0;
    this.recompute();
    const s = this.exact;
    this.hi = s.value();
    s.add(-this.hi);
    this.lo = s.value();
    s.add(-this.lo);
    this.err = Math.abs(s.value()) * GROW;
  }
}
