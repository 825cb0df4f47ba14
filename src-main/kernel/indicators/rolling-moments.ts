import { BoundedSum, U } from './bounded-sum.js';
import { ExactSum, productError } from './exact-sum.js';
import { Ring } from './ring.js';

/** Pushes between two exact recomputations of the running sums, so their error bound stays tiny. */
const REFRESH = 1024;
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
  /** sum(x) and sum(x^2), each with its error bound. */
  private readonly sum1 = new BoundedSum();
  private readonly sum2 = new BoundedSum();
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
    if (this.extreme === 0 && this.sum1.certain()) return this.sum1.hi / this.period;
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
    const { hi: a, lo: b, err: e1 } = this.sum1;
    const c = this.sum2.hi;
    // n*sum(x^2) = p + pe + nd (+ n*e2); sum(x)^2 = q + qe + 2ab + b^2 (+ the e1 terms). Every rounding below has
    // its error found exactly (two-product, two-sum) and added to the bound, so exact inputs give a bound of 0.
    const p = n * c;
    const pe = productError(n, c, p);
    const nd = n * this.sum2.lo;
    const nde = productError(n, this.sum2.lo, nd);
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
      n * this.sum2.err + Math.abs(nde) + 2 * Math.abs(abe) + 2 * b * b + (2 * (Math.abs(a) + Math.abs(b)) + e1) * e1 +
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
    this.sum1.reset();
    this.sum2.reset();
    this.sinceRefresh = 0;
  }

  /** Adds sign*x to sum(x) and sign*x^2 (as its exact two-product) to sum(x^2); sign -1 for a value leaving. */
  private add(x: number, sign: 1 | -1): void {
    const y = sign * x;
    this.sum1.add(y);
    const p = y * x;
    this.sum2.addPair(p, productError(y, x, p));
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

  /** Running sums set from the exact ones (copied: exact1 and exact2 stay the window's sums). */
  private refresh(): void {
    this.sinceRefresh = 0;
    this.recompute();
    const s = this.scratch;
    s.reset();
    s.addScaled(this.exact1, 1);
    this.sum1.takeFrom(s);
    s.reset();
    s.addScaled(this.exact2, 1);
    this.sum2.takeFrom(s);
  }
}
