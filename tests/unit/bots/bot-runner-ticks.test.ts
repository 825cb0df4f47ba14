import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { BotExecution, BotOrderResult } from '../../../src-main/bots/bot-execution.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import { MarkoutBook } from '../../../src-main/bots/markouts.js';
import { defineStrategy, type OrderUpdate, type StrategyContext, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';

/** Accepts submits (a broker order per intent), refuses replaces and the first cancel with the host's rate code. */
class RateLimitedExecution implements BotExecution {
  readonly cancels: string[] = [];
  private orderListener: ((order: OrderRecord) => void) | undefined;
  private fillListener: ((fill: FillRecord) => void) | undefined;
  private n = 0;
  submit(intent: OrderIntent, source: string): Promise<BotOrderResult> {
    const order = { clientOrderId: `c${++this.n}`, source, intent, status: 'new', filledQty: '0', filledAvgPrice: null, parentClientOrderId: null, createdAt: 0, updatedAt: 0, brokerUpdatedAt: null, rejectCode: null, rejectMessage: null } as unknown as OrderRecord;
    return Promise.resolve({ ok: true, order });
  }
  cancel(clientOrderId: string): Promise<BotOrderResult> {
    this.cancels.push(clientOrderId);
    return Promise.resolve(this.cancels.length === 1 ? { ok: false, code: 'BOT_RATE_LIMIT', message: 'over the rate' } : { ok: false, code: 'ORDER_NOT_FOUND', message: 'gone' });
  }
  replace(): Promise<BotOrderResult> {
    return Promise.resolve({ ok: false, code: 'BOT_RATE_LIMIT', message: 'over the rate' });
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
  onOrder(listener: (order: OrderRecord) => void): () => void {
    this.orderListener = listener;
    return () => undefined;
  }
  onFill(listener: (fill: FillRecord) => void): () => void {
    this.fillListener = listener;
    return () => undefined;
  }
  emitOrder(order: OrderRecord): void {
    this.orderListener?.(order);
  }
  emitFill(fill: FillRecord): void {
    this.fillListener?.(fill);
  }
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('BotRunner with quotes and trades', () => {
  it('passes quotes and trades to the strategy on their clock, keeps a refused replace\'s handle on the working order, retries a cancel refused for the rate, and marks out fills', async () => {
    const seen: string[] = [];
    const updates: OrderUpdate[] = [];
    let ctxRef: StrategyContext | undefined;
    const probe = defineStrategy({
      name: 'tick-probe',
      description: 'records quotes and trades',
      params: z.object({}),
      timeframe: '1Min',
      universe: [],
      needs: ['quotes', 'trades'],
      warmup: () => 0,
      create: (_p, ctx) => {
        ctxRef = ctx;
        return {
          onQuote: (symbol, q) => void seen.push(`q ${symbol} ${q.bid}/${q.ask} @${ctx.clock.now()}`),
          onTrade: (symbol, t) => void seen.push(`t ${symbol} ${t.price} @${ctx.clock.now()}`),
          onOrderUpdate: (u) => void updates.push(u),
        };
      },
    });
    const execution = new RateLimitedExecution();
    const markouts = new MarkoutBook(1_000);
    const runner = new BotRunner({ id: 'mm', definition: probe as unknown as StrategyDefinition, params: {}, symbols: ['X'], timeframe: '1Min', execution, log, onEvent: () => undefined, markouts });
    runner.start(0);
    runner.onQuote('X', { t: 1_000, bid: 10, bidSize: 100, ask: 10.02, askSize: 100 });
    runner.onTrade('X', { t: 1_500, price: 10.01, size: 5 });
    expect(seen).toEqual(['q X 10/10.02 @1000', 't X 10.01 @1500']);
    expect(runner.clock).toBe(1_500);

    const ctx = ctxRef!;
    const first = ctx.submit(ctx.orders.limit('X', 'buy', 1, 10));
    await tick();
    // Refused before it left: the new handle names the order still working.
    const second = ctx.replace(first, { limitPrice: '10.01' });
    await tick();
    const working = { clientOrderId: 'c1', source: 'bot:mm', intent: { symbol: 'X', side: 'buy', type: 'limit', qty: '1', limitPrice: '10', timeInForce: 'day' }, status: 'partially_filled', filledQty: '1', filledAvgPrice: '10', parentClientOrderId: null, createdAt: 0, updatedAt: 2_000, brokerUpdatedAt: 2_000, rejectCode: null, rejectMessage: null } as unknown as OrderRecord;
    execution.emitOrder(working);
    expect(updates.map((u) => [u.id, u.state])).toEqual([[second, 'partially_filled']]);

    // The cancel refused for the rate goes again at the next tick of the clock; another refusal is not retried.
    ctx.cancel(second);
    await tick();
    expect(execution.cancels).toEqual(['c1']);
    runner.tick(3_000);
    await tick();
    expect(execution.cancels).toEqual(['c1', 'c1']);
    runner.tick(4_000);
    await tick();
    expect(execution.cancels).toHaveLength(2);

    // Its fills are marked out against the quotes it sees.
    execution.emitFill({ clientOrderId: 'c1', symbol: 'X', side: 'buy', qty: '1', price: '10', at: 2_000 } as unknown as FillRecord);
    runner.onQuote('X', { t: 3_500, bid: 9.96, bidSize: 100, ask: 9.98, askSize: 100 });
    const [m] = markouts.stats();
    expect(m).toMatchObject({ symbol: 'X', fills: 1 });
    expect(m!.realisedSpread).toBeCloseTo(9.97 - 10, 10);
  });
});
