import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../src-main/backtest/market-data.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import type { StrategyDefinition } from '../../src-main/kernel/strategy/types.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { parseBasketWeights } from '../../src-main/strategies/arbitrage/basket-weights.js';
import { etfBasketArbWith } from '../../src-main/strategies/arbitrage/etf-basket-arb.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden backtests of the multi-symbol strategies (StockBot momentum, sector-rotation, earnings-momentum; the
 * ArbitrageBot family) on the real daily files, ORCL 1995-2014, NVDA 1999-2014 and YHOO 1996-2014 as one universe
 * ($100,000, default fills; short selling on where a case trades both legs), against figures and a SHA-256 of the
 * order list (reasons included) checked in beside this test. The files hold no sector ETF, bond fund or ETF: the
 * cases that need one use these stocks in its place, as their labels say. Regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run tests/regression/cross-sectional-golden.test.ts
 */
const GOLDEN = join(__dirname, 'cross-sectional-golden.json');
const UNIVERSE: ReadonlyArray<[string, string]> = [
  ['ORCL', 'orcl-1995-2014.txt'],
  ['NVDA', 'nvda-1999-2014.txt'],
  ['YHOO', 'yhoo-1996-2014.txt'],
];
const data = new MarketData(UNIVERSE.map(([s, f]) => toColumns(s, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, f), 'utf8'), f))));
const basket = parseBasketWeights(readFileSync(join(__dirname, '..', 'fixtures', 'strategy-inputs', 'orcl-basket-weights.csv'), 'utf8'));

interface Case {
  label: string;
  definition: StrategyDefinition;
  params: Record<string, string | number>;
  allowShort?: boolean;
}

const registered = (name: string) => STRATEGIES.get(name)!;
export const CASES: readonly Case[] = [
  { label: 'momentum topN=1', definition: registered('momentum'), params: { topN: 1 } },
  { label: 'momentum variant=time-series', definition: registered('momentum'), params: { variant: 'time-series' } },
  { label: 'sector-rotation topN=1 (stocks for sector ETFs)', definition: registered('sector-rotation'), params: { topN: 1 } },
  { label: 'sector-rotation topN=1 score=lean fallback=last-symbol (YHOO for the bond fund)', definition: registered('sector-rotation'), params: { topN: 1, score: 'lean', fallback: 'last-symbol' } },
  { label: 'earnings-momentum (volume-spike events)', definition: registered('earnings-momentum'), params: {} },
  { label: 'earnings-momentum legs=long-short', definition: registered('earnings-momentum'), params: { legs: 'long-short' }, allowShort: true },
  { label: 'pairs-trading (kalman)', definition: registered('pairs-trading'), params: {}, allowShort: true },
  { label: 'pairs-trading hedge=static', definition: registered('pairs-trading'), params: { hedge: 'static' }, allowShort: true },
  { label: 'pairs-trading maxPValue=0.2 legs=long-only', definition: registered('pairs-trading'), params: { maxPValue: 0.2, legs: 'long-only' } },
  { label: 'stat-arb components=1', definition: registered('stat-arb'), params: { components: 1 }, allowShort: true },
  { label: 'stat-arb components=1 legs=long-only', definition: registered('stat-arb'), params: { components: 1, legs: 'long-only' } },
  { label: 'etf-basket-arb fitted weights (ORCL for the ETF)', definition: registered('etf-basket-arb'), params: {}, allowShort: true },
  { label: 'etf-basket-arb weights file legs=long-only (ORCL for the ETF)', definition: etfBasketArbWith(basket) as unknown as StrategyDefinition, params: { legs: 'long-only' } },
];

function summarise(c: Case) {
  const r = runBacktest(c.definition, parseParams(c.definition.params, c.params), data, { account: { cash: 100_000, allowShort: c.allowShort ?? false } });
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(10)));
  return {
    bars: r.bars,
    orders: r.orders.length,
    rejected: r.orders.filter((o) => o.state === 'rejected').length,
    symbolsTraded: [...new Set(r.orders.map((o) => o.symbol))].sort(),
    closedTrades: r.closedTrades,
    finalValue: r.finalValue,
    ordersHash: r.ordersHash,
    totalReturn: round(r.metrics.totalReturn),
    sharpe: round(r.metrics.sharpe),
    maxDrawdown: round(r.metrics.maxDrawdown),
    exposure: round(r.metrics.exposure),
  };
}

describe('golden multi-symbol backtests on the real daily files', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(CASES.map((c) => [c.label, summarise(c)])), null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, ReturnType<typeof summarise>>;
  it('covers every case, and every case trades (a strategy that never trades proves nothing)', () => {
    expect(Object.keys(golden).sort()).toEqual(CASES.map((c) => c.label).sort());
    for (const c of CASES) expect(golden[c.label]!.closedTrades, c.label).toBeGreaterThan(3);
  });
  it.each(CASES.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    expect(summarise(c)).toEqual(golden[c.label]);
  });
});
