/**
 * The correlation matrix of a rolling window of returns, kept by running sums so that a window that moved by one
 * row (the usual daily step: same symbols, one bar added, the oldest dropped) costs O(N^2) instead of the
 * O(T N^2) of summing the whole window again (300 symbols x 504 rows: 90k against 45M multiply-adds).
 *
 * Cancellation: the sums are of d = x - ref, ref being each column's mean over the window the sums were last
 * rebuilt from. Returns over a year move little in mean, so d stays centred and sum(d_i d_j) - sum(d_i) sum(d_j) / T
 * loses few digits. Rounding still accumulates with every add and drop, so the sums are rebuilt from the stored
 * window every `rebuildEvery` slides, and whenever the window is not the last one moved by one row.
 *
 * The helper keeps its own copy of the window and checks that the new window's first T-1 rows equal the old one's
 * last T-1 bit for bit (O(T N) compares, cheap beside the work saved): a caller that changed anything else (a
 * symbol added, a history reloaded) gets a rebuild, never a silently wrong matrix.
 */
export interface CorrelationWindow {
  /** n x n row-major correlation matrix, diagonal exactly 1 (so its trace is n). */
  corr: Float64Array;
  /** Sample standard deviation (T - 1 denominator) of each column. */
  sd: Float64Array;
}

export class SlidingCorrelation {
  private n = 0;
  private t = 0;
  /** The window's rows, a ring: row r of the window is at ((head + r) % t) * n. */
  private rows = new Float64Array(0);
  private head = 0;
  private ref = new Float64Array(0);
  private s1 = new Float64Array(0);
  /** Lower triangle (j <= i) of sum(d_i d_j), row-major n x n. */
  private s2 = new Float64Array(0);
  private slides = 0;
  /** How the last update was done (for tests and the benchmark's curiosity). */
  lastUpdate: 'rebuilt' | 'slid' | 'none' = 'none';

  constructor(private readonly rebuildEvery = 63) {}

  /** Forget the window: the next update rebuilds (the caller's columns now mean other symbols). */
  reset(): void {
    this.n = 0;
    this.t = 0;
  }

  /** Take the window `returns` (rows: times, columns: symbols); slides when it is the last window moved by one row. */
  update(returns: ReadonlyArray<ArrayLike<number>>): void {
    const t = returns.length;
    const n = t > 0 ? returns[0]!.length : 0;
    if (t >= 2 && n === this.n && t === this.t && this.slides < this.rebuildEvery && this.movedByOne(returns)) {
      this.slide(returns[t - 1]!);
      this.slides++;
      this.lastUpdate = 'slid';
      return;
    }
    this.rebuild(returns, t, n);
    this.lastUpdate = 'rebuilt';
  }

  /**
   * The correlation matrix and volatilities of the current window; undefined when a column's variance is zero or
   * lost in rounding (below 1e-12 of its mean square about the reference): the caller decides that case exactly.
   */
  correlation(): CorrelationWindow | undefined {
    const { n, t } = this;
    if (t < 3 || n === 0) return undefined;
    const cov = new Float64Array(n); // the diagonal first: the volatilities divide everything else
    const sd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s1i = this.s1[i]!;
      const sq = this.s2[i * n + i]!;
      const v = (sq - (s1i * s1i) / t) / (t - 1);
      if (!(v > 1e-12 * (sq / t))) return undefined;
      cov[i] = v;
      sd[i] = Math.sqrt(v);
    }
    const corr = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const s1i = this.s1[i]!;
      const base = i * n;
      for (let j = 0; j < i; j++) {
        const c = (this.s2[base + j]! - (s1i * this.s1[j]!) / t) / (t - 1) / (sd[i]! * sd[j]!);
        corr[base + j] = c;
        corr[j * n + i] = c;
      }
      corr[base + i] = 1;
    }
    return { corr, sd };
  }

  private movedByOne(returns: ReadonlyArray<ArrayLike<number>>): boolean {
    const { n, t } = this;
    for (let r = 0; r < t - 1; r++) {
      const row = returns[r]!;
      const at = ((this.head + r + 1) % t) * n;
      for (let i = 0; i < n; i++) if (row[i] !== this.rows[at + i]) return false;
    }
    return true;
  }

  private rebuild(returns: ReadonlyArray<ArrayLike<number>>, t: number, n: number): void {
    this.n = n;
    this.t = t;
    this.head = 0;
    this.slides = 0;
    this.rows = new Float64Array(t * n);
    for (let r = 0; r < t; r++) for (let i = 0; i < n; i++) this.rows[r * n + i] = returns[r]![i]!;
    this.ref = new Float64Array(n);
    for (let r = 0; r < t; r++) for (let i = 0; i < n; i++) this.ref[i] = this.ref[i]! + this.rows[r * n + i]!;
    for (let i = 0; i < n; i++) this.ref[i] = this.ref[i]! / t;
    this.s1 = new Float64Array(n);
    this.s2 = new Float64Array(n * n);
    const d = new Float64Array(n);
    for (let r = 0; r < t; r++) this.accumulate(this.rows, r * n, d, 1);
  }

  /** Drop the oldest row, add `row` as the newest. */
  private slide(row: ArrayLike<number>): void {
    const { n, t } = this;
    const d = new Float64Array(n);
    const oldest = this.head * n;
    this.accumulate(this.rows, oldest, d, -1);
    for (let i = 0; i < n; i++) this.rows[oldest + i] = row[i]!;
    this.accumulate(this.rows, oldest, d, 1);
    this.head = (this.head + 1) % t;
  }

  /** Add (sign 1) or remove (sign -1) the row at `at` of `src` from the sums; `d` is scratch of length n. */
  private accumulate(src: Float64Array, at: number, d: Float64Array, sign: 1 | -1): void {
    const n = this.n;
    for (let i = 0; i < n; i++) d[i] = src[at + i]! - this.ref[i]!;
    for (let i = 0; i < n; i++) {
      const di = sign * d[i]!;
      this.s1[i] = this.s1[i]! + di;
      const base = i * n;
      for (let j = 0; j <= i; j++) this.s2[base + j] = this.s2[base + j]! + di * d[j]!;
    }
  }
}
