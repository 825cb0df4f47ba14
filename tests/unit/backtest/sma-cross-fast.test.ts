import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEngine } from '../../../src-main/backtest/engine.js';
import { accountModel, fillModel, type AccountModelInput, type FillModelInput } from '../../../src-main/backtest/fill-model.js';
import { MarketData, toColumns } from '../../../src-main/backtest/market-data.js';
import { tradeStats } from '../../../src-main/backtest/metrics.js';
import { evaluateCombo, evaluateCombos } from '../../../src-main/backtest/optimize/evaluate.js';
import { runSmaCrossFast, smaCrossFastParams } from '../../../src-main/backtest/optimize/sma-cross-fast.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import type { StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';
import { bars } from './helpers.js';

/**
 * The sweep's sma-cross fast path must be the engine, bit for bit: every number the sweep reports (metrics, final
 * value, bar count) and everything they are computed from (the equity column, the bars exposed, the closed trades'
 * statistics, notional and commissions), over the real daily files and every fill and account setting the fast path accepts.
 */
const definition = smaCross as unknown as StrategyDefinition;
const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();
const dataOf = (file: string) => new MarketData([toColumns('REAL', parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file))]);

const SETTINGS: Array<{ name: string; fill: FillModelInput; account: AccountModelInput }> = [
  { name: 'defaults', fill: {}, account: {} },
  { name: 'fills at the close', fill: { marketFill: 'close' }, account: {} },
  { name: 'fixed slippage, per-share commission with a minimum, regulatory fees', fill: { slippage: { kind: 'fixed-bps', bps: 7 }, commission: { kind: 'per-share', perShare: 0.005, minPerOrder: 1 }, regulatoryFees: {} }, account: {} },
  { name: 'per-order commission at the close', fill: { marketFill: 'close', commission: { kind: 'per-order', perOrder: 4.95 } }, account: { cash: 25_000 } },
  { name: 'percent commission, 2x margin', fill: { commission: { kind: 'percent', percent: 0.1 }, regulatoryFees: { secPerMillion: 8, tafPerShare: 0.0002, tafMax: 9 } }, account: { leverage: 2, allowShort: true } },
  // Small cash and a large size: many buys are refused for buying power, as the engine refuses them.
  { name: 'buys refused for buying power', fill: { slippage: { kind: 'fixed-bps', bps: 25 } }, account: { cash: 3_000 } },
];
const COMBOS = [
  { fast: 10, slow: 30, size: 100 },
  { fast: 3, slow: 7, size: 250 },
  { fast: 20, slow: 150, size: 40 },
];

function compare(data: MarketData, params: { fast: number; slow: number; size: number }, fillInput: FillModelInput, accountInput: AccountModelInput, from?: number, to?: number) {
  const fill = fillModel.parse(fillInput);
  const account = accountModel.parse(accountInput);
  const p = smaCrossFastParams(definition, params, data, fill);
  expect(p).toBeDefined();
  const range = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  const engine = runEngine(definition, params, data, { fill, account, record: false, ...range });
  const equity = new Float64Array(engine.equity.length);
  const [fast] = runSmaCrossFast([p!], data, fill, account, from ?? 0, to ?? data.times.length, () => new Float64Array(engine.equity.length), [equity]);
  if (fast === undefined) throw new Error('no run');
  expect(Array.from(equity)).toEqual(Array.from(engine.equity));
  expect(fast.exposedBars).toBe(engine.exposed.reduce((n, x) => n + x, 0));
  expect(Array.from(fast.times)).toEqual(Array.from(engine.times));
  expect(fast.trades).toEqual(tradeStats(engine.trades.closed));
  expect([fast.tradedNotional, fast.commissions, fast.finalValue, fast.bars]).toEqual([engine.tradedNotional, engine.commissions, engine.finalValue, engine.bars]);
  const viaSweep = evaluateCombo(definition, params, data, { fill: fillInput, account: accountInput, ...range });
  const viaEngine = evaluateCombo(definition, params, data, { fill: fillInput, account: accountInput, ...range, fastPath: false });
  expect(viaSweep).toEqual(viaEngine);
  return engine;
}

describe('sma-cross fast path equals the event-driven engine', () => {
  it.each(files)('%s, every setting and combination', (file) => {
    const data = dataOf(file);
    let trades = 0;
    for (const setting of SETTINGS) for (const combo of COMBOS) trades += compare(data, combo, setting.fill, setting.account).trades.closed.length;
    // Not a comparison of two idle runs: the combinations trade on these files.
    expect(trades).toBeGreaterThan(0);
  });

  it('buying-power refusals happen and match', () => {
    const data = dataOf('nvda-1999-2014.txt');
    const big = { fast: 5, slow: 20, size: 400 };
    const engine = runEngine(definition, big, data, { account: { cash: 3_000 }, record: true });
    expect(engine.orders.some((o) => o.state === 'rejected')).toBe(true);
    compare(data, big, {}, { cash: 3_000 });
  });

  it('a window of the data (from/to) with warm-up before it', () => {
    const data = dataOf('orcl-1995-2014.txt');
    for (const setting of SETTINGS) compare(data, { fast: 8, slow: 40, size: 100 }, setting.fill, setting.account, 700, 3_100);
  });

  it('exact ties, a cross on the last bar and a position still open at the end', () => {
    // Closes chosen so the 1- and 2-bar means tie, cross up and down, and cross up again on the final bar.
    const closes = [10, 10, 10, 12, 11, 9, 9, 8, 10, 13, 12, 10, 9, 11, 14];
    const data = new MarketData([toColumns('HAND', bars(closes.map((c) => [c, c + 1, c - 1, c] as [number, number, number, number])))]);
    for (const setting of SETTINGS) compare(data, { fast: 1, slow: 2, size: 10 }, setting.fill, setting.account);
  });

  it('several combinations in one pass (a sweep chunk) give each one its own result, engine-only ones among them', () => {
    const data = dataOf('orcl-1995-2014.txt');
    // A fractional size is not the fast path's: it runs through the engine in the same call.
    const combos = [
      { fast: 5, slow: 30, size: 100 },
      { fast: 5, slow: 40, size: 100 },
      { fast: 7, slow: 30, size: 2.5 },
      { fast: 10, slow: 30, size: 100 },
      { fast: 10, slow: 200, size: 300 },
      { fast: 20, slow: 25, size: 50 },
    ];
    for (const setting of SETTINGS) {
      for (const range of [{}, { from: 300, to: 4_500 }]) {
        const together = evaluateCombos(definition, combos, data, { fill: setting.fill, account: setting.account, ...range });
        const alone = combos.map((c) => evaluateCombo(definition, c, data, { fill: setting.fill, account: setting.account, ...range, fastPath: false }));
        expect(together).toEqual(alone);
      }
    }
  });

  it('falls back to the engine where it does not apply', () => {
    const data = dataOf('orcl-2014.txt');
    const fill = fillModel.parse({});
    expect(smaCrossFastParams(definition, { fast: 10, slow: 30, size: 100 }, data, fillModel.parse({ slippage: { kind: 'volume-share', impact: 0.1, maxShare: 0.01 } }))).toBeUndefined();
    expect(smaCrossFastParams(definition, { fast: 30, slow: 10, size: 100 }, data, fill)).toBeUndefined();
    expect(smaCrossFastParams(definition, { fast: 10, slow: 30 }, data, fill)).toBeUndefined();
    const two = new MarketData([...dataOf('orcl-2014.txt').columns, { ...dataOf('yhoo-2014.txt').columns[0]!, symbol: 'OTHER' }]);
    expect(smaCrossFastParams(definition, { fast: 10, slow: 30, size: 100 }, two, fill)).toBeUndefined();
    // The engine's own error for parameters the strategy refuses comes through unchanged.
    expect(() => evaluateCombo(definition, { fast: 30, slow: 10, size: 100 }, data, {})).toThrow(/fast \(30\) must be shorter than slow \(10\)/);
  });
});
