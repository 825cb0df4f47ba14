import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden backtests of the ensemble (a weighted vote of the stock strategies, trading through insights; $100,000,
 * default fills) on real daily files, against figures and a SHA-256 of the order list checked in beside this test.
 * Regenerate with UPDATE_GOLDEN=1 npx vitest run tests/regression/ensemble-golden.test.ts
 */
const GOLDEN = join(__dirname, 'ensemble-golden.json');
const FILES = ['orcl-1995-2014.txt', 'nvda-1999-2014.txt', 'yhoo-2003-2005.txt'];
const CASES: ReadonlyArray<{ label: string; params: Record<string, string> }> = [
  { label: 'ensemble', params: {} },
  { label: 'ensemble members=trend', params: { members: 'trend', horizonBars: '10' } },
];

function summarise(c: (typeof CASES)[number], file: string) {
  const definition = STRATEGIES.get('ensemble')!;
  const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
  const r = backtestBars(definition, parseParams(definition.params, c.params), 'GOLD', bars, { account: { cash: 100_000 } });
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
    exposure: round(r.metrics.exposure),
  };
}

describe('golden ensemble backtests on the real daily files', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      const out = Object.fromEntries(CASES.map((c) => [c.label, Object.fromEntries(FILES.map((f) => [f, summarise(c, f)]))]));
      writeFileSync(GOLDEN, `${JSON.stringify(out, null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, ReturnType<typeof summarise>>>;
  it('trades on the long files (an ensemble that never reaches consensus proves nothing)', () => {
    for (const c of CASES) expect(golden[c.label]!['orcl-1995-2014.txt']!.closedTrades, c.label).toBeGreaterThan(3);
  });
  describe.each(CASES)('$label', (c) => {
    it.each(FILES)('%s', (file) => {
      expect(summarise(c, file)).toEqual(golden[c.label]![file]);
    });
  });
});
