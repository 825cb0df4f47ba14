import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { smaCross } from '../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden backtests: sma-cross (10/30/100, $100,000, default fills) on every real daily file, against statistics
 * and a SHA-256 of the order list checked in beside this test. A change that moves a number must update
 * sma-cross-golden.json in the same commit: regenerate deliberately with
 *   UPDATE_GOLDEN=1 npx vitest run tests/regression/sma-cross-golden.test.ts
 */
const GOLDEN = join(__dirname, 'sma-cross-golden.json');
const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();

function summarise(file: string) {
  const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
  const r = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'GOLD', rows, { account: { cash: 100_000 } });
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(10)));
  return {
    bars: r.bars,
    orders: r.orders.length,
    closedTrades: r.closedTrades,
    finalValue: r.finalValue,
    ordersHash: r.ordersHash,
    totalReturn: round(r.metrics.totalReturn),
    cagr: round(r.metrics.cagr),
    sharpe: round(r.metrics.sharpe),
    maxDrawdown: round(r.metrics.maxDrawdown),
    maxDrawdownBars: r.metrics.maxDrawdownBars,
    winRate: round(r.metrics.winRate),
    profitFactor: round(r.metrics.profitFactor),
    exposure: round(r.metrics.exposure),
  };
}

describe('golden sma-cross backtests on the real daily files', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(files.map((f) => [f, summarise(f)])), null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, ReturnType<typeof summarise>>;
  it('covers every file', () => {
    expect(Object.keys(golden).sort()).toEqual(files);
  });
  it.each(files)('%s', (file) => {
    expect(summarise(file)).toEqual(golden[file]);
  });
});
