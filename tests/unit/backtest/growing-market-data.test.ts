import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { GrowingMarketData } from '../../../src-main/backtest/growing-market-data.js';
import { MarketData, type BarColumns } from '../../../src-main/backtest/market-data.js';
import { prng } from '../../../src-main/backtest/optimize/search.js';

const DAY = 86_400_000;

/** `n` symbols of daily bars over `days` days, each missing some days (so timestamps hold different symbol sets). */
function universe(n: number, days: number, seed: number): Array<Array<Bar & { symbol: string }>> {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, s) => {
    let price = 50 + s;
    const bars: Array<Bar & { symbol: string }> = [];
    for (let d = 0; d < days; d++) {
      price *= Math.exp((rand() - 0.5) * 0.04);
      if (rand() < 0.1) continue;
      bars.push({ symbol: `S${s}`, t: Date.UTC(2022, 0, 3) + d * DAY, o: price, h: price * 1.01, l: price * 0.99, c: price, v: 1000 + d });
    }
    return bars;
  });
}

function columnsOf(series: ReadonlyArray<ReadonlyArray<Bar & { symbol: string }>>, before: number): BarColumns[] {
  return series.map((bars, s) => {
    const head = bars.filter((b) => b.t < before);
    const col = (f: keyof Bar) => Float64Array.from(head, (b) => b[f]);
    return { symbol: `S${s}`, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
  });
}

const timeline = (d: MarketData) => ({ sym: [...d.stepSym], bar: [...d.stepBar], time: [...d.stepTime], times: [...d.times], starts: [...d.timeStart] });

describe('market data timeline', () => {
  it('many symbols (the heap merge): steps by time, ties in symbol order, each symbol in bar order', () => {
    const cols = columnsOf(universe(40, 60, 3), Infinity);
    const d = new MarketData(cols);
    const expected = cols.flatMap((c, s) => [...c.t].map((t, i) => ({ t, s, i }))).sort((a, b) => a.t - b.t || a.s - b.s || a.i - b.i);
    expect([...d.stepSym]).toEqual(expected.map((x) => x.s));
    expect([...d.stepBar]).toEqual(expected.map((x) => x.i));
    expect([...d.times]).toEqual([...new Set(expected.map((x) => x.t))]);
  });
});

describe('growing market data', () => {
  it('after each appended timestamp equals data built fresh over the same bars: timeline, SMA and indicator lines', () => {
    const series = universe(20, 80, 5);
    const split = Date.UTC(2022, 0, 3) + 50 * DAY;
    const growing = GrowingMarketData.from(columnsOf(series, split));
    // Read series before growing, as a warm run has.
    growing.smaSeries(3, 10);
    growing.indicatorLines(4, 'bollinger', { period: 20 });
    growing.indicatorLines(5, 'beta', { period: 15 }, 0);
    for (let d = 50; d < 80; d++) {
      const t = Date.UTC(2022, 0, 3) + d * DAY;
      const bars = series.flatMap((list) => list.filter((b) => b.t === t)).map((b) => ({ symbol: b.symbol, bar: b }));
      growing.appendTime(t, bars.reverse());
      const fresh = new MarketData(columnsOf(series, t + 1));
      expect(timeline(growing)).toEqual(timeline(fresh));
      expect(growing.columns.map((c) => [...c.c])).toEqual(fresh.columns.map((c) => [...c.c]));
      expect([...growing.smaSeries(3, 10)]).toEqual([...fresh.smaSeries(3, 10)]);
      const lines = growing.indicatorLines(4, 'bollinger', { period: 20 });
      const freshLines = fresh.indicatorLines(4, 'bollinger', { period: 20 });
      for (const name of Object.keys(freshLines)) expect([...lines[name]!]).toEqual([...freshLines[name]!]);
      expect([...growing.indicatorLines(5, 'beta', { period: 15 }, 0).beta!]).toEqual([...fresh.indicatorLines(5, 'beta', { period: 15 }, 0).beta!]);
    }
    expect(growing.version).toBe(30);
  });

  it('feeds refreshed after each append read as fresh data up to its end, and hand back new lines only when the buffers move', () => {
    const series = universe(6, 120, 11);
    const split = Date.UTC(2022, 0, 3) + 20 * DAY;
    const growing = GrowingMarketData.from(columnsOf(series, split));
    const bands = growing.indicatorFeed(2, 'bollinger', { period: 10, k: 2 });
    const beta = growing.indicatorFeed(4, 'beta', { period: 8 }, 0);
    const sma = growing.smaFeed(3, 5);
    let seenBands = bands.lines();
    let seenSma = sma.series();
    let moves = 0;
    for (let d = 20; d < 120; d++) {
      const t = Date.UTC(2022, 0, 3) + d * DAY;
      const bars = series.flatMap((list) => list.filter((b) => b.t === t)).map((b) => ({ symbol: b.symbol, bar: b }));
      growing.appendTime(t, bars);
      bands.refresh();
      beta.refresh();
      sma.refresh();
      const fresh = new MarketData(columnsOf(series, t + 1));
      const upTo = (a: Float64Array, s: number) => [...a.subarray(0, fresh.columns[s]!.t.length)];
      const freshBands = fresh.indicatorLines(2, 'bollinger', { period: 10, k: 2 });
      for (const name of Object.keys(freshBands)) expect(upTo(bands.lines()[name]!, 2)).toEqual([...freshBands[name]!]);
      expect(upTo(beta.lines().beta!, 4)).toEqual([...fresh.indicatorLines(4, 'beta', { period: 8 }, 0).beta!]);
      expect(upTo(sma.series(), 3)).toEqual([...fresh.smaSeries(3, 5)]);
      // A holder rebinds only when its lines are another object; the same object must then hold the new bars.
      if (bands.lines() !== seenBands) {
        moves++;
        expect(bands.lines().middle!.length).toBeGreaterThan(seenBands.middle!.length);
        seenBands = bands.lines();
      }
      if (sma.series() !== seenSma) seenSma = sma.series();
      expect(bands.lines().middle!.length).toBeGreaterThanOrEqual(fresh.columns[2]!.t.length);
      expect(sma.series().length).toBeGreaterThanOrEqual(fresh.columns[3]!.t.length);
    }
    // 18-20 bars at the start, room for as many again: the buffers moved at least twice over 100 appends.
    expect(moves).toBeGreaterThanOrEqual(2);
  });

  it('refuses a bar at or before its last time, and a symbol it does not have', () => {
    const series = universe(3, 10, 9);
    const growing = GrowingMarketData.from(columnsOf(series, Infinity));
    const last = growing.lastTime;
    const bar = { t: last, o: 1, h: 1, l: 1, c: 1, v: 1 };
    expect(() => growing.appendTime(last, [{ symbol: 'S0', bar }])).toThrow(/not later/);
    expect(() => growing.appendTime(last + DAY, [{ symbol: 'ZZZ', bar: { ...bar, t: last + DAY } }])).toThrow(/not in this data/);
  });
});
