/**
 * Time-series rolling rank: where the latest value stands among the last `period` values of its own series
 * (itself included), as a fraction from 0 (the lowest of the window) to 1 (the highest). Ties share the mean of
 * their ranks, as crossSectionalRank does across symbols: a value with L values below it and E equal to it
 * (itself among them) ranks (L + (E - 1) / 2) / (period - 1). NaN until `period` values have arrived; a NaN or
 * infinite input is skipped (the rank stays as it was).
 * The window is kept sorted beside the ring of arrivals, so an update is two binary searches and two block moves
 * instead of a pass over the window.
 */
export class RollingRank {
  value = NaN;
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private filled = 0;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 2) throw new RangeError(`Rank period must be a whole number of at least 2, got ${period}`);
    this.ring = new Float64Array(period);
    this.sorted = new Float64Array(period);
  }

  update(x: number): number {
    if (x - x !== 0) return this.value;
    const n = this.period;
    if (this.filled === n) {
      // Drop the oldest value from the sorted window (any copy of an equal value will do).
      const old = this.ring[this.head]!;
      const at = this.lowerBound(old, this.filled);
      this.sorted.copyWithin(at, at + 1, this.filled);
      this.filled--;
    }
    this.ring[this.head] = x;
    this.head = this.head + 1 === n ? 0 : this.head + 1;
    const at = this.upperBound(x, this.filled);
    this.sorted.copyWithin(at + 1, at, this.filled);
    this.sorted[at] = x;
    this.filled++;
    if (this.filled === n) {
      const below = this.lowerBound(x, n);
      const equal = this.upperBound(x, n) - below;
      this.value = (below + (equal - 1) / 2) / (n - 1);
    }
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.head = 0;
    this.filled = 0;
    this.value = NaN;
  }

  /** First index of the sorted window (of `size`) whose value is >= x. */
  private lowerBound(x: number, size: number): number {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index of the sorted window (of `size`) whose value is > x. */
  private upperBound(x: number, size: number): number {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
