import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bar, Timeframe } from '../../../src-shared/domain/bar.js';
import { aggregateBars, barsFromTrades, type Trade } from '../../../src-main/history/aggregate.js';
import { CONTRACT_DIR } from '../../support/contract.js';

const ny = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** New York date and minute-of-day of an instant, by the tz database (independent of the code under test). */
function nyWall(t: number): { date: string; minute: number } {
  const p = Object.fromEntries(ny.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
}

/** A week with a holiday and an early close: Thanksgiving 2024 (closed) and the Friday after (closes 13:00). */
const SESSIONS: Record<string, number> = { '2024-11-25': 960, '2024-11-26': 960, '2024-11-27': 960, '2024-11-29': 780, '2024-12-02': 960 };

/** Seeded trades from 03:00 to 21:00 New York time on every weekday of the span, holiday included. */
function syntheticTrades(): Trade[] {
  let seed = 12345;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const trades: Trade[] = [];
  let price = 100;
  for (const day of ['2024-11-25', '2024-11-26', '2024-11-27', '2024-11-28', '2024-11-29', '2024-12-02']) {
    // 08:00Z = 03:00 New York in winter; 18 hours of prints.
    let t = Date.parse(`${day}T08:00:00Z`);
    const end = t + 18 * 3_600_000;
    while (t < end) {
      t += Math.floor(random() * 20_000);
      price = Math.max(1, price + (random() - 0.5) * 0.2);
      trades.push({ t, price: Math.round(price * 100) / 100, size: 1 + Math.floor(random() * 500) });
    }
  }
  return trades;
}

/** The reference: bars straight from the trades by plain grouping, New York wall time decided per trade. */
function referenceBars(trades: readonly Trade[], bucket: (t: number) => number | undefined): Bar[] {
  const groups = new Map<number, Trade[]>();
  for (const trade of trades) {
    const key = bucket(trade.t);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(trade);
    else groups.set(key, [trade]);
  }
  return [...groups.entries()].map(([t, g]) => ({
    t,
    o: g[0]!.price,
    h: Math.max(...g.map((x) => x.price)),
    l: Math.min(...g.map((x) => x.price)),
    c: g[g.length - 1]!.price,
    v: g.reduce((s, x) => s + x.size, 0),
  }));
}

const wallCache = new Map<number, { date: string; minute: number }>();
function regular(t: number): string | undefined {
  let wall = wallCache.get(t);
  if (!wall) wallCache.set(t, (wall = nyWall(t)));
  const { date, minute } = wall;
  const close = SESSIONS[date];
  return close !== undefined && minute >= 570 && minute < close ? date : undefined;
}

const trades = syntheticTrades();
const MINUTES: Record<string, number> = { '5Min': 5, '15Min': 15, '30Min': 30, '1Hour': 60 };

describe('bar aggregation', () => {
  it('builds bars from trades equal to a plain per-trade grouping (regular session only)', () => {
    expect(trades.length).toBeGreaterThan(15_000);
    for (const [timeframe, minutes] of Object.entries({ '1Min': 1, ...MINUTES })) {
      const ms = minutes * 60_000;
      const expected = referenceBars(trades, (t) => (regular(t) ? Math.floor(t / ms) * ms : undefined));
      expect(barsFromTrades(trades, timeframe as Timeframe)).toEqual(expected);
    }
    const daily = referenceBars(trades, (t) => {
      const date = regular(t);
      return date === undefined ? undefined : Date.parse(`${date}T00:00:00Z`);
    });
    expect(daily.map((b) => new Date(b.t).toISOString().slice(0, 10))).toEqual(Object.keys(SESSIONS));
    expect(barsFromTrades(trades, '1Day')).toEqual(daily);
  });

  it('aggregating 1Min bars equals bars computed directly from the same trades', () => {
    const minutes = barsFromTrades(trades, '1Min');
    for (const target of ['5Min', '15Min', '30Min', '1Hour', '1Day', '1Week'] as const) {
      expect(aggregateBars(minutes, '1Min', target), target).toEqual(barsFromTrades(trades, target));
    }
    // In steps, too: 1Min -> 5Min -> 15Min -> 1Hour, and daily -> weekly.
    const fives = aggregateBars(minutes, '1Min', '5Min');
    const fifteens = aggregateBars(fives, '5Min', '15Min');
    expect(fifteens).toEqual(barsFromTrades(trades, '15Min'));
    expect(aggregateBars(fifteens, '15Min', '1Hour')).toEqual(barsFromTrades(trades, '1Hour'));
    expect(aggregateBars(aggregateBars(minutes, '1Min', '1Day'), '1Day', '1Week')).toEqual(barsFromTrades(trades, '1Week'));
    expect(barsFromTrades(trades, '1Week').map((b) => new Date(b.t).toISOString())).toEqual(['2024-11-25T00:00:00.000Z', '2024-12-02T00:00:00.000Z']);
  });

  it('keeps extended hours when asked, never the holiday', () => {
    const extended = barsFromTrades(trades, '1Day', { hours: 'extended' });
    const expected = referenceBars(trades, (t) => {
      const { date, minute } = nyWall(t);
      return SESSIONS[date] !== undefined && minute >= 240 && minute < 1200 ? Date.parse(`${date}T00:00:00Z`) : undefined;
    });
    expect(extended).toEqual(expected);
    expect(extended.map((b) => b.v)).not.toEqual(barsFromTrades(trades, '1Day').map((b) => b.v));
  });

  it('labels hourly bars as Alpaca does: the recorded 1Hour bars of a full session have the same times', () => {
    const recorded = JSON.parse(readFileSync(join(CONTRACT_DIR, 'market-data', 'options-bars-AAPL240308C00172500-1Hour.json'), 'utf8')) as { bars: Record<string, Array<{ t: string }>> };
    const times = recorded.bars['AAPL240308C00172500']!.map((b) => Date.parse(b.t));
    // One minute bar every minute of the 2024-03-05 regular session (14:30Z to 21:00Z in winter).
    const open = Date.parse('2024-03-05T14:30:00Z');
    const minutes = Array.from({ length: 390 }, (_, i) => ({ t: open + i * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }));
    const hours = aggregateBars(minutes, '1Min', '1Hour');
    expect(hours.map((b) => b.t)).toEqual(times);
    expect(hours.map((b) => b.v)).toEqual([30, 60, 60, 60, 60, 60, 60]);
  });

  it('labels 15Min bars at quarter hours, as the recorded AMZN bars are', () => {
    const recorded = JSON.parse(readFileSync(join(CONTRACT_DIR, 'market-data', 'stocks-bars-AMZN-15Min.json'), 'utf8')) as { bars: Record<string, Array<{ t: string }>> };
    const times = recorded.bars['AMZN']!.map((b) => Date.parse(b.t));
    const minutes = Array.from({ length: 75 }, (_, i) => ({ t: times[0]! + i * 60_000, o: 1, h: 1, l: 1, c: 1, v: 1 }));
    expect(aggregateBars(minutes, '1Min', '15Min').map((b) => b.t)).toEqual(times);
  });

  it('refuses unordered input and impossible timeframe pairs', () => {
    const bars = barsFromTrades(trades, '1Min').slice(0, 3);
    expect(() => aggregateBars([bars[1]!, bars[0]!], '1Min', '5Min')).toThrow(/time order/);
    expect(() => aggregateBars(bars, '5Min', '1Min')).toThrow(/cannot be aggregated/);
    expect(() => aggregateBars(bars, '15Min', '30Min')).not.toThrow();
    expect(() => aggregateBars(bars, '1Day', '1Hour')).toThrow(/cannot be aggregated/);
    expect(() => barsFromTrades([trades[5]!, trades[1]!], '1Min')).toThrow(/time order/);
  });
});
