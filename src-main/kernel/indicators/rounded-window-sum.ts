import { BoundedSum } from './bounded-sum.js';
import { ExactSum } from './exact-sum.js';

/** Pushes between two exact recomputations of the running sum, so its error bound stays tiny. */
const REFRESH = 1024;

/**
 * The exactly rounded sum of a rolling window's finite values, in O(1) per value: a double-double running sum
 * (BoundedSum: hi + lo with a bound on its distance from the exact sum). `rounded()` answers hi when every real within the bound rounds to hi (two additions:
 * rounding is monotone), and otherwise sums the window exactly (ExactSum) and rounds that: the same double either
 * way, the one Sma always gave. RollingMoments runs the same scheme for sum(x) beside sum(x^2).
 */
export class RoundedWindowSum {
  private readonly sum = new BoundedSum();
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
    this.sum.add(y);
    this.sinceRefresh++;
  }

  /** round(exact sum of the window's finite values). */
  rounded(): number {
    // Refreshed here, where the caller's window and this sum agree (not between a value's entry and another's exit).
    if (this.sinceRefresh >= REFRESH) this.refresh();
    if (this.sum.certain()) return this.sum.hi;
    this.exactResults++;
    this.recompute();
    return this.exact.value();
  }

  reset(): void {
    this.sum.reset();
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

  /** The running sum set from the exact one (see BoundedSum.takeFrom). */
  private refresh(): void {
    this.sinceRefresh = 0;
    this.recompute();
    this.sum.takeFrom(this.exact);
  }
}
