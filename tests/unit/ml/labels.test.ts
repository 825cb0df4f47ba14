import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { forwardDirection, forwardReturn, tripleBarrier } from '../../../src-main/ml/labels.js';

const bar = (i: number, c: number, h = c, l = c): Bar => ({ t: i * 86_400_000, o: c, h, l, c, v: 1000 });

describe('labels', () => {
  const closes = [10, 11, 9, 9, 12, 8];
  const bars = closes.map((c, i) => bar(i, c));

  it('forward return and direction over a horizon, NaN where the future is not there', () => {
    const r = forwardReturn(bars, 2);
    expect(Array.from(r.value.subarray(0, 4))).toEqual([9 / 10 - 1, 9 / 11 - 1, 12 / 9 - 1, 8 / 9 - 1]);
    expect(Number.isNaN(r.value[4]!) && Number.isNaN(r.value[5]!)).toBe(true);
    expect(Array.from(r.end)).toEqual([2, 3, 4, 5, -1, -1]);
    const d = forwardDirection(bars, 1);
    // 10->11 up, 11->9 down, 9->9 flat (not up), 9->12 up, 12->8 down
    expect(Array.from(d.value.subarray(0, 5))).toEqual([1, 0, 0, 1, 0]);
  });

  it('triple barrier: the first barrier touched decides, both in one bar counts as the lower, else 0 at the time limit', () => {
    // alternating closes give sigma = |log(1.01)| (returns +-1%), so with 2 sigma the barriers sit about 2% away
    const base: Bar[] = [];
    for (let i = 0; i < 6; i++) base.push(bar(i, i % 2 === 0 ? 100 : 101));
    const sigma = Math.abs(Math.log(101 / 100));
    const c = base[5]!.c; // 101, at i = 5 (volWindow 4 covers returns 2..5)
    const up = c * (1 + 2 * sigma);
    const down = c * (1 - 2 * sigma);
    const path = (extra: Array<[number, number, number]>) => [...base, ...extra.map(([cl, h, l], k) => bar(6 + k, cl, h, l))];
    const opts = { horizon: 3, upper: 2, lower: 2, volWindow: 4 };
    const hitUp = tripleBarrier(path([[101, 102, 100.5], [101, up + 0.01, 100.5], [90, 101, down - 1]]), opts);
    expect(hitUp.value[5]).toBe(1);
    expect(hitUp.end[5]).toBe(7);
    const both = tripleBarrier(path([[101, up + 1, down - 1], [101, 101, 101], [101, 101, 101]]), opts);
    expect(both.value[5]).toBe(-1);
    expect(both.end[5]).toBe(6);
    const none = tripleBarrier(path([[101, 101.5, 100.5], [101, 101.5, 100.5], [101, 101.5, 100.5]]), opts);
    expect(none.value[5]).toBe(0);
    expect(none.end[5]).toBe(8);
    expect(Number.isNaN(none.value[6]!)).toBe(true);
  });
});
