import { ExactSum, productError } from './exact-sum.js';
import { Ring } from './ring.js';

/**
 * Twice the unit roundoff (2^-52): every rounding error below is bounded with this, so the bound also covers the
 * roundings made while the bound itself is computed.
 */
const U = 2 ** -52;
/** Pushes between two exact recomputations of the running sums, so their error bound stays tiny. */
const REFRESH = 1024;
/** A bound grows by this factor at each widening, which covers the rounding of the bound's own additions. */
const GROW = 1 + 2 ** -48;
/** |x| outside [TINY, HUGE] (x not 0) would make a product's error term inexact (underflow) or overflow. */
const TINY = 2 ** -450;
const HUGE = 2 ** 450;

/**
 * First and second moments of a rolling window, defined exactly: the mean is round(sum(x)) / n and the population
 * variance round(n*sum(x^2) - sum(x)^2) / n^2, with sum(x) and sum(x^2) the exact real sums of the window, each
 * expression rounded once. So a result depends on the window's contents only (no drift, no history), and the
 * textbook formula's cancellation cannot bite.
 *
 * How it stays O(1) per value: the two sums run as double-double numbers (hi + lo, every square entered as its
 * exact two-product) together with a rigorous bound on how far each is from the exact sum. A result is the
 * exact one when every real number within the error bound of the double-double estimate rounds to the same double
 * (checked with two additions: rounding is monotone); where that fails (a rounding too close to call, or a bound
 * grown too wide) the sums are recomputed exactly from the window (ExactSum, Shewchuk's expansions) and the result
 * taken from them: `exactMean` and `exactVariance` are that definition, and a test compares both ways bar by bar.
 * The running sums are also recomputed from the window every REFRESH pushes, so the bound never grows large.
 *
 * Limits: finite values count (the others are tracked and make `valid` false while in the window); a non-zero
 * |x| outside [2^-450, 2^450] always takes the exact path.
 */
export class RollingMoments {
  readonly window: Ring;
  private nonFinite = 0;
  /** Results taken by the exact path since construction (a test checks the fast path does most of the work). */
  exactResults = 0;
  /** Values in the window for which the fast path's products would not be exact. */
  private extreme = 0;
  // sum(x) ~ s1 + t1 within e1; sum(x^2) ~ s2 + t2 within e2.
  private s1 = 0;
  private t1 = 0;
  private e1 = 0;
  private s2 = 0;
  private t2 = 0;
  private e2 = 0;
  private sinceRefresh = 0;
  /** computeVariance's result. */
  private lastVariance = 0;
  private readonly exact1 = new ExactSum();
  private readonly exact2 = new ExactSum();
  private readonly scratch = new ExactSum();

  constructor(readonly period: number) {
    this.window = new Ring(period);
  }

  push(x: number): void {
    const leaving = this.window.full;
    const out = this.window.push(x);
    if (Number.isFinite(x)) {
      if (x !== 0 && (Math.abs(x) < TINY || Math.abs(x) > HUGE)) this.extreme++;
      this.add(x, 1);
    } else this.nonFinite++;
    if (leaving) {
      if (Number.isFinite(out)) {
        if (out !== 0 && (Math.abs(out) < TINY || Math.abs(out) > HUGE)) this.extreme--;
        this.add(out, -1);
      } else this.nonFinite--;
    }
    if (++this.sinceRefresh >= REFRESH) this.refresh();
  }

  /** True once the window is full and holds only finite values. */
  get valid(): boolean {
    return this.window.full && this.nonFinite === 0;
  }

  /** round(sum(x)) / n: the window's exact sum, rounded once. */
  mean(): number {
    const a = this.s1;
    const b = this.t1;
    // The interval b +/- e1 widened by the rounding of b +/- x itself; with e1 = 0, (a, b) is the sum exactly.
    const x = this.e1 === 0 ? 0 : this.e1 + U * (Math.abs(b) + this.e1);
    if (this.extreme === 0 && a + (b - x) === a && a + (b + x) === a) return a / this.period;
    return this.exactMean();
  }

  /** Population variance (divide by n): round(n*sum(x^2) - sum(x)^2) / n^2; never negative. */
  variance(): number {
    // The work is in a method that returns nothing: a number returned from a call that is not inlined (the work is
    // too long to inline) is boxed, an allocation per call; this short wrapper is inlined and reads the field.
    this.computeVariance();
    return this.lastVariance;
  }

  private computeVariance(): void {
    const n = this.period;
    const a = this.s1;
    const b = this.t1;
    const c = this.s2;
    const e1 = this.e1;
    // n*sum(x^2) = p + pe + nd (+ n*e2); sum(x)^2 = q + qe + 2ab + b^2 (+ the e1 terms). Every rounding below has
    // its error found exactly (two-product, two-sum) and added to the bound, so exact inputs give a bound of 0.
    const p = n * c;
    const pe = productError(n, c, p);
    const nd = n * this.t2;
    const nde = productError(n, this.t2, nd);
    const q = a * a;
    const qe = productError(a, a, q);
    const ab = a * b;
    const abe = productError(a, b, ab);
    const ab2 = 2 * ab;
    // h0 + l0 == p - q exactly.
    const h0 = p - q;
    let v = h0 - p;
    const l0 = (p - (h0 - v)) + (-q - v);
    const r1 = pe - qe;
    v = r1 - pe;
    const r1e = (pe - (r1 - v)) + (-qe - v);
    const r2 = r1 + nd;
    v = r2 - r1;
    const r2e = (r1 - (r2 - v)) + (nd - v);
    const r3 = r2 - ab2;
    v = r3 - r2;
    const r3e = (r2 - (r3 - v)) + (-ab2 - v);
    const r = r3 + l0;
    v = r - r3;
    const re = (r3 - (r - v)) + (l0 - v);
    // h + l == h0 + r exactly.
    const h = h0 + r;
    v = h - h0;
    const l = (h0 - (h - v)) + (r - v);
    let bound =
      n * this.e2 + Math.abs(nde) + 2 * Math.abs(abe) + 2 * b * b + (2 * (Math.abs(a) + Math.abs(b)) + e1) * e1 +
      Math.abs(r1e) + Math.abs(r2e) + Math.abs(r3e) + Math.abs(re);
    // Widened for the roundings of the bound's own sum and of l +/- x below; 0 stays 0 (h + l is then exact).
    let x = 0;
    if (bound !== 0) {
      bound = bound * (1 + 2 ** -20) + 4 * Number.MIN_VALUE;
      x = bound + U * (Math.abs(l) + bound);
    }
    this.lastVariance = this.extreme !== 0 || h + (l - x) !== h || h + (l + x) !== h ? this.exactVariance() : h > 0 ? h / (n * n) : 0;
  }

  /** The mean by the definition: the window's sum recomputed exactly. */
  exactMean(): number {
    this.exactResults++;
    this.recompute();
    return this.exact1.value() / this.period;
  }

  /** The variance by the definition: both sums recomputed exactly and n*sum(x^2) - sum(x)^2 formed exactly. */
  exactVariance(): number {
    this.exactResults++;
    this.recompute();
    const n = this.period;
    const s = this.scratch;
    s.reset();
    s.addScaled(this.exact2, n);
    s.addSquareOf(this.exact1, -1);
    const d = s.value();
    return d > 0 ? d / (n * n) : 0;
  }

  reset(): void {
    this.window.reset();
    this.nonFinite = 0;
    this.extreme = 0;
    this.s1 = this.t1 = this.e1 = this.s2 = this.t2 = this.e2 = 0;
    this.sinceRefresh = 0;
  }

  /**
   * Adds sign*x to sum(x) and sign*x^2 (as its exact two-product) to sum(x^2), widening the bounds by each rounding.
   * sign is 1 for a value entering the window and -1 for one leaving it.
   */
  private add(x: number, sign: 1 | -1): void {
    const y = sign * x;
    // (s1, t1) += y: two-sum with the high part, then the low parts added; that addition's own error (found exactly
    // by another two-sum) is what the bound grows by, so a run of exact additions keeps the bound at 0.
    let s = this.s1 + y;
    let v = s - this.s1;
    const e = (this.s1 - (s - v)) + (y - v);
    let t = e + this.t1;
    v = t - e;
    const te = (e - (t - v)) + (this.t1 - v);
    if (te !== 0) this.e1 = (this.e1 + Math.abs(te)) * GROW;
    let h = s + t;
    v = h - s;
    this.t1 = (s - (h - v)) + (t - v);
    this.s1 = h;
    // (s2, t2) += y*x = p + pe exactly: p by two-sum, then pe and the low parts, each addition's error bounded.
    const p = y * x;
    const pe = productError(y, x, p);
    s = this.s2 + p;
    v = s - this.s2;
    const g = (this.s2 - (s - v)) + (p - v);
    const f = g + pe;
    v = f - g;
    const fe = (g - (f - v)) + (pe - v);
    t = f + this.t2;
    v = t - f;
    const ge = (f - (t - v)) + (this.t2 - v);
    if (fe !== 0 || ge !== 0) this.e2 = (this.e2 + Math.abs(fe) + Math.abs(ge)) * GROW;
    h = s + t;
    v = h - s;
    this.t2 = (s - (h - v)) + (t - v);
    this.s2 = h;
  }

  /** The window's exact sums into exact1/exact2. */
  private recompute(): void {
    const w = this.window;
    this.exact1.reset();
    this.exact2.reset();
    for (let i = 0; i < w.size; i++) {
      const x = w.at(i);
      if (!Number.isFinite(x)) continue;
      this.exact1.add(x);
      this.exact2.addProduct(x, x);
    }
  }

  /** Running sums set from the exact ones: hi = round(sum), lo = round(sum - hi), bound = lo's rounding. */
  private refresh(): void {
    this.sinceRefresh = 0;
    this.recompute();
    const s = this.scratch;
    this.s1 = this.exact1.value();
    s.reset();
    s.addScaled(this.exact1, 1);
    s.add(-this.s1);
    this.t1 = s.value();
    s.add(-this.t1);
    this.e1 = Math.abs(s.value()) * GROW;
    this.s2 = this.exact2.value();
    s.reset();
    s.addScaled(this.exact2, 1);
    s.add(-this.s2);
    this.t2 = s.value();
    s.add(-this.t2);
    this.e2 = Math.abs(s.value()) * GROW;
  }
}
