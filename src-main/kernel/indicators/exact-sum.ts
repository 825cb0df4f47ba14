/**
 * Exact sums for rolling windows.
 *
 * Why: a running sum (`sum += x_new - x_old`) keeps the rounding error of every value that ever passed through
 * the window, so after a long series its result depends on history, and two windows holding the same numbers give
 * different averages. Here the window's sum is held exactly as a short list of non-overlapping float64 partials
 * (Shewchuk's expansions, the same scheme as Python's math.fsum), so adding the new value and subtracting the old
 * one lose nothing; the value read out is the exactly-rounded sum, which depends only on the window's contents.
 * Two equal windows therefore give bit-identical results. For ordinary market data the list holds 1 to 3
 * partials, so an update is O(1) in practice (bounded by the float64 exponent range in the worst case).
 *
 * Limits: values must be finite and far from overflow (|x| < 1e300); callers track non-finite inputs themselves.
 */

/** Splitter for Dekker's exact product: 2^27 + 1. */
const SPLITTER = 134217729;

export class ExactSum {
  /** Non-overlapping partials in increasing magnitude; only the first `count` are live. */
  private parts: Float64Array = new Float64Array(8);
  private count = 0;

  /** Adds x exactly. */
  add(x: number): void {
    const parts = this.parts;
    let live = 0;
    for (let i = 0; i < this.count; i++) {
      const y = parts[i]!;
      // Two-sum: hi + lo == x + y exactly.
      const hi = x + y;
      const yv = hi - x;
      const lo = (x - (hi - yv)) + (y - yv);
      if (lo !== 0) parts[live++] = lo;
      x = hi;
    }
    if (x !== 0 || live === 0) {
      if (live === parts.length) this.grow();
      this.parts[live++] = x;
    }
    this.count = live;
  }

  /** Adds a*b exactly (the rounded product and its rounding error). */
  addProduct(a: number, b: number): void {
    const p = a * b;
    this.add(p);
    this.add(productError(a, b, p));
  }

  /** Adds every partial of another exact sum, scaled by an integer-valued factor k (each k*p added exactly). */
  addScaled(other: ExactSum, k: number): void {
    for (let i = 0; i < other.count; i++) this.addProduct(other.parts[i]!, k);
  }

  /** Adds the exact square of another exact sum, negated when sign is -1: sum over i,j of p_i*p_j. */
  addSquareOf(other: ExactSum, sign: 1 | -1): void {
    this.addCrossOf(other, other, sign);
  }

  /** Adds sign * (a * b) exactly where a and b are exact sums. */
  addCrossOf(a: ExactSum, b: ExactSum, sign: 1 | -1): void {
    for (let i = 0; i < a.count; i++) {
      const ai = a.parts[i]! * sign;
      for (let j = 0; j < b.count; j++) this.addProduct(ai, b.parts[j]!);
    }
  }

  /** The exactly-rounded (round-to-nearest-even) value of the sum. */
  value(): number {
    const parts = this.parts;
    let n = this.count;
    if (n === 0) return 0;
    let hi = parts[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = parts[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Half-way case: the remaining partials decide which way the tie goes (as in math.fsum).
    if (n > 0 && ((lo < 0 && parts[n - 1]! < 0) || (lo > 0 && parts[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }

  reset(): void {
    this.count = 0;
  }

  private grow(): void {
    const bigger = new Float64Array(this.parts.length * 2);
    bigger.set(this.parts);
    this.parts = bigger;
  }
}

/** The exact error of the float64 product p = a*b (Dekker's two-product without FMA). */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ahi = t - (t - a);
  const alo = a - ahi;
  t = SPLITTER * b;
  const bhi = t - (t - b);
  const blo = b - bhi;
  return alo * blo - (((p - ahi * bhi) - alo * bhi) - ahi * blo);
}
