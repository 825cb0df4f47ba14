import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { BotExecution, BotOrderResult } from '../../../src-main/bots/bot-execution.js';
import { BotRunner, type RunnerEvent } from '../../../src-main/bots/bot-runner.js';
import { defineStrategy, type OrderUpdate, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { smaBatch } from '../../../src-main/kernel/indicators/sma.js';

/** An execution that refuses every order with a risk code (what the order manager answers on a denial). */
class RefusingExecution implements BotExecution {
  readonly sent: OrderIntent[] = [];
  submit(intent: OrderIntent): Promise<BotOrderResult> {
    this.sent.push(intent);
    return Promise.resolve({ ok: false, code: 'MAX_ORDER_QTY', message: 'qty 5 is over the limit' });
  }
  cancel(): Promise<BotOrderResult> {
    return Promise.resolve({ ok: false, code: 'ORDER_NOT_FOUND', message: 'none' });
  }
  replace(): Promise<BotOrderResult> {
    return this.cancel();
  }
  position(): number {
    return 0;
  }
  cash(): number {
    return 0;
  }
  equity(): number {
    return 0;
  }
  refreshAccount(): Promise<void> {
    return Promise.resolve();
  }
  isPaused(): boolean {
    return false;
  }
  onOrder(_listener: (order: OrderRecord) => void): () => void {
    return () => undefined;
  }
  onFill(_listener: (fill: FillRecord) => void): () => void {
    return () => undefined;
  }
}

const bars = (closes: number[], start = 0): Bar[] => closes.map((c, i) => ({ t: start + i * 60_000, o: c, h: c, l: c, c, v: 1 }));
const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('BotRunner', () => {
  it('warms indicators from history, gives the bar time as the clock, reports a refused order as rejected, and stops on a strategy error', async () => {
    const seen: Array<{ t: number; now: number; sma: number; ready: boolean }> = [];
    const updates: OrderUpdate[] = [];
    const probe = defineStrategy({
      name: 'probe',
      description: 'records what it sees; throws on a close of 13',
      params: z.object({}),
      timeframe: '1Min',
      universe: [],
      warmup: () => 3,
      create: (_p, ctx) => ({
        onBar(symbol, bar) {
          const sma = ctx.indicators.sma(symbol, 3);
          seen.push({ t: bar.t, now: ctx.clock.now(), sma: sma.value, ready: sma.ready });
          if (bar.c === 12) ctx.submit(ctx.orders.market(symbol, 'buy', 5));
          if (bar.c === 13) throw new Error('probe: unlucky close');
        },
        onOrderUpdate: (u) => void updates.push(u),
      }),
    });
    const events: RunnerEvent[] = [];
    const execution = new RefusingExecution();
    const runner = new BotRunner({ id: 'b1', definition: probe as unknown as StrategyDefinition, params: {}, symbols: ['X'], timeframe: '1Min', execution, log, onEvent: (e) => events.push(e) });
    const history = bars([7, 8, 9, 10]);
    runner.warmUp('X', history);
    runner.start();
    const live = bars([11, 12], 4 * 60_000);
    runner.onBar('X', history[3]!); // a repeat of the last history bar is ignored
    for (const bar of live) runner.onBar('X', bar);
    await new Promise((r) => setTimeout(r, 0));
    // The first live bar already has a full window (history warmed it), equal to the streaming SMA of all closes.
    const expected = smaBatch(Float64Array.from([7, 8, 9, 10, 11, 12]), 3);
    expect(seen).toEqual([
      { t: live[0]!.t, now: live[0]!.t, sma: expected[4], ready: true },
      { t: live[1]!.t, now: live[1]!.t, sma: expected[5], ready: true },
    ]);
    expect(execution.sent.map((i) => [i.symbol, i.side, i.qty])).toEqual([['X', 'buy', '5']]);
    expect(updates).toEqual([expect.objectContaining({ id: 'b1-1', state: 'rejected', reason: 'MAX_ORDER_QTY: qty 5 is over the limit' })]);
    expect(runner.pending).toBe(0);

    runner.onBar('X', bars([13], 6 * 60_000)[0]!);
    expect(runner.state).toBe('error');
    expect(runner.error).toBe('probe: unlucky close');
    expect(events).toEqual([{ kind: 'error', message: 'probe: unlucky close', at: 6 * 60_000 }]);
    // Stopped: later bars reach nothing.
    runner.onBar('X', bars([14], 7 * 60_000)[0]!);
    expect(seen).toHaveLength(3);
  });
});
