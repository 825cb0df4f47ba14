import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { parseYahooCsv, type YahooRow } from '../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden backtests of the StockBot strategies (defaults, and each variant a parameter selects; $100,000, default
 * fills) on every real daily file, against figures and a SHA-256 of the order list checked in beside this test.
 * A change that moves a number must update stock-strategies-golden.json in the same commit; regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run tests/regression/stock-strategies-golden.test.ts
 */
const GOLDEN = join(__dirname, 'stock-strategies-golden.json');
const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();
const rows = new Map<string, YahooRow[]>(files.map((f) => [f, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, f), 'utf8'), f)]));

export const CASES: ReadonlyArray<{ label: string; strategy: string; params: Record<string, string> }> = [
  { label: 'mean-reversion', strategy: 'mean-reversion', params: {} },
  { label: 'mean-reversion variant=ibs', strategy: 'mean-reversion', params: { variant: 'ibs' } },
  { label: 'breakout', strategy: 'breakout', params: {} },
  { label: 'breakout variant=dual-thrust', strategy: 'breakout', params: { variant: 'dual-thrust' } },
  { label: 'trend-following', strategy: 'trend-following', params: {} },
  { label: 'trend-following filter=macd', strategy: 'trend-following', params: { filter: 'macd' } },
  { label: 'swing', strategy: 'swing', params: {} },
];

function summarise(c: (typeof CASES)[number], file: string) {
  const definition = STRATEGIES.get(c.strategy)!;
  const r = backtestBars(definition, parseParams(definition.params, c.params), 'GOLD', rows.get(file)!, { account: { cash: 100_000 } });
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(10)));
  return {
    bars: r.bars,
    orders: r.orders.length,
    closedTrades: r.closedTrades,
    finalValue: r.finalValue,
    ordersHash: r.ordersHash,
    totalReturn: round(r.metrics.totalReturn),
    sharpe: round(r.metrics.sharpe),
    maxDrawdown: round(r.metrics.maxDrawdown),
    winRate: round(r.metrics.winRate),
    exposure: round(r.metrics.exposure),
  };
}

describe('golden StockBot backtests on the real daily files', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      const out = Object.fromEntries(CASES.map((c) => [c.label, Object.fromEntries(files.map((f) => [f, summarise(c, f)]))]));
      writeFileSync(GOLDEN, `${JSON.stringify(out, null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, ReturnType<typeof summarise>>>;
  it('covers every case and every file', () => {
    expect(Object.keys(golden).sort()).toEqual(CASES.map((c) => c.label).sort());
    for (const c of CASES) expect(Object.keys(golden[c.label]!).sort()).toEqual(files);
  });
  it('every case trades on the long files (a strategy that never trades proves nothing)', () => {
    for (const c of CASES) expect(golden[c.label]!['orcl-1995-2014.txt']!.closedTrades, c.label).toBeGreaterThan(3);
  });
  describe.each(CASES)('$label', (c) => {
    it.each(files)('%s', (file) => {
      expect(summarise(c, file)).toEqual(golden[c.label]![file]);
    });
  });
});
