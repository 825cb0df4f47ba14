import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYahooCsv } from '../../../../src-main/history/csv/yahoo.js';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { loadReplay, ReplayCalendar, replayMarket, replayStart } from '../../../../src-main/exchange/market/replay.js';
import { YAHOO_DAILY_DIR } from '../../../support/data.js';

const NVDA = join(YAHOO_DAILY_DIR, 'nvda-2014.txt');
const ORCL = join(YAHOO_DAILY_DIR, 'orcl-2014.txt');
const rows = parseYahooCsv(readFileSync(NVDA, 'utf8'), NVDA);
const series = loadReplay([{ symbol: 'NVDA', file: NVDA }, { symbol: 'ORCL', file: ORCL }]);
const at = (iso: string) => Date.parse(iso);
const market = (now: string, seed = 3) => replayMarket({ seed, clock: new SimulatedClock(at(now), 0), series });

describe('replay of stored daily bars', () => {
  it('daily bars are the stored rows exactly (open, high, low, close, volume)', () => {
    const m = market('2014-07-01T12:00:00Z');
    const bars = m.bars('NVDA', { amount: 1, unit: 'Day' }, at('2014-01-01T00:00:00Z'), at('2014-07-01T00:00:00Z'));
    const stored = rows.filter((r) => r.date < '2014-07-01');
    expect(bars.length).toBe(stored.length);
    bars.forEach((bar, i) => {
      const row = stored[i]!;
      expect([bar.o, bar.h, bar.l, bar.c, bar.v], row.date).toEqual([row.o, row.h, row.l, row.c, row.v]);
    });
  });

  it('minute bars stay within the day and the ticks aggregate to them', () => {
    const m = market('2014-03-06T21:30:00Z');
    const row = rows.find((r) => r.date === '2014-03-06')!;
    const minutes = m.bars('NVDA', { amount: 1, unit: 'Min' }, at('2014-03-06T14:30:00Z'), at('2014-03-06T21:00:00Z'));
    expect(minutes.length).toBe(390);
    expect(minutes[0]!.o).toBe(row.o);
    expect(minutes[389]!.c).toBe(row.c);
    expect(Math.max(...minutes.map((b) => b.h))).toBe(row.h);
    expect(Math.min(...minutes.map((b) => b.l))).toBe(row.l);
    const trades = m.trades('NVDA', minutes[100]!.t, minutes[101]!.t);
    expect(trades[0]!.price).toBe(minutes[100]!.o);
    expect(trades.reduce((a, t) => a + t.size, 0)).toBe(minutes[100]!.v);
    const quote = m.quotes('NVDA', minutes[100]!.t, minutes[101]!.t)[0]!;
    expect(quote.bidPrice).toBeLessThan(quote.askPrice);
  });

  it('is deterministic for a seed, and another seed gives another intraday path with the same days', () => {
    const a = market('2014-03-06T21:30:00Z', 3).bars('NVDA', { amount: 5, unit: 'Min' }, at('2014-03-06T14:30:00Z'), at('2014-03-06T21:00:00Z'));
    const b = market('2014-03-06T21:30:00Z', 3).bars('NVDA', { amount: 5, unit: 'Min' }, at('2014-03-06T14:30:00Z'), at('2014-03-06T21:00:00Z'));
    const c = market('2014-03-06T21:30:00Z', 4).bars('NVDA', { amount: 5, unit: 'Min' }, at('2014-03-06T14:30:00Z'), at('2014-03-06T21:00:00Z'));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    // The stored figures are the same whatever the seed (trade counts and VWAP follow the path).
    const day = (seed: number) =>
      market('2014-03-07T12:00:00Z', seed)
        .bars('NVDA', { amount: 1, unit: 'Day' }, at('2014-03-06T00:00:00Z'), at('2014-03-07T00:00:00Z'))
        .map((b) => [b.o, b.h, b.l, b.c, b.v]);
    expect(day(3)).toEqual(day(4));
  });

  it('streams the stored day as the clock runs: events follow the path, latest values and options too', () => {
    const clock = new SimulatedClock(at('2014-03-06T15:00:00Z'), 0);
    const m = replayMarket({ seed: 3, clock, series });
    const seen: string[] = [];
    m.onEvents((events) => seen.push(...events.map((e) => e.kind)));
    clock.advanceBy(90_000);
    m.advanceTo(clock.now());
    expect(seen).toContain('trade');
    expect(seen).toContain('quote');
    expect(seen).toContain('bar');
    const latest = m.latestTrade('ORCL')!;
    expect(latest.t).toBeLessThanOrEqual(clock.now());
    expect(m.optionContracts('NVDA').length).toBeGreaterThan(0);
  });

  it('trades only on stored dates within the span; starts at the second stored open', () => {
    const calendar = new ReplayCalendar(series);
    expect(calendar.session('2014-01-02')).toBeDefined();
    expect(calendar.session('2014-01-04')).toBeUndefined();
    expect(calendar.sessions('2014-01-01', '2014-12-31').length).toBe(rows.length);
    expect(new Date(replayStart(series)).toISOString()).toBe('2014-01-03T14:30:00.000Z');
  });

  it('refuses a bad symbol, a repeated symbol and a bad file with what is wrong', () => {
    expect(() => loadReplay([{ symbol: 'nvda', file: NVDA }])).toThrow(/not a stock symbol/);
    expect(() => loadReplay([{ symbol: 'NVDA', file: NVDA }, { symbol: 'NVDA', file: ORCL }])).toThrow(/twice/);
    expect(() => loadReplay([{ symbol: 'NVDA', file: join(YAHOO_DAILY_DIR, 'SOURCE.md') }])).toThrow(/SOURCE\.md:1/);
  });
});
