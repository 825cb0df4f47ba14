import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { backtestOptions } from '../../../src-main/options/backtest/engine.js';
import { OPTION_STRATEGIES } from '../../../src-main/strategies/options/index.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/**
 * No lookahead: each option strategy run over a file and over the same file cut short makes exactly the same fills,
 * expiry events and equity up to the cut. The chain, IV rank and every input a decision reads come from data up to
 * the bar being handled, so what comes later cannot change an earlier decision.
 */
const file = 'yhoo-2003-2005.txt';
const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);

describe.each([...OPTION_STRATEGIES.keys()])('%s makes no use of future bars', (name) => {
  it('cut at three points: the same decisions up to each cut', () => {
    const definition = OPTION_STRATEGIES.get(name)!;
    const params = parseParams(definition.params, {});
    const full = backtestOptions(definition, params, 'GOLD', rows, { seed: 3 });
    for (const cut of [200, 420, 650]) {
      const last = rows[cut - 1]!.date;
      const part = backtestOptions(definition, params, 'GOLD', rows.slice(0, cut), { seed: 3 });
      expect(part.fills).toEqual(full.fills.filter((f) => f.date <= last));
      expect(part.events).toEqual(full.events.filter((e) => e.date <= last));
      expect(part.equity).toEqual(full.equity.slice(0, cut));
    }
  });
});
