import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { Decision } from '../../../src-main/kernel/portfolio/decisions.js';
import type { ProtectionLock } from '../../../src-main/kernel/protections/settings.js';
import { portfolioParams } from '../../../src-main/kernel/strategy/portfolio-params.js';
import { defineStrategy, type StrategyDefinition } from '../../../src-main/kernel/strategy/types.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { STRATEGIES } from '../../../src-main/strategies/index.js';
import { ipcCaller } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 90_000;

/** Test strategies, registered for this file only: one insight per symbol at its first cross-section; and a churner. */
const insightProbe = defineStrategy({
  name: 'test-insight-probe',
  description: 'an up insight on every symbol of the bot, once',
  params: z.object({ ...portfolioParams }),
  timeframe: '1Min',
  universe: [],
  warmup: () => 1,
  create: (_p, ctx) => {
    let done = false;
    return {
      onCrossSection: () => {
        if (done) return;
        done = true;
        for (const symbol of ctx.universe) ctx.emitInsight({ symbol, direction: 'up', confidence: 0.8, horizonBars: 500, reason: `probe: ${symbol} up` });
      },
    };
  },
});
const churner = defineStrategy({
  name: 'test-churner',
  description: 'buys 1 when flat, sells it with a stop-loss reason the next bar',
  params: z.object({}),
  timeframe: '1Min',
  universe: [],
  warmup: () => 1,
  create: (_p, ctx) => {
    let waiting = false;
    return {
      onBar: (symbol) => {
        if (waiting) return;
        const held = ctx.portfolio.position(symbol);
        waiting = true;
        if (held > 0) ctx.submit(ctx.orders.market(symbol, 'sell', held), 'stop loss hit');
        else ctx.submit(ctx.orders.market(symbol, 'buy', 1), 'entry');
      },
      onOrderUpdate: (u) => {
        if (u.state === 'filled' || u.state === 'rejected' || u.state === 'canceled') waiting = false;
      },
    };
  },
});

describe('the strategy framework in live bots (local exchange)', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  const registry = STRATEGIES as Map<string, StrategyDefinition>;

  const call = ipcCaller(() => workstation);
  const decisions = async (id: string) => (await call<{ decisions: Decision[] }>('bots.decisions', { id, limit: 500 })).decisions;
  const until = async (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        const bots = workstation.bots.list();
        const debug = await Promise.all(bots.map(async (b) => `${b.name} ${b.state} ${b.reason ?? ''}: ${JSON.stringify((await decisions(b.id)).slice(0, 5))} orders=${JSON.stringify(workstation.orders.manager.orders().filter((o) => o.source === `bot:${b.id}`).map((o) => [o.intent.side, o.intent.qty, o.status, o.rejectMessage]))}`));
        throw new Error(`timed out waiting for ${what}\n${debug.join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    registry.set(insightProbe.name, insightProbe as unknown as StrategyDefinition);
    registry.set(churner.name, churner as unknown as StrategyDefinition);
    exchange = await startExchange({ seed: 21, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'bot-framework-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation');
  }, 60_000);

  afterAll(async () => {
    registry.delete(insightProbe.name);
    registry.delete(churner.name);
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('insight -> target within the allocation -> a market order, and a TWAP for a large one, each carrying the insight', async () => {
    // Two bots on one account: one sends everything at once, one finds its ~100 NVDA large against the volume of a
    // minute (its threshold is 0.01% of it): an algo.
    const saved = await call<{ bots: BotDto[] }>('bots.save', { name: 'market', strategy: insightProbe.name, params: { algoVolumeShare: 10 }, symbols: ['AAPL', 'MSFT'], timeframe: '1Min', allocation: '20000' });
    const marketBot = saved.bots.find((b) => b.name === 'market')!.id;
    const saved2 = await call<{ bots: BotDto[] }>('bots.save', { name: 'algo', strategy: insightProbe.name, params: { algoVolumeShare: 0.0001 }, symbols: ['NVDA'], timeframe: '1Min', allocation: '50000' });
    const algoBot = saved2.bots.find((b) => b.name === 'algo')!.id;
    await call('bots.start', { id: marketBot });
    await call('bots.start', { id: algoBot });
    const manager = workstation.orders.manager;
    const ordersOf = (id: string) => manager.orders().filter((o) => o.source === `bot:${id}`);

    await until(async () => (await decisions(marketBot)).filter((d) => d.code === 'ORDER_SENT').length >= 2, 'the market bot sends its two orders');
    const sent = (await decisions(marketBot)).filter((d) => d.code === 'ORDER_SENT');
    expect(sent.map((d) => d.cause).sort()).toEqual(['probe: AAPL up', 'probe: MSFT up']);
    for (const d of sent) {
      const order = manager.order(d.orderId!)!;
      expect(order.source).toBe(`bot:${marketBot}`);
      expect(order.intent).toMatchObject({ symbol: d.symbol, side: 'buy', type: 'market' });
      expect(order.parentClientOrderId).toBeNull();
    }
    // Equal weight: each symbol gets half of the 20,000, in whole shares at the last close.
    await until(() => ordersOf(marketBot).filter((o) => o.status === 'filled').length === 2, 'both filled');
    const invested = ordersOf(marketBot).reduce((sum, o) => sum + Number(o.filledQty) * Number(o.filledAvgPrice), 0);
    expect(invested).toBeLessThanOrEqual(20_000 * 1.02);
    expect(invested).toBeGreaterThan(20_000 * 0.9);

    // The algo bot: its order is a TWAP of the order service's engine, its children sent as the bot.
    await until(async () => (await decisions(algoBot)).some((d) => d.code === 'ORDER_SENT'), 'the algo bot starts its TWAP');
    const started = (await decisions(algoBot)).find((d) => d.code === 'ORDER_SENT')!;
    expect(started.cause).toMatch(/^probe: NVDA up \(TWAP in \d+ slices/);
    const algo = workstation.orders.algos.get(started.orderId!)!;
    expect(algo).toMatchObject({ kind: 'twap', symbol: 'NVDA', side: 'buy', targetQty: started.qty });
    await until(() => ordersOf(algoBot).some((o) => o.status === 'filled'), 'a TWAP child filled');
    const child = ordersOf(algoBot).find((o) => o.status === 'filled')!;
    expect(child.parentClientOrderId).toBe(algo.id);
    // The child's fill is in the bot's own ledger.
    const ledger = workstation.bots.ledger(algoBot)!;
    expect(Number(ledger.positions.find((p) => p.symbol === 'NVDA')?.qty ?? 0)).toBeGreaterThan(0);
    await call('bots.stop', { id: marketBot });
    await call('bots.stop', { id: algoBot });
    await workstation.orders.algos.cancel(algo.id).catch(() => undefined);
  }, 150_000);

  it('a cooldown locks the symbol after the exit, the entry is refused and logged, the trader lifts the lock over IPC', async () => {
    const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name: 'guarded', strategy: churner.name, params: {}, symbols: ['TSLA'], timeframe: '1Min', allocation: '2000', protections: { cooldown: { hours: 24 } } });
    const id = bots.find((b) => b.name === 'guarded')!.id;
    expect(bots.find((b) => b.id === id)!.protections).toEqual({ cooldown: { hours: 24 } });
    await call('bots.start', { id });
    await until(async () => (await decisions(id)).some((d) => d.code === 'PROTECTION'), 'an entry refused by the cooldown');
    const { locks } = await call<{ locks: ProtectionLock[] }>('bots.locks', { id });
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ scope: 'TSLA', protection: 'cooldown' });
    expect(locks[0]!.until - locks[0]!.from).toBe(24 * 3_600_000);
    // One round trip, then nothing: the entry after the exit was refused (the bar's clock is its start, which can
    // be earlier than the exit's fill that made the lock).
    const fills = workstation.orders.manager.fills().filter((f) => f.clientOrderId !== null && workstation.orders.manager.order(f.clientOrderId)?.source === `bot:${id}`);
    expect(fills.map((f) => f.side)).toEqual(['buy', 'sell']);
    const refused = (await decisions(id)).find((d) => d.code === 'PROTECTION')!;
    expect(refused).toMatchObject({ symbol: 'TSLA', side: 'buy', qty: 1, cause: 'entry' });
    expect(refused.reason).toContain('cooldown after closing TSLA');
    const sentBefore = workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`).length;

    const after = await call<{ locks: ProtectionLock[] }>('bots.unlock', { id, lockId: locks[0]!.id });
    expect(after.locks).toEqual([]);
    const all = await call<{ locks: ProtectionLock[] }>('bots.locks', { id, active: false });
    expect(all.locks[0]!.liftedAt).toBeGreaterThan(0);
    // Lifted: the next entry goes to the broker.
    await until(() => workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`).length > sentBefore, 'a new order after the lift');
    await call('bots.stop', { id });
  }, 150_000);
});
