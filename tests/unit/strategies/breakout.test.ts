import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv } from '../../../src-main/history/csv/yahoo.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { breakout } from '../../../src-main/strategies/stock/breakout.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

const bars = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'yhoo-1996-2014.txt'), 'utf8'), 'yhoo');

/** The rules written out over plain arrays: each decision bar and side, flat/long tracked from the decisions. */
function reference(decide: (i: number, long: boolean) => 'buy' | 'sell' | undefined, from: number) {
  const out: Array<{ i: number; side: string }> = [];
  let long = false;
  for (let i = from; i < bars.length; i++) {
    const side = decide(i, long);
    if (side === undefined) continue;
    out.push({ i, side });
    long = side === 'buy';
  }
  return out;
}

/** Half the equity a position, so that no gap at the next open leaves a buy without the cash (every order fills). */
function decisions(params: Record<string, string>) {
  const r = backtestBars(breakout, parseParams(breakout.params, { allocation: '0.5', ...params }), 'YHOO', bars);
  expect(r.orders.filter((o) => o.state !== 'filled' && o.submittedAt !== bars[bars.length - 1]!.t)).toEqual([]);
  return r.orders.map((o) => ({ i: bars.findIndex((b) => b.t === o.submittedAt), side: o.side }));
}

describe('breakout', () => {
  it('donchian: buys a close above the 20 highs before it, sells a close below the 10 lows before it', () => {
    const hi = (i: number, n: number) => Math.max(...bars.slice(i - n, i).map((b) => b.h));
    const lo = (i: number, n: number) => Math.min(...bars.slice(i - n, i).map((b) => b.l));
    const expected = reference((i, long) => (!long && bars[i]!.c > hi(i, 20) ? 'buy' : long && bars[i]!.c < lo(i, 10) ? 'sell' : undefined), 20);
    expect(expected.length).toBeGreaterThan(50);
    expect(decisions({})).toEqual(expected);
  });

  it('dual thrust: range = max(HH - LC, HC - LL) of the 4 bars before; buy above open + k1 x range, sell below open - k2 x range', () => {
    const expected = reference((i, long) => {
      const w = bars.slice(i - 4, i);
      const range = Math.max(Math.max(...w.map((b) => b.h)) - Math.min(...w.map((b) => b.c)), Math.max(...w.map((b) => b.c)) - Math.min(...w.map((b) => b.l)));
      const b = bars[i]!;
      return !long && b.c > b.o + 0.5 * range ? 'buy' : long && b.c < b.o - 0.7 * range ? 'sell' : undefined;
    }, 4);
    expect(expected.length).toBeGreaterThan(20);
    expect(decisions({ variant: 'dual-thrust', k1: '0.5', k2: '0.7' })).toEqual(expected);
  });
});
