import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src-main/backtest/backtest.js';
import { MarketData, toColumns } from '../../src-main/backtest/market-data.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import { cointegratedMinuteBars, tickData, tickStream } from '../support/tick-stream.js';

/**
 * Golden backtests of the microstructure strategies on deterministic synthetic data (tests/support/tick-stream.ts:
 * seeded quotes, trades and the 1-minute bars they make; two cointegrated symbols over three sessions for the
 * pairs), with the engine's bar fill rules ($1,000,000 for the quoting cases, $100,000 otherwise), against figures
 * and a SHA-256 of the order list (reasons included) checked in beside this test. Regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run tests/regression/microstructure-golden.test.ts
 */
const GOLDEN = join(__dirname, 'microstructure-golden.json');
// 2024-01-16 14:30 New York (19:30 UTC): the last 90 minutes of the session, through the 15:55 flattening.
const LATE = Date.UTC(2024, 0, 16, 19, 30);
const OPENS = [Date.UTC(2024, 0, 16, 14, 30), Date.UTC(2024, 0, 17, 14, 30), Date.UTC(2024, 0, 18, 14, 30)];

const quoting = tickData([['SYN', tickStream({ seed: 11, start: LATE, minutes: 90, price: 100, vol: 0.0001, flowLead: 2 })]]);
const trending = tickData([['SYN', tickStream({ seed: 5, start: LATE, minutes: 90, price: 100, vol: 0.0001, drift: 4e-6 })]]);
const flow = tickData([
  ['AAA', tickStream({ seed: 21, start: LATE, minutes: 90, price: 40, vol: 0.0001, flowLead: 3 })],
  ['BBB', tickStream({ seed: 22, start: LATE, minutes: 90, price: 120, vol: 0.0001, flowLead: 3 })],
]);
const pairBars = cointegratedMinuteBars(3, OPENS);
const pairs = new MarketData([toColumns('AAA', pairBars.a), toColumns('BBB', pairBars.b)]);

interface Case {
  label: string;
  strategy: string;
  params: Record<string, string | number>;
  data: MarketData;
  cash: number;
}

export const CASES: readonly Case[] = [
  { label: 'market-making', strategy: 'market-making', params: {}, data: quoting, cash: 1_000_000 },
  { label: 'market-making gamma=0.01 maxInventory=300 (trending)', strategy: 'market-making', params: { gamma: 0.01, maxInventory: 300 }, data: trending, cash: 1_000_000 },
  { label: 'order-flow-imbalance allowShort=true', strategy: 'order-flow-imbalance', params: { allowShort: 'true' }, data: flow, cash: 100_000 },
  { label: 'order-flow-imbalance imbalanceThreshold=0.5 holdSeconds=300', strategy: 'order-flow-imbalance', params: { imbalanceThreshold: 0.5, holdSeconds: 300 }, data: flow, cash: 100_000 },
  { label: 'intraday-stat-arb', strategy: 'intraday-stat-arb', params: {}, data: pairs, cash: 100_000 },
  { label: 'intraday-stat-arb entryZ=1.25 exitZ=0.25', strategy: 'intraday-stat-arb', params: { entryZ: 1.25, exitZ: 0.25 }, data: pairs, cash: 100_000 },
];

function summarise(c: Case) {
  const definition = STRATEGIES.get(c.strategy)!;
  const r = runBacktest(definition, parseParams(definition.params, c.params), c.data, { account: { cash: c.cash, allowShort: true } });
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(10)));
  const states: Record<string, number> = {};
  for (const o of r.orders) states[o.state] = (states[o.state] ?? 0) + 1;
  return {
    bars: r.bars,
    orders: r.orders.length,
    states,
    fills: r.fills.length,
    closedTrades: r.closedTrades,
    positions: r.positions,
    finalValue: r.finalValue,
    ordersHash: r.ordersHash,
    totalReturn: round(r.metrics.totalReturn),
    maxDrawdown: round(r.metrics.maxDrawdown),
    warnings: r.logs.filter((l) => l.level === 'warn').length,
  };
}

describe('golden microstructure backtests on seeded synthetic ticks', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(CASES.map((c) => [c.label, summarise(c)])), null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, ReturnType<typeof summarise>>;
  it('covers every case; every case trades and ends the session flat', () => {
    expect(Object.keys(golden).sort()).toEqual(CASES.map((c) => c.label).sort());
    for (const c of CASES) {
      expect(golden[c.label]!.closedTrades, c.label).toBeGreaterThan(3);
      expect(golden[c.label]!.positions, c.label).toEqual({});
    }
  });
  it.each(CASES)('$label', (c) => {
    expect(summarise(c)).toEqual(golden[c.label]);
  });
});
