import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import { backtestBars, type RunOptions } from '../../../src-main/backtest/backtest.js';
import { defineStrategy, type OrderUpdate, type StrategyContext } from '../../../src-main/kernel/strategy/types.js';

export const DAY = 86_400_000;

/** Bars from [open, high, low, close] rows, one per day from 2020-01-01. */
export function bars(rows: Array<[number, number, number, number]>, volume = 1_000_000): Bar[] {
  return rows.map(([o, h, l, c], i) => ({ t: Date.UTC(2020, 0, 1) + i * DAY, o, h, l, c, v: volume }));
}

/** A test strategy that sends the given orders on the given bar indices and records its order updates. */
export function scripted(script: Record<number, (ctx: StrategyContext) => OrderIntent>, updates: OrderUpdate[] = []) {
  return defineStrategy({
    name: 'scripted',
    description: 'test',
    params: z.object({}),
    timeframe: '1Day',
    universe: [],
    warmup: () => 0,
    create(_p, ctx) {
      let i = 0;
      return {
        onBar() {
          const make = script[i++];
          if (make) ctx.submit(make(ctx));
        },
        onOrderUpdate(u) {
          updates.push({ ...u });
        },
      };
    },
  });
}

export function run(rows: Array<[number, number, number, number]>, script: Record<number, (ctx: StrategyContext) => OrderIntent>, options: RunOptions = {}, volume?: number) {
  const updates: OrderUpdate[] = [];
  const result = backtestBars(scripted(script, updates), {}, 'TEST', bars(rows, volume), options);
  return { result, updates };
}
