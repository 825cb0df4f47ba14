import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseYahooCsv, type YahooRow } from '../../../src-main/history/csv/yahoo.js';
import { smaCross } from '../../../src-main/strategies/sma-cross.js';
import { YAHOO_DAILY_DIR } from '../../support/data.js';

/**
 * An independent reading of the rules in exact integer arithmetic: prices become integer micro-dollars
 * (the files have 6 decimals), window sums are exact integers, and fast - slow is compared through
 * sumFast * slow - sumSlow * fast, so no rounding can make or hide a cross.
 */
function reference(rows: YahooRow[], fast: number, slow: number, size: number, cash: number) {
  const micros = rows.map((r) => ({ o: Math.round(r.o * 1e6), c: Math.round(r.c * 1e6) }));
  let cashMicros = cash * 1e6;
  let held = 0;
  let lastSign = 0;
  let pending: 'buy' | 'sell' | undefined;
  let pendingQty = 0;
  const orders: Array<{ i: number; side: string; qty: number; price: number }> = [];
  let closed = 0;
  for (let i = 0; i < rows.length; i++) {
    if (pending) {
      const price = micros[i]!.o;
      if (pending === 'buy') {
        cashMicros -= pendingQty * price;
        held += pendingQty;
      } else {
        cashMicros += pendingQty * price;
        held -= pendingQty;
        closed++;
      }
      orders.push({ i, side: pending, qty: pendingQty, price });
      pending = undefined;
    }
    if (i + 1 < slow) continue;
    let sumFast = 0;
    let sumSlow = 0;
    for (let k = i - fast + 1; k <= i; k++) sumFast += micros[k]!.c;
    for (let k = i - slow + 1; k <= i; k++) sumSlow += micros[k]!.c;
    const d = sumFast * slow - sumSlow * fast;
    if (d === 0) continue;
    const sign = d > 0 ? 1 : -1;
    const prev = lastSign;
    lastSign = sign;
    if (prev === 0 || prev === sign) continue;
    if (sign > 0 && held === 0) {
      pending = 'buy';
      pendingQty = size;
    } else if (sign < 0 && held > 0) {
      pending = 'sell';
      pendingQty = held;
    }
  }
  const finalMicros = cashMicros + held * micros[micros.length - 1]!.c;
  return { orders, closed, finalValue: Math.round(finalMicros / 1e4) / 100 };
}

const files = readdirSync(YAHOO_DAILY_DIR).filter((f) => f.endsWith('.txt'));

describe('sma-cross on the real daily files', () => {
  it.each(files)('%s: fills, closed trades and final value match an exact reference', (file) => {
    const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, file), 'utf8'), file);
    const ref = reference(rows, 10, 30, 100, 100_000);
    const result = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'TEST', rows, { account: { cash: 100_000 } });
    expect(result.fills.map((f) => ({ t: f.t, side: f.side, qty: f.qty, price: Math.round(f.price * 1e6) }))).toEqual(
      ref.orders.map((o) => ({ t: rows[o.i]!.t, side: o.side, qty: o.qty, price: o.price })),
    );
    expect(result.closedTrades).toBe(ref.closed);
    expect(result.finalValue).toBe(ref.finalValue);
    expect(result.bars).toBe(rows.length);
    expect(ref.orders.length).toBeGreaterThan(2);
  });

  it('uses the parameters: other windows give other trades', () => {
    const rows = parseYahooCsv(readFileSync(join(YAHOO_DAILY_DIR, 'orcl-1995-2014.txt'), 'utf8'), 'orcl');
    const a = backtestBars(smaCross, { fast: 10, slow: 30, size: 100 }, 'ORCL', rows);
    const b = backtestBars(smaCross, { fast: 5, slow: 50, size: 200 }, 'ORCL', rows);
    const ref = reference(rows, 5, 50, 200, 100_000);
    expect(b.finalValue).toBe(ref.finalValue);
    expect(b.ordersHash).not.toBe(a.ordersHash);
  });

  it('treats an exact tie as no cross and keeps the previous side', () => {
    // fast 2 / slow 3; fast - slow per bar: i2 +, i3 tie, i4 + (a "fast > slow" rule would see down then up
    // and buy here), i5 +, i6 - (down-cross while flat: nothing), i7 + (buy at i8), i8 +, i9 tie (side stays +),
    // i10 - (down-cross while long: sell at i11; a rule where the tie erased the side would not sell).
    const closes = [10, 10, 13, 7, 20, 20, 5, 40, 40, 40, 30, 30];
    const bars = closes.map((c, i) => ({ t: Date.UTC(2020, 0, 1 + i), o: c, h: c + 1, l: c - 1, c, v: 1000 }));
    const r = backtestBars(smaCross, { fast: 2, slow: 3, size: 10 }, 'TIE', bars);
    expect(r.fills.map((f) => [f.side, f.t, f.price])).toEqual([
      ['buy', bars[8]!.t, 40],
      ['sell', bars[11]!.t, 30],
    ]);
    // Final value: 100000 - 400 + 300.
    expect(r.finalValue).toBe(99_900);
  });
});
