import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { BarAggregator } from '../../../src-main/bots/bar-aggregator.js';
import { aggregateBars } from '../../../src-main/history/aggregate.js';

/** One regular session of minutes (Wednesday 2024-03-06, 09:30-16:00 New York = 14:30-21:00Z), a random walk. */
function sessionMinutes(): Bar[] {
  const open = Date.parse('2024-03-06T14:30:00Z');
  const out: Bar[] = [];
  let price = 100;
  let seed = 7;
  for (let i = 0; i < 390; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const next = price + ((seed / 2 ** 31) - 0.5);
    out.push({ t: open + i * 60_000, o: price, h: Math.max(price, next) + 0.1, l: Math.min(price, next) - 0.1, c: next, v: 100 + (i % 7) });
    price = next;
  }
  return out;
}

describe('live aggregation of completed minutes', () => {
  for (const timeframe of ['5Min', '1Hour', '1Day'] as const) {
    it(`${timeframe}: each bar is emitted at its last minute and equals the history aggregation of the same minutes`, () => {
      const minutes = sessionMinutes();
      const aggregator = new BarAggregator(timeframe);
      const emitted: Array<{ bar: Bar; at: number }> = [];
      for (const m of minutes) for (const bar of aggregator.push('AAPL', m)) emitted.push({ bar, at: m.t });
      const expected = aggregateBars(minutes, '1Min', timeframe);
      expect(emitted.map((e) => e.bar)).toEqual(expected);
      // No bar waits for the next bucket's first minute: the session's last bar comes with its last minute.
      expect(emitted.at(-1)!.at).toBe(minutes.at(-1)!.t);
    });
  }

  it('1Min passes minutes through; minutes outside the session are left out', () => {
    const aggregator = new BarAggregator('5Min');
    expect(aggregator.push('AAPL', { t: Date.parse('2024-03-06T13:00:00Z'), o: 1, h: 1, l: 1, c: 1, v: 1 })).toEqual([]);
    const minute = { t: 1, o: 1, h: 1, l: 1, c: 1, v: 1 };
    expect(new BarAggregator('1Min').push('AAPL', minute)).toEqual([minute]);
  });

  it('a missing last minute: the bar closes when the next bucket starts', () => {
    const minutes = sessionMinutes().slice(0, 12).filter((_, i) => i !== 4);
    const aggregator = new BarAggregator('5Min');
    const emitted = minutes.flatMap((m) => aggregator.push('AAPL', m));
    expect(emitted).toEqual(aggregateBars(minutes, '1Min', '5Min').slice(0, 2));
  });
});
