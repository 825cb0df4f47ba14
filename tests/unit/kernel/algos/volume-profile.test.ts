import { describe, expect, it } from 'vitest';
import { historicalVwapProfile, recentWindowProfile } from '../../../../src-main/kernel/algos/volume-profile.js';

const DAY = 86_400_000;
const MIN = 60_000;
const NOW = Date.parse('2024-03-06T15:00:00Z');

describe('VWAP profile from the same window on past days', () => {
  it('averages each day’s share per slice over the days with volume in the window; bars outside it do not count', () => {
    const bars = [
      // Yesterday 10:00-10:30 (NY): 300 then 100 in the two 15-minute slices.
      { t: NOW - DAY, v: 300 },
      { t: NOW - DAY + 20 * MIN, v: 100 },
      // Two days ago: 100 then 300.
      { t: NOW - 2 * DAY + 5 * MIN, v: 100 },
      { t: NOW - 2 * DAY + 29 * MIN, v: 300 },
      // Outside the window (before it, after it, and today before now): ignored.
      { t: NOW - DAY - MIN, v: 5_000 },
      { t: NOW - DAY + 30 * MIN, v: 5_000 },
      { t: NOW - 10 * MIN, v: 5_000 },
      // A weekend day with no volume does not count as a day.
      { t: NOW - 3 * DAY + MIN, v: 0 },
    ];
    const { profile, days } = recentWindowProfile(bars, 2, 30 * MIN, NOW);
    expect(days).toBe(2);
    expect(profile).toEqual([0.5, 0.5]);
    const skewed = recentWindowProfile(bars.slice(0, 2), 2, 30 * MIN, NOW);
    expect(skewed.profile).toEqual([0.75, 0.25]);
  });

  it('without bars or a source of them: an even profile and zero days', async () => {
    expect(recentWindowProfile([], 4, 60 * MIN, NOW)).toEqual({ profile: [0.25, 0.25, 0.25, 0.25], days: 0 });
    expect(await historicalVwapProfile({ clock: async () => ({ now: NOW }) }, 'AAPL', 2, 60 * MIN)).toEqual({ profile: [0.5, 0.5], days: 0 });
  });

  it('asks the venue for the past week up to yesterday’s window end, on the broker’s clock', async () => {
    const asked: Array<[string, number, number]> = [];
    const source = {
      clock: async () => ({ now: NOW }),
      minuteVolumes: async (symbol: string, start: number, end: number) => {
        asked.push([symbol, start, end]);
        return [{ t: NOW - DAY + 40 * MIN, v: 10 }];
      },
    };
    const result = await historicalVwapProfile(source, 'SPY', 3, 60 * MIN);
    expect(asked).toEqual([['SPY', NOW - 7 * DAY, NOW - DAY + 60 * MIN]]);
    expect(result).toEqual({ profile: [0, 0, 1], days: 1 });
  });
});
