import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { LiveIndicators } from '../../../src-main/bots/live-indicators.js';

const bar = (i: number, c: number): Bar => ({ t: i * 60_000, o: c, h: c + 1, l: c - 1, c, v: 100 });

describe('live indicator values for the bot detail', () => {
  it('lists every indicator the strategy made, each line at its latest value, null while it warms up', () => {
    const live = new LiveIndicators();
    const closes = [10, 11, 12, 13, 14];
    closes.forEach((c, i) => live.push('AAPL', bar(i, c)));
    const sma = live.sma('AAPL', 3);
    live.sma('AAPL', 3); // asked again inside onBar: listed once
    const bands = live.indicator('MSFT', 'bollinger', { period: 4 });
    const values = live.values();
    expect(values.map((v) => [v.symbol, v.name])).toEqual([
      ['AAPL', 'sma(period=3)'],
      ['MSFT', 'bollinger(period=4)'],
    ]);
    expect(values[0]!.lines).toEqual({ value: 13 });
    expect(sma.value).toBe(13);
    // MSFT has no bars yet: every line of the bands is still warming up.
    expect(Object.values(values[1]!.lines).every((v) => v === null)).toBe(true);
    expect(Object.keys(values[1]!.lines).length).toBeGreaterThan(1);
    [20, 22, 24, 26].forEach((c, i) => live.push('MSFT', bar(i, c)));
    const after = live.values()[1]!.lines;
    expect(Object.values(after).every((v) => typeof v === 'number')).toBe(true);
    expect(after[Object.keys(after)[0]!]).toBe(bands.value);
  });
});
