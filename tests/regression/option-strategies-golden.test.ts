import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYahooCsv } from '../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../src-main/kernel/strategy/params.js';
import { backtestOptions } from '../../src-main/options/backtest/engine.js';
import { OPTION_STRATEGIES } from '../../src-main/strategies/options/index.js';
import { YAHOO_DAILY_DIR } from '../support/data.js';

/**
 * Golden option backtests of the OptionsBot strategies (defaults; $100,000; the synthetic surface, seed 7; fills at
 * mid plus half the half-spread, $0.65 a contract) on real daily files, against figures and a SHA-256 of the fills and
 * expiry events checked in beside this test. A change that moves a number must update option-strategies-golden.json
 * in the same commit; regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run tests/regression/option-strategies-golden.test.ts
 */
const GOLDEN = join(__dirname, 'option-strategies-golden.json');
const FILES = ['yhoo-2003-2005.txt', 'orcl-2003-2005.txt', 'nvda-2014.txt'];
const rows = new Map(FILES.map((f) => [f, parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, f), 'utf8'), f)]));

function summarise(name: string, file: string) {
  const definition = OPTION_STRATEGIES.get(name)!;
  const r = backtestOptions(definition, parseParams(definition.params, {}), 'GOLD', rows.get(file)!, { cash: 100_000, seed: 7 });
  const round = (x: number) => Number(x.toPrecision(10));
  return {
    sessions: r.sessions,
    fills: r.fills.length,
    closed: r.closed.length,
    events: r.events.length,
    warnings: r.warnings.length,
    finalValue: r.finalValue,
    totalReturn: round(r.totalReturn),
    maxDrawdown: round(r.maxDrawdown),
    fillsHash: r.fillsHash,
  };
}

describe('golden option strategy backtests on the real daily files', () => {
  const names = [...OPTION_STRATEGIES.keys()];
  if (process.env.UPDATE_GOLDEN) {
    it('regenerates the golden file', () => {
      const out = Object.fromEntries(names.map((n) => [n, Object.fromEntries(FILES.map((f) => [f, summarise(n, f)]))]));
      writeFileSync(GOLDEN, `${JSON.stringify(out, null, 2)}\n`);
    });
    return;
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, ReturnType<typeof summarise>>>;
  it('covers every strategy and file, and every strategy trades on some file (one that never trades proves nothing)', () => {
    expect(Object.keys(golden).sort()).toEqual([...names].sort());
    for (const n of names) {
      expect(Object.keys(golden[n]!).sort()).toEqual([...FILES].sort());
      expect(Math.max(...FILES.map((f) => golden[n]![f]!.fills)), n).toBeGreaterThan(3);
    }
  });
  describe.each(names)('%s', (name) => {
    it.each(FILES)('%s', (file) => {
      expect(summarise(name, file)).toEqual(golden[name]![file]);
    });
  });
});
