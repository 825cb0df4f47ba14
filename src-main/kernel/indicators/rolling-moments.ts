import { ExactSum } from './exact-sum.js';
import { Ring } from './ring.js';

/**
 * Exact first and second moments of a rolling window: sum(x) and sum(x^2), each square added with its rounding
 * error, so n*sum(x^2) - sum(x)^2 is formed exactly and rounded once. That avoids both the drift of running sums
 * and the cancellation of the textbook E[x^2] - E[x]^2 formula, and keeps results a function of the window only.
 */
export class RollingMoments {
  readonly window: Ring;
  readonly sum = new ExactSum();
  readonly sumSq = new ExactSum();
  private readonly scratch = new ExactSum();
  private nonFinite = 0;

  constructor(readonly period: number) {
    this.window = new Ring(period);
  }

  push(x: number): void {
    const leaving = this.window.full;
    const out = this.window.push(x);
    if (Number.isFinite(x)) {
      this.sum.add(x);
      this.sumSq.addProduct(x, x);
    } else this.nonFinite++;
    if (leaving) {
      if (Number.isFinite(out)) {
        this.sum.add(-out);
        this.sumSq.addProduct(-out, out);
      } else this.nonFinite--;
    }
  }

  /** True once the window is full and holds only finite values. */
  get valid(): boolean {
    return this.window.full && this.nonFinite === 0;
  }

  mean(): number {
    return this.sum.value() / this.period;
  }

  /** Population variance (divide by n), exact up to the final two roundings; never negative. */
  variance(): number {
    const n = this.period;
    const s = this.scratch;
    s.reset();
    s.addScaled(this.sumSq, n);
    s.addSquareOf(this.sum, -1);
    const d = s.value();
    return d > 0 ? d / (n * n) : 0;
  }

  reset(): void {
    this.window.reset();
    this.sum.reset();
    this.sumSq.reset();
    this.nonFinite = 0;
  }
}
