import { describe, expect, it } from 'vitest';
import { RollingRank } from '../../../../src-main/kernel/stats/rolling-rank.js';
import { normals } from './random.js';

/** The definition, by counting: values below the latest in its window, and ties sharing their mean rank. */
function bruteRank(window: readonly number[]): number {
  const x = window[window.length - 1]!;
  const below = window.filter((v) => v < x).length;
  const equal = window.filter((v) => v === x).length;
  return (below + (equal - 1) / 2) / (window.length - 1);
}

describe('RollingRank (time-series rank of a value within its own lookback window)', () => {
  it('is 1 at a new high of the window, 0 at a new low, and NaN until the window is full', () => {
    const r = new RollingRank(5);
    expect([1, 2, 3, 4].map((x) => r.update(x)).every(Number.isNaN)).toBe(true);
    expect(r.ready).toBe(false);
    expect(r.update(5)).toBe(1);
    expect(r.update(0)).toBe(0); // window 2 3 4 5 0
    expect(r.update(3.5)).toBe(0.5); // window 3 4 5 0 3.5: two below of four others
    expect(r.ready).toBe(true);
  });

  it('ties share their mean rank, as the cross-sectional rank does', () => {
    const r = new RollingRank(4);
    for (const x of [2, 2, 2]) r.update(x);
    expect(r.update(2)).toBe(0.5);
    expect(r.update(1)).toBe(0); // 2 2 2 1
    expect(r.update(2)).toBeCloseTo(bruteRank([2, 2, 1, 2]), 15); // (1 + 2 / 2) / 3
  });

  it('equals the counted definition over a long random series with repeats, as the window slides', () => {
    const z = normals(5);
    // Rounded to a tenth: many exact ties, the case a sorted window gets wrong first.
    const xs = Array.from({ length: 3000 }, () => Math.round(z() * 10) / 10);
    for (const period of [2, 3, 20, 252]) {
      const r = new RollingRank(period);
      xs.forEach((x, i) => {
        const v = r.update(x);
        if (i + 1 < period) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(bruteRank(xs.slice(i + 1 - period, i + 1)), 12);
      });
    }
  });

  it('skips a missing value and starts over on reset; refuses a window of one', () => {
    const r = new RollingRank(3);
    for (const x of [1, 2, 3]) r.update(x);
    expect(r.update(Number.NaN)).toBe(1);
    expect(r.update(0)).toBe(0); // window 2 3 0: the NaN never entered it
    r.reset();
    expect(r.update(5)).toBeNaN();
    expect(() => new RollingRank(1)).toThrow(/at least 2/);
  });
});
