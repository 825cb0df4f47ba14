import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src-shared/domain/bar.js';
import { backtestBars } from '../../../src-main/backtest/backtest.js';
import { parseParams } from '../../../src-main/kernel/strategy/params.js';
import { swing } from '../../../src-main/strategies/stock/swing.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

/**
 * 30 quiet bars around 100 (the bands have width), one bar closing at 95 far under the lower band (the entry signal),
 * a bar opening at 95 (the entry fills there), then `path` closes. Each barrier of the triple barrier is driven on
 * its own; the exit must be the first bar whose close crosses it, with its reason.
 */
function series(path: number[]): Bar[] {
  const bars: Bar[] = [];
  const push = (o: number, c: number) => bars.push({ t: T0 + bars.length * DAY, o, h: Math.max(o, c), l: Math.min(o, c), c, v: 1000 });
  for (let i = 0; i < 30; i++) push(100, i % 2 === 0 ? 100.5 : 99.5);
  push(100, 95);
  push(95, 95);
  for (const c of path) push(c, c);
  return bars;
}

function exitOf(path: number[], raw: Record<string, string> = {}) {
  const bars = series(path);
  const r = backtestBars(swing, parseParams(swing.params, { cooldownBars: '50', ...raw }), 'TEST', bars);
  const entry = r.orders[0]!;
  const exit = r.orders[1];
  return {
    entryBar: bars.findIndex((b) => b.t === entry.submittedAt),
    entryFill: entry.avgFillPrice,
    exitBar: exit === undefined ? -1 : bars.findIndex((b) => b.t === exit.submittedAt) - 31,
    reason: r.logs.find((l) => l.message.startsWith('exit:'))?.message,
    orders: r.orders.length,
  };
}

describe('swing: Bollinger %B entry, triple-barrier exit', () => {
  it('enters on the close under the lower band and fills at the next open', () => {
    expect(exitOf([95, 95])).toMatchObject({ entryBar: 30, entryFill: 95 });
  });

  it('take profit: the first close 4 % over the fill', () => {
    expect(exitOf([96, 98.7, 99, 100])).toMatchObject({ exitBar: 3, reason: 'exit: take profit', orders: 2 });
  });

  it('stop loss: the first close 3 % under the fill', () => {
    expect(exitOf([94, 92.3, 92.1, 90])).toMatchObject({ exitBar: 3, reason: 'exit: stop loss', orders: 2 });
  });

  it('time limit: after maxBars bars held (the fill bar counts as the first)', () => {
    expect(exitOf(Array.from({ length: 20 }, () => 95))).toMatchObject({ exitBar: 9, reason: 'exit: time limit', orders: 2 });
    expect(exitOf(Array.from({ length: 20 }, () => 95), { maxBars: '3' })).toMatchObject({ exitBar: 2, reason: 'exit: time limit' });
  });

  it('trailing stop: armed 1.5 % up, then a close 2 % under the highest close', () => {
    // 96.7 arms it (+1.8 %), 95.0 is 1.76 % under the high (holds), 94.7 is 2.07 % under it.
    expect(exitOf([96.7, 95.0, 94.7, 94.7])).toMatchObject({ exitBar: 3, reason: 'exit: trailing stop' });
    // Never armed (+1.2 % at most): the same fall is not a trailing exit.
    expect(exitOf([96.1, 94.3, 94.2, 94.2, 94.2])).not.toMatchObject({ reason: 'exit: trailing stop' });
    // Off with trailingStop=0.
    expect(exitOf([96.7, 95.0, 94.7, 94.7], { trailingStop: '0' }).reason).not.toBe('exit: trailing stop');
  });
});
