import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { OrderIntent } from '../../../src-shared/domain/order-intent.js';
import type { FillRecord, OrderRecord } from '../../../src-shared/domain/order-record.js';
import type { BotExecution, BotOrderResult } from '../../../src-main/bots/bot-execution.js';
import { BotRunner } from '../../../src-main/bots/bot-runner.js';
import type { AlgoSpec } from '../../../src-main/kernel/algos/algo-types.js';
import type { Decision } from '../../../src-main/kernel/portfolio/decisions.js';
import type { ProtectionLock } from '../../../src-main/kernel/protections/settings.js';
import { portfolioParams } from '../../../src-main/kernel/strategy/portfolio-params.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';

/** Accepts every order at once (no fills) and every algo; refuses buys over `maxQty` with the ledger's code. */
class AcceptingExecution implements BotExecution {
  readonly sent: OrderIntent[] = [];
  readonly algos: AlgoSpec[] = [];
  private n = 0;
  constructor(private readonly maxQty = Infinity) {}
  submit(intent: OrderIntent): Promise<BotOrderResult> {
    this.sent.push(intent);
    if (Number(intent.qty) > this.maxQty) return Promise.resolve({ ok: false, code: 'BOT_ALLOCATION_EXCEEDED', message: 'over the allocation' });
    const id = `c-${++this.n}`;
    return Promise.resolve({ ok: true, order: { clientOrderId: id, createdAt: 0 } as OrderRecord });
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
    return 10_000;
  }
  equity(): number {
    return 10_000;
  }
  refreshAccount(): Promise<void> {
    return Promise.resolve();
  }
  isPaused(): boolean {
    return false;
  }
  onOrder(_l: (order: OrderRecord) => void): () => void {
    return () => undefined;
  }
  onFill(_l: (fill: FillRecord) => void): () => void {
    return () => undefined;
  }
  startAlgo(spec: AlgoSpec): Promise<{ ok: true; id: string }> {
    this.algos.push(spec);
    return Promise.resolve({ ok: true, id: `algo-${this.algos.length}` });
  }
  algoProgress(): { filledQty: number; status: string } {
    return { filledQty: 0, status: 'running' };
  }
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
const open = Date.UTC(2024, 2, 5, 14, 30);
const minute = (t: number, c: number, v = 1_000): Bar => ({ t, o: c, h: c, l: c, c, v });
const flush = () => new Promise((r) => setTimeout(r, 0));

const insighter = defineStrategy({
  name: 'insighter',
  description: 'an up insight on every symbol at the first cross-section',
  params: z.object({ ...portfolioParams }),
  timeframe: '1Min',
  universe: [],
  warmup: () => 0,
  create: (_p, ctx) => {
    let done = false;
    return {
      onCrossSection: () => {
        if (done) return;
        done = true;
        for (const s of ctx.universe) ctx.emitInsight({ symbol: s, direction: 'up', confidence: 0.9, horizonBars: 100, reason: `${s} looks up` });
      },
    };
  },
}) as unknown as StrategyDefinition;

describe('BotRunner: insights, algos, protections, decisions', () => {
  it('an insight becomes a market order within the bot capital; a large one against volume becomes a TWAP under the bot source', async () => {
    const execution = new AcceptingExecution();
    const decisions: Decision[] = [];
    const runner = new BotRunner({ id: 'i1', definition: insighter, params: z.object({ ...portfolioParams }).parse({ algoVolumeShare: 1 }), symbols: ['CHEAP', 'THIN'], timeframe: '1Min', execution, log, onEvent: () => undefined, onDecision: (d) => decisions.push(d) });
    runner.start(open - 60_000);
    runner.onMinuteBar('CHEAP', minute(open, 50, 1_000_000));
    runner.onMinuteBar('THIN', minute(open, 10, 100));
    await flush();
    // 5,000 each: 100 CHEAP as a market order; 500 THIN is 5x its volume per bar: a TWAP of 5 slices.
    expect(execution.sent).toMatchObject([{ symbol: 'CHEAP', side: 'buy', type: 'market', qty: '100' }]);
    expect(execution.algos).toMatchObject([{ kind: 'twap', symbol: 'THIN', side: 'buy', qty: 500, slices: 5, source: 'bot:i1' }]);
    expect(decisions.map((d) => [d.code, d.symbol, d.cause, d.orderId])).toEqual([
      ['ORDER_SENT', 'CHEAP', 'CHEAP looks up', 'c-1'],
      ['ORDER_SENT', 'THIN', expect.stringContaining('THIN looks up (TWAP in 5 slices'), 'algo-1'],
    ]);
    // Nothing changed: the next bars send nothing more (targets minus pending is zero).
    runner.onMinuteBar('CHEAP', minute(open + 60_000, 50, 1_000_000));
    runner.onMinuteBar('THIN', minute(open + 60_000, 10, 100));
    await flush();
    expect(execution.sent).toHaveLength(1);
    expect(execution.algos).toHaveLength(1);
    runner.stop();
  });

  it('a lock refuses an entry as a rejected update with the PROTECTION code, stored as a decision; a lifted lock lets it go', async () => {
    const execution = new AcceptingExecution();
    const decisions: Decision[] = [];
    const locks: ProtectionLock[] = [];
    const rejected: string[] = [];
    const buyer = defineStrategy({
      name: 'buyer',
      description: 'buys 1 at each bar',
      params: z.object({}),
      timeframe: '1Min',
      universe: [],
      warmup: () => 0,
      create: (_p, ctx) => ({
        onBar: (s) => void ctx.submit(ctx.orders.market(s, 'buy', 1), 'entry signal'),
        onOrderUpdate: (u) => void (u.state === 'rejected' && rejected.push(u.reason ?? '')),
      }),
    }) as unknown as StrategyDefinition;
    const stored: ProtectionLock = { id: 'old-lock', scope: 'AAA', protection: 'cooldown', reason: 'cooldown after closing AAA (2 h)', from: open - 60_000, until: open + 3_600_000 };
    const runner = new BotRunner({
      id: 'p1',
      definition: buyer,
      params: {},
      symbols: ['AAA'],
      timeframe: '1Min',
      execution,
      log,
      onEvent: () => undefined,
      protections: { cooldown: { hours: 2 } },
      locks: [stored],
      onLock: (l) => locks.push(l),
      onDecision: (d) => decisions.push(d),
    });
    runner.start(open - 60_000);
    runner.onMinuteBar('AAA', minute(open, 10));
    await flush();
    expect(execution.sent).toEqual([]);
    expect(rejected[0]).toMatch(/^PROTECTION: AAA is locked until .*cooldown after closing AAA/);
    expect(decisions).toMatchObject([{ code: 'PROTECTION', symbol: 'AAA', side: 'buy', qty: 1, cause: 'entry signal' }]);
    expect(runner.locks(open).map((l) => l.id)).toEqual(['old-lock']);
    expect(runner.lift('old-lock', open + 90_000)?.liftedAt).toBe(open + 90_000);
    runner.onMinuteBar('AAA', minute(open + 120_000, 10));
    await flush();
    expect(execution.sent).toHaveLength(1);
    expect(decisions.at(-1)).toMatchObject({ code: 'ORDER_SENT', cause: 'entry signal', orderId: 'c-1' });
    runner.stop();
  });

  it('an order the ledger refuses for want of allocation is logged as NO_CASH', async () => {
    const execution = new AcceptingExecution(0);
    const decisions: Decision[] = [];
    const runner = new BotRunner({ id: 'n1', definition: insighter, params: z.object({ ...portfolioParams }).parse({}), symbols: ['AAA'], timeframe: '1Min', execution, log, onEvent: () => undefined, onDecision: (d) => decisions.push(d) });
    runner.start(open - 60_000);
    runner.onMinuteBar('AAA', minute(open, 10, 1e9));
    await flush();
    expect(decisions).toMatchObject([{ code: 'NO_CASH', symbol: 'AAA', reason: 'BOT_ALLOCATION_EXCEEDED: over the allocation', cause: 'AAA looks up' }]);
    runner.stop();
  });
});
