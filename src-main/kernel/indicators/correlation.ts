import { ExactSum } from './exact-sum.js';
import { Ring } from './ring.js';
import { checkPeriod } from './validate.js';

/**
 * Exact co-moments of two rolling windows (x, y): the five sums sum x, sum y, sum x^2, sum y^2, sum xy, each
 * held exactly, so n*sum(xy) - sum(x)*sum(y) and the variances are formed exactly and rounded once.
 * Pairs with a non-finite member are skipped (they do not enter the window).
 */
class RollingCoMoments {
  private readonly xs: Ring;
  private readonly ys: Ring;
  private readonly sx = new ExactSum();
  private readonly sy = new ExactSum();
  private readonly sxx = new ExactSum();
  private readonly syy = new ExactSum();
  private readonly sxy = new ExactSum();
  private readonly scratch = new ExactSum();

  constructor(readonly period: number) {
    this.xs = new Ring(period);
    this.ys = new Ring(period);
  }

  /** Returns false when the pair was skipped. */
  push(x: number, y: number): boolean {
    if (x - x !== 0 || y - y !== 0) return false;
    const leaving = this.xs.full;
    const ox = this.xs.push(x);
    const oy = this.ys.push(y);
    this.add(x, y, 1);
    if (leaving) this.add(ox, oy, -1);
    return true;
  }

  get full(): boolean {
    return this.xs.full;
  }

  /** n^2 * covariance(x, y) (population), rounded once. */
  coN2(): number {
    const s = this.scratch;
    s.reset();
    s.addScaled(this.sxy, this.period);
    s.addCrossOf(this.sx, this.sy, -1);
    return s.value();
  }

  varXN2(): number {
    return this.varN2(this.sxx, this.sx);
  }

  varYN2(): number {
    return this.varN2(this.syy, this.sy);
  }

  reset(): void {
    this.xs.reset();
    this.ys.reset();
    this.sx.reset();
    this.sy.reset();
    this.sxx.reset();
    this.syy.reset();
    this.sxy.reset();
  }

  private varN2(sq: ExactSum, s1: ExactSum): number {
    const s = this.scratch;
    s.reset();
    s.addScaled(sq, this.period);
    s.addSquareOf(s1, -1);
    const v = s.value();
    return v > 0 ? v : 0;
  }

  private add(x: number, y: number, sign: 1 | -1): void {
    this.sx.add(sign * x);
    this.sy.add(sign * y);
    this.sxx.addProduct(sign * x, x);
    this.syy.addProduct(sign * y, y);
    this.sxy.addProduct(sign * x, y);
  }
}

/** Rolling Pearson correlation of x with y over `period` pairs; NaN while either window is flat. */
export class Correlation {
  value = NaN;
  private readonly m: RollingCoMoments;

  constructor(readonly period: number) {
    checkPeriod('Correlation period', period, 2);
    this.m = new RollingCoMoments(period);
  }

  update(x: number, y: number): number {
    if (!this.m.push(x, y) || !this.m.full) return this.value;
    const vx = this.m.varXN2();
    const vy = this.m.varYN2();
    this.value = vx > 0 && vy > 0 ? this.m.coN2() / Math.sqrt(vx * vy) : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
  }
}

/**
 * Rolling beta of x against the benchmark y: cov(x, y) / var(y) over `period` pairs. Feed it returns, not prices,
 * for the usual market beta. NaN while the benchmark window is flat.
 */
export class Beta {
  value = NaN;
  private readonly m: RollingCoMoments;

  constructor(readonly period: number) {
    checkPeriod('Beta period', period, 2);
    this.m = new RollingCoMoments(period);
  }

  update(x: number, y: number): number {
    if (!this.m.push(x, y) || !this.m.full) return this.value;
    const vy = this.m.varYN2();
    this.value = vy > 0 ? this.m.coN2() / vy : NaN;
    return this.value;
  }

  get ready(): boolean {
    return this.value === this.value;
  }

  reset(): void {
    this.m.reset();
    this.value = NaN;
  }
}

export function correlationBatch(x: Float64Array, y: Float64Array, period: number): Float64Array {
  const c = new Correlation(period);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = c.update(x[i]!, y[i]!);
  return out;
}

export function betaBatch(x: Float64Array, y: Float64Array, period: number): Float64Array {
  const b = new Beta(period);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = b.update(x[i]!, y[i]!);
  return out;
}
