import { describe, expect, it } from 'vitest';
import { allocate, participationTarget, scheduledTarget } from '../../../../src-main/kernel/algos/schedule.js';
import { volumeProfileFromBars } from '../../../../src-main/kernel/algos/volume-profile.js';

describe('algo schedules', () => {
  it('allocates whole shares by largest remainder, summing exactly', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(10, [0.2, 0.6, 0.2])).toEqual([2, 6, 2]);
    expect(allocate(7, [0, 1, 0])).toEqual([0, 7, 0]);
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    for (const total of [1, 13, 997]) expect(allocate(total, [0.13, 0.4, 0.07, 0.4]).reduce((a, b) => a + b, 0)).toBe(total);
    expect(() => allocate(2.5, [1])).toThrow(/whole number/);
  });

  it('makes slice k due at k x duration / slices', () => {
    const parts = [2, 2, 2, 2, 2];
    expect(scheduledTarget(parts, 5_000, 0)).toBe(2);
    expect(scheduledTarget(parts, 5_000, 999)).toBe(2);
    expect(scheduledTarget(parts, 5_000, 1_000)).toBe(4);
    expect(scheduledTarget(parts, 5_000, 4_999)).toBe(10);
    expect(scheduledTarget(parts, 5_000, 60_000)).toBe(10);
  });

  it('POV owes the floor of participation x volume, capped', () => {
    expect(participationTarget(55, 0.1, 100)).toBe(5);
    expect(participationTarget(100, 0.1, 100)).toBe(10);
    expect(participationTarget(1e6, 0.1, 12)).toBe(12);
  });

  it('builds a volume profile as the average share of each day per bucket', () => {
    const day = 86_400_000;
    const open = (t: number) => Math.floor(t / day) * day;
    const bar = (t: number, v: number) => ({ t, o: 1, h: 1, l: 1, c: 1, v });
    // Day 1: 100 in bucket 0, 300 in bucket 1; day 2: 200 and 200. Outside the window is ignored.
    const bars = [bar(0, 100), bar(1_500, 300), bar(day, 150), bar(day + 100, 50), bar(day + 1_999, 200), bar(day + 5_000, 1e9)];
    expect(volumeProfileFromBars(bars, 2, 2_000, open)).toEqual([0.375, 0.625]);
    expect(volumeProfileFromBars([], 4, 2_000, open)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});
