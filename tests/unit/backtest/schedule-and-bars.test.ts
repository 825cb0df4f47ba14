import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { runBacktest } from '../../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { aggregateBars } from '../../../src-main/history/aggregate.js';
import { parseCsvColumns } from '../../../src-main/history/csv/parse-columns.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';

function yahoo(file: string, from: string, to: string): Bar[] {
  const { columns } = parseCsvColumns(readFileSync(`tests/fixtures/yahoo-daily/${file}`), file);
  const out: Bar[] = [];
  for (let i = 0; i < columns.t.length; i++) {
    const t = columns.t[i]!;
    if (t >= Date.parse(from) && t <= Date.parse(to)) out.push({ t, o: columns.o[i]!, h: columns.h[i]!, l: columns.l[i]!, c: columns.c[i]!, v: columns.v[i]! });
  }
  return out;
}

describe('schedules in a daily backtest', () => {
  it('the monthly call comes before the first bar of each month, with the clock at its open, and its order fills at that bar open', () => {
    const bars = yahoo('nvda-1999-2014.txt', '2013-01-01', '2013-06-30');
    const calls: Array<{ t: number; lastBar: number }> = [];
    const monthly = defineStrategy({
      name: 'monthly',
      description: 'buys 1 share at each month start',
      params: z.object({}),
      timeframe: '1Day',
      universe: [],
      warmup: () => 0,
      create: (_p, ctx) => {
        let lastBar = NaN;
        ctx.schedule.onFirstTradingDayOfMonth((t) => {
          calls.push({ t, lastBar });
          expect(ctx.clock.now()).toBe(t);
          ctx.submit(ctx.orders.market('NVDA', 'buy', 1), 'month start');
        });
        return { onBar: (_s, bar) => void (lastBar = bar.t) };
      },
    });
    const result = runBacktest(monthly as unknown as StrategyDefinition, {}, new MarketData([toColumns('NVDA', bars)]));
    // The run starts before 2013-01-02's open (its first bar, the first session of January): that call fires too.
    expect(calls.map((c) => new Date(c.t).toISOString().slice(0, 10))).toEqual(['2013-01-02', '2013-02-01', '2013-03-01', '2013-04-01', '2013-05-01', '2013-06-03']);
    expect(calls[0]!.lastBar).toBeNaN();
    // Each later call sees only the bars of earlier days (a daily bar is keyed at 00:00Z of its date).
    for (const c of calls.slice(1)) expect(c.lastBar).toBeLessThan(c.t - 14 * 3_600_000);
    // Each order fills at the open of the month's first bar (it was sent before that bar).
    const firstOfMonth = new Map(bars.map((b) => [new Date(b.t).toISOString().slice(0, 7), b] as const).reverse());
    expect(result.orders.map((o) => o.avgFillPrice)).toEqual(calls.map((c) => firstOfMonth.get(new Date(c.t).toISOString().slice(0, 7))!.o));
    expect(result.orders.every((o) => o.cause === 'month start')).toBe(true);
  });
});

describe('ctx.bars on a longer timeframe', () => {
  it('a 1Min strategy reads only completed daily bars: the day appears after its last minute, equal to the aggregation', () => {
    // Two sessions of synthetic minutes (2024-03-05 and 06), 390 each, New York 09:30-16:00 = 14:30Z-21:00Z.
    const minutes: Bar[] = [];
    for (const day of [5, 6]) {
      for (let m = 0; m < 390; m++) {
        const c = 100 + day + m / 100;
        minutes.push({ t: Date.UTC(2024, 2, day, 14, 30) + m * 60_000, o: c, h: c + 0.5, l: c - 0.5, c, v: 10 + m });
      }
    }
    const seen: Array<{ t: number; days: Bar[] }> = [];
    const reader = defineStrategy({
      name: 'reader',
      description: 'reads daily bars',
      params: z.object({}),
      timeframe: '1Min',
      universe: [],
      warmup: () => 0,
      create: (_p, ctx) => ({ onBar: (s, bar) => void seen.push({ t: bar.t, days: [...ctx.bars(s, '1Day', 5)] }) }),
    });
    runBacktest(reader as unknown as StrategyDefinition, {}, new MarketData([toColumns('SYN', minutes)]));
    const daily = aggregateBars(minutes, '1Min', '1Day');
    expect(seen[0]!.days).toEqual([]);
    // Through 15:58 of the first day: no daily bar; at the 15:59 bar (the session's last): the day is complete.
    expect(seen[388]!.days).toEqual([]);
    expect(seen[389]!.days).toEqual([daily[0]]);
    expect(seen[390]!.days).toEqual([daily[0]]);
    expect(seen[779]!.days).toEqual(daily);
    // The minute bars themselves: the last N up to the one being handled.
    const r2 = defineStrategy({ ...reader, create: (_p, ctx) => ({ onBar: (s, bar) => void (bar.t === minutes[10]!.t && seen.push({ t: -1, days: [...ctx.bars(s, '1Min', 3)] })) }) });
    runBacktest(r2 as unknown as StrategyDefinition, {}, new MarketData([toColumns('SYN', minutes)]));
    expect(seen.at(-1)!.days.map((b) => b.t)).toEqual([minutes[8]!.t, minutes[9]!.t, minutes[10]!.t]);
  });

  it('with a gap at the period end, the day becomes readable at the next bar, never earlier', () => {
    const minutes: Bar[] = [];
    for (const day of [5, 6]) for (let m = 0; m < 300; m++) minutes.push({ t: Date.UTC(2024, 2, day, 14, 30) + m * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 });
    const counts: number[] = [];
    const reader = defineStrategy({
      name: 'reader',
      description: 'reads daily bars',
      params: z.object({}),
      timeframe: '1Min',
      universe: [],
      warmup: () => 0,
      create: (_p, ctx) => ({ onBar: (s) => void counts.push(ctx.bars(s, '1Day', 5).length) }),
    });
    runBacktest(reader as unknown as StrategyDefinition, {}, new MarketData([toColumns('GAP', minutes)]));
    expect(counts[299]).toBe(0);
    expect(counts[300]).toBe(1);
  });
});
