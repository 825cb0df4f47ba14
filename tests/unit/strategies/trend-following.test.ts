import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { trendFollowing } from '../../../src-main/strategies/stock/trend-following.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl');

/** Annualised sample deviation of the last n log returns up to bar i, written out here independently. */
function vol(i: number, n: number): number {
  const r: number[] = [];
  for (let k = i - n + 1; k <= i; k++) r.push(Math.log(bars[k]!.c / bars[k - 1]!.c));
  const m = r.reduce((a, b) => a + b, 0) / n;
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)) * Math.sqrt(252);
}

describe('trend-following: time-series momentum sized to a volatility target', () => {
  it('enters on the first bar whose 252-bar return turns positive, with targetVol / realised vol of equity', () => {
    const p = parseParams(trendFollowing.params, { filter: 'none', targetVol: 0.1 });
    const r = backtestBars(trendFollowing, p, 'ORCL', bars, { account: { cash: 100_000 } });
    const first = r.orders[0]!;
    const i = bars.findIndex((b) => b.t === first.submittedAt);
    // The signal: the first bar from the warm-up on with a positive 252-bar return.
    let expected = -1;
    for (let k = 252; k < bars.length; k++) {
      if (bars[k]!.c / bars[k - 252]!.c - 1 > 0) {
        expected = k;
        break;
      }
    }
    expect(i).toBe(expected);
    expect(first.side).toBe('buy');
    const fraction = Math.min(1, 0.1 / vol(i, 60));
    expect(fraction).toBeLessThan(1);
    expect(first.qty).toBe(Math.floor((100_000 * fraction) / bars[i]!.c));
  });

  it('the EMA filter holds entries back while the fast EMA is under the slow one', () => {
    const none = backtestBars(trendFollowing, parseParams(trendFollowing.params, { filter: 'none' }), 'ORCL', bars);
    const ema = backtestBars(trendFollowing, parseParams(trendFollowing.params, { filter: 'ema' }), 'ORCL', bars);
    expect(ema.orders.length).toBeGreaterThan(0);
    expect(ema.orders[0]!.submittedAt).toBeGreaterThanOrEqual(none.orders[0]!.submittedAt);
    expect(ema.ordersHash).not.toBe(none.ordersHash);
  });

  it('refuses an EMA filter whose fast window is not shorter than its slow one', () => {
    expect(() => backtestBars(trendFollowing, parseParams(trendFollowing.params, { emaFast: 100, emaSlow: 100 }), 'ORCL', bars)).toThrow(/emaFast/);
  });
});
