import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../src-main/backtest/backtest.js';
import { parseYahooCsv, type YahooRow } from '../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { STRATEGIES } from '../../src-main/strategies/index.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden backtests of ml-signal with the shipped model (models/example/1; defaults, and a stricter threshold) on
 * every real daily file ($100,000, default fills). The model was trained on the three long files, so on those this
 * is a record of behaviour, not evidence of an edge (the model's card holds its out-of-sample scores).
 * Regenerate with UPDATE_GOLDEN=1 npx vitest run tests/regression/ml-signal-golden.test.ts
 */
const GOLDEN = join(__dirname, 'ml-signal-golden.json');
const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt')).sort();
const rows = new Map<string, YahooRow[]>(files.map((f) => [f, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, f), 'utf8'), f)]));
const CASES: ReadonlyArray<{ label: string; params: Record<string, string> }> = [
  { label: 'ml-signal', params: {} },
  { label: 'ml-signal buyAbove=0.6', params: { buyAbove: '0.6', fullAt: '0.7' } },
];

function summarise(c: (typeof CASES)[number], file: string) {
  const definition = STRATEGIES.get('ml-signal')!;
  const r = backtestBars(definition, parseParams(definition.params, c.params), 'GOLD', rows.get(file)!, { account: { cash: 100_000 } });
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(10)));
  return { bars: r.bars, orders: r.orders.length, closedTrades: r.closedTrades, finalValue: r.finalValue, ordersHash: r.ordersHash, totalReturn: round(r.metrics.totalReturn), sharpe: round(r.metrics.sharpe), maxDrawdown: round(r.metrics.maxDrawdown) };
}

describe('golden ml-signal backtests on the real daily files', () => {
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(CASES.map((c) => [c.label, Object.fromEntries(files.map((f) => [f, summarise(c, f)]))])), null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, ReturnType<typeof summarise>>>;
  it('trades on the long files (a strategy that never trades proves nothing)', () => {
    for (const c of CASES) expect(golden[c.label]!['orcl-1995-2014.txt']!.closedTrades, c.label).toBeGreaterThan(3);
  });
  describe.each(CASES)('$label', (c) => {
    it.each(files)('%s', (file) => {
      expect(summarise(c, file)).toEqual(golden[c.label]![file]);
    });
  });
});
