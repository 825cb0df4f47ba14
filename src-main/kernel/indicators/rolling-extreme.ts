/**
 * Rolling maximum (or minimum) over the last `period` values in amortised O(1): a monotonic deque of candidates,
 * each pushed and popped at most once.
 */
export class RollingExtreme {
  value = NaN;
  private readonly vals: Float64Array;
  private readonly idx: Float64Array;
  private head = 0;
  private size = 0;
  private t = 0;

  constructor(readonly period: number, private readonly wantMax: boolean) {
    this.vals = new Float64Array(period);
    this.idx = new Float64Array(period);
  }

  update(x: number): number {
    const cap = this.period;
    const t = this.t++;
    // Drop the candidate that left the window.
    if (this.size > 0 && this.idx[this.head]! <= t - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    // Drop candidates x dominates; they can never be the extreme again.
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= cap) back -= cap;
      const v = this.vals[back]!;
      if (this.wantMax ? v <= x : v >= x) this.size--;
      else break;
    }
    let slot = this.head + this.size;
    if (slot >= cap) slot -= cap;
    this.vals[slot] = x;
    this.idx[slot] = t;
    this.size++;
    this.value = t + 1 >= cap ? this.vals[this.head]! : NaN;
    return this.value;
  }

  reset(): void {
    this.head = this.size = this.t = 0;
    this.value = NaN;
  }
}
