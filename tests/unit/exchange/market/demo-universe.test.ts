import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../../src-main/exchange/clock.js';
import { DEMO_PAIRS, DEMO_SECTORS, SECTOR_ETFS, demoEtfHoldings, demoEtfWeightsCsv, demoSectorMembers } from '../../../../src-main/exchange/market/demo-universe.js';
import { NyseCalendar } from '../../../../src-main/exchange/market/calendar.js';
import { DailyProcess } from '../../../../src-main/exchange/market/daily-process.js';
import { DEFAULT_SYMBOLS, profileOf } from '../../../../src-main/exchange/market/symbols.js';
import { SyntheticMarket } from '../../../../src-main/exchange/market/synthetic-market.js';
import { engleGranger } from '../../../../src-main/kernel/stats/engle-granger.js';
import { selectPairs } from '../../../../src-main/kernel/stats/pair-selection.js';
import { parseBasketWeights } from '../../../../src-main/strategies/arbitrage/basket-weights.js';

const at = (iso: string): number => Date.parse(iso);
const DAY = { amount: 1, unit: 'Day' } as const;
const market = (seed: number): SyntheticMarket => new SyntheticMarket({ seed, clock: new SimulatedClock(at('2024-12-31T23:00:00Z'), 0) });
// Bars are built from minute paths (slow to make for 60 symbols x years): a year of bars, and the daily process
// itself (the end-of-day log prices the bars land on) for the structure over three years.
const RANGE = [at('2024-01-01T00:00:00Z'), at('2024-12-31T00:00:00Z')] as const;
const calendar = new NyseCalendar();
const process = new DailyProcess(42, calendar, DEFAULT_SYMBOLS.map((s) => profileOf(s)));
const DATES = calendar.sessions('2022-01-01', '2024-12-31').map((s) => s.date);

function logCloses(m: SyntheticMarket, symbol: string): number[] {
  return m.bars(symbol, DAY, ...RANGE).map((b) => Math.log(b.c));
}
/** End-of-day log prices of the daily process. */
const endLogs = (symbol: string): number[] => DATES.map((d) => process.day(symbol, d)!.endLog);
const diff = (xs: number[]): number[] => xs.slice(1).map((x, i) => x - xs[i]!);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]): number => {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
};
function correlation(a: number[], b: number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - ma) * (b[i]! - mb);
    da += (a[i]! - ma) ** 2;
    db += (b[i]! - mb) ** 2;
  }
  return num / Math.sqrt(da * db);
}

describe('the demo universe of the synthetic market', { timeout: 180_000 }, () => {
  const m = market(42);

  it('lists at least 60 symbols: large caps of all 11 sectors, the 11 sector ETFs, SPY, QQQ, IWM, TLT and GLD', () => {
    const listed = m.assets().map((a) => a.symbol);
    expect(listed.length).toBeGreaterThanOrEqual(60);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(['XLK', 'XLF', 'XLV', 'XLE', 'XLI', 'XLY', 'XLP', 'XLU', 'XLB', 'XLRE', 'XLC', 'SPY', 'QQQ', 'IWM', 'TLT', 'GLD']));
    expect(DEMO_SECTORS).toHaveLength(11);
    for (const sector of DEMO_SECTORS) expect(demoSectorMembers(sector).length).toBeGreaterThanOrEqual(3);
    // Every symbol has history (a tracker's components are all listed).
    for (const symbol of listed) expect(m.bars(symbol, DAY, at('2024-12-02T00:00:00Z'), at('2024-12-05T00:00:00Z')).length).toBe(3);
  });

  it('is deterministic by seed, ETFs and pair followers too', () => {
    const again = market(42);
    const other = market(43);
    const month = [at('2024-11-01T00:00:00Z'), at('2024-12-01T00:00:00Z')] as const;
    for (const symbol of ['XLK', 'PEP', 'NEE']) {
      expect(again.bars(symbol, DAY, ...month)).toEqual(m.bars(symbol, DAY, ...month));
      expect(other.bars(symbol, DAY, ...month)).not.toEqual(m.bars(symbol, DAY, ...month));
    }
  });

  it('sector ETFs move with their members: log ETF - sum w log member is a small stationary gap', () => {
    const gapOf = (etfLog: number[], holdings: Array<{ symbol: string; weight: number }>, log: (s: string) => number[]) => {
      const members = holdings.map((h) => ({ w: h.weight, log: log(h.symbol) }));
      const basket = etfLog.map((_, i) => members.reduce((s, c) => s + c.w * c.log[i]!, 0));
      return { basket, gap: etfLog.map((v, i) => v - basket[i]!) };
    };
    for (const sector of DEMO_SECTORS) {
      const etf = SECTOR_ETFS[sector];
      const holdings = demoEtfHoldings(etf)!;
      expect(holdings.reduce((s, h) => s + h.weight, 0)).toBeCloseTo(1, 12);
      const etfLog = endLogs(etf);
      const { basket, gap } = gapOf(etfLog, holdings, endLogs);
      expect(correlation(diff(etfLog), diff(basket))).toBeGreaterThan(0.95);
      expect(sd(gap)).toBeLessThan(0.005);
      expect(engleGranger(etfLog, basket, { lags: 1 })!.adf.pValue).toBeLessThan(0.01);
    }
    // The bars carry it: the 16:00 closes of XLK against its holdings' (the gap's step ends at 20:00, so the closes
    // add each symbol's after-hours noise).
    const { basket, gap } = gapOf(logCloses(m, 'XLK'), demoEtfHoldings('XLK')!, (s) => logCloses(m, s));
    expect(correlation(diff(logCloses(m, 'XLK')), diff(basket))).toBeGreaterThan(0.8);
    expect(sd(gap)).toBeLessThan(0.01);
  });

  it('has a market factor and sector structure: stocks correlate with SPY, more within a sector than across', () => {
    const spy = diff(endLogs('SPY'));
    const returns = new Map(DEMO_SECTORS.flatMap((s) => demoSectorMembers(s)).map((s) => [s, diff(endLogs(s))]));
    const bySymbol = (s: string): number[] => returns.get(s)!;
    expect(mean([...returns.values()].map((r) => correlation(r, spy)))).toBeGreaterThan(0.3);
    const within: number[] = [];
    const across: number[] = [];
    for (const a of DEMO_SECTORS) {
      for (const b of DEMO_SECTORS) {
        const x = demoSectorMembers(a)[0]!;
        const y = demoSectorMembers(b)[1]!;
        (a === b ? within : across).push(correlation(bySymbol(x), bySymbol(y)));
      }
    }
    expect(mean(within)).toBeGreaterThan(mean(across) + 0.15);
    // TLT hedges: its correlation with the market is negative.
    expect(correlation(diff(endLogs('TLT')), spy)).toBeLessThan(0);
  });

  it('pairs share a common factor: pair selection over a sector-mixed universe finds the built-in pairs', () => {
    const symbols = ['KO', 'PEP', 'XOM', 'CVX', 'HD', 'LOW', 'V', 'MA', 'JPM', 'WMT', 'CAT', 'NEE', 'LIN', 'PG'];
    const windows = new Map(symbols.map((s) => [s, logCloses(m, s).slice(-252)]));
    const pairs = selectPairs(windows, { maxPValue: 0.05, minHalfLife: 2, maxHalfLife: 60, minCrossingsPerYear: 12, periodsPerYear: 252, lags: 1 });
    const found = new Set(pairs.map((p) => [p.y, p.x].sort().join('/')));
    for (const [a, b] of DEMO_PAIRS) {
      if (!symbols.includes(a)) continue;
      expect(found.has([a, b].sort().join('/'))).toBe(true);
    }
    // The built-in pairs rank first.
    const built = new Set(DEMO_PAIRS.map(([a, b]) => [a, b].sort().join('/')));
    expect(built.has([pairs[0]!.y, pairs[0]!.x].sort().join('/'))).toBe(true);
  });

  it('gives the sector ETFs holdings as a weights file etf-basket-arb reads', () => {
    const csv = demoEtfWeightsCsv('XLK')!;
    const parsed = parseBasketWeights(csv, 'XLK weights');
    const holdings = demoEtfHoldings('XLK')!;
    expect(parsed.map((p) => p.symbol)).toEqual(holdings.map((h) => h.symbol));
    for (let i = 0; i < parsed.length; i++) expect(parsed[i]!.weight).toBeCloseTo(holdings[i]!.weight, 5);
    expect(demoEtfWeightsCsv('AAPL')).toBeUndefined();
  });
});
