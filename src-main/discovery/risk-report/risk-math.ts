// The risk figures of a book, as plain arithmetic over arrays: no I/O, no clocks. The report and the tests use them.

/** Simple returns of a price series: r[i] = p[i+1] / p[i] - 1. */
export function simpleReturns(prices: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(prices[i]! / prices[i - 1]! - 1);
  return out;
}

/**
 * Historical value at risk and expected shortfall of a P&L (or return) series, both as positive losses. VaR at
 * level c is the loss that only (1 - c) of the days exceeded: the k-th worst outcome with k = ceil(n (1 - c)), the
 * usual order-statistic estimator. ES is the mean of the k worst outcomes (those at or beyond VaR). With fewer than
 * one tail day (k = 0) the worst day stands for both.
 */
export function historicalVarEs(outcomes: ArrayLike<number>, level: number): { var: number; es: number; tailDays: number } {
  const n = outcomes.length;
  if (n === 0) return { var: Number.NaN, es: Number.NaN, tailDays: 0 };
  const sorted = Array.from(outcomes).sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(n * (1 - level) - 1e-9));
  let tail = 0;
  for (let i = 0; i < k; i++) tail += sorted[i]!;
  return { var: -sorted[k - 1]!, es: -tail / k, tailDays: k };
}

function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Ordinary least squares slope of y on x (with an intercept): cov(x, y) / var(x). NaN when x does not vary. */
export function beta(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** Pearson correlations of equal-length series; a series that does not vary correlates NaN (1 with itself). */
export function correlationMatrix(series: ReadonlyArray<ArrayLike<number>>): number[][] {
  const p = series.length;
  const centred = series.map((s) => {
    const m = mean(s);
    return Array.from(s, (v) => v - m);
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((a, v) => a + v * v, 0)));
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(Number.NaN));
  for (let i = 0; i < p; i++) {
    out[i]![i] = 1;
    for (let j = i + 1; j < p; j++) {
      const a = centred[i]!;
      const b = centred[j]!;
      let dot = 0;
      for (let t = 0; t < a.length; t++) dot += a[t]! * b[t]!;
      const r = norms[i]! > 0 && norms[j]! > 0 ? dot / (norms[i]! * norms[j]!) : Number.NaN;
      out[i]![j] = r;
      out[j]![i] = r;
    }
  }
  return out;
}

/** The largest fall from a running peak and the fall now, both fractions of the peak (0 when never below it). */
export function drawdown(equity: ArrayLike<number>): { max: number; current: number; peak: number } {
  let peak = Number.NEGATIVE_INFINITY;
  let max = 0;
  let current = 0;
  for (let i = 0; i < equity.length; i++) {
    const v = equity[i]!;
    if (v > peak) peak = v;
    current = peak > 0 ? (peak - v) / peak : 0;
    if (current > max) max = current;
  }
  return { max, current, peak: Number.isFinite(peak) ? peak : Number.NaN };
}
