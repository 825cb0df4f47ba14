import { describe, expect, it } from 'vitest';
import { SlidingCorrelation } from '../../../../src-main/kernel/stats/sliding-correlation.js';
import { normals } from './random.js';

/** Two-pass correlation of a window, written out here independently of the code under test. */
function fresh(window: ReadonlyArray<ArrayLike<number>>): { corr: Float64Array; sd: Float64Array } {
  const t = window.length;
  const n = window[0]!.length;
  const mean = new Float64Array(n);
  for (const row of window) for (let i = 0; i < n; i++) mean[i] = mean[i]! + row[i]! / t;
  const cov = new Float64Array(n * n);
  for (const row of window) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cov[i * n + j] = cov[i * n + j]! + ((row[i]! - mean[i]!) * (row[j]! - mean[j]!)) / (t - 1);
  const sd = Float64Array.from({ length: n }, (_, i) => Math.sqrt(cov[i * n + i]!));
  const corr = cov.map((c, ij) => c / (sd[Math.floor(ij / n)]! * sd[ij % n]!));
  return { corr, sd };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

describe('SlidingCorrelation', () => {
  // Returns with drifting means and volatilities, so a fixed reference does not centre them exactly.
  const z = normals(7);
  const n = 12;
  const t = 40;
  const series = Array.from({ length: t + 600 }, (_, r) => Float64Array.from({ length: n }, (_, i) => 0.002 * (i - 5) + 0.0005 * Math.sin(r / 50) + (0.005 + 0.002 * i) * (1 + 0.5 * Math.sin(r / 90 + i)) * z()));

  it('after 600 slides without a rebuild, equals a fresh two-pass computation to 1e-12', () => {
    const sliding = new SlidingCorrelation(Infinity);
    sliding.update(series.slice(0, t));
    expect(sliding.lastUpdate).toBe('rebuilt');
    for (let b = 1; b <= 600; b++) {
      sliding.update(series.slice(b, b + t));
      expect(sliding.lastUpdate).toBe('slid');
    }
    const got = sliding.correlation()!;
    const want = fresh(series.slice(600, 600 + t));
    expect(maxDiff(got.corr, want.corr)).toBeLessThan(1e-12);
    expect(maxDiff(got.sd, want.sd) / want.sd.reduce((m, s) => Math.max(m, s), 0)).toBeLessThan(1e-12);
    for (let i = 0; i < n; i++) expect(got.corr[i * n + i]).toBe(1);
  });

  it('rebuilds every rebuildEvery slides, and whenever the window is not the last one moved by one row', () => {
    const sliding = new SlidingCorrelation(3);
    const seen: string[] = [];
    for (let b = 0; b < 6; b++) {
      sliding.update(series.slice(b, b + t));
      seen.push(sliding.lastUpdate);
    }
    expect(seen).toEqual(['rebuilt', 'slid', 'slid', 'slid', 'rebuilt', 'slid']);
    // Moved by two rows: a rebuild, and the right matrix.
    sliding.update(series.slice(7, 7 + t));
    expect(sliding.lastUpdate).toBe('rebuilt');
    // Moved by one, but an old row revised (a history reloaded): a rebuild, not a silently wrong matrix.
    const revised = series.slice(8, 8 + t).map((row) => row.slice());
    revised[5]![3] = revised[5]![3]! + 0.01;
    sliding.update(revised);
    expect(sliding.lastUpdate).toBe('rebuilt');
    expect(maxDiff(sliding.correlation()!.corr, fresh(revised).corr)).toBeLessThan(1e-13);
    // Another symbol set (one column fewer): a rebuild.
    sliding.update(series.slice(9, 9 + t).map((row) => row.slice(1)));
    expect(sliding.lastUpdate).toBe('rebuilt');
  });

  it('refuses a column without variance', () => {
    const sliding = new SlidingCorrelation();
    sliding.update(series.slice(0, t).map((row) => Float64Array.from(row, (x, i) => (i === 4 ? 0.001 : x))));
    expect(sliding.correlation()).toBeUndefined();
  });
});
