import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDetailDto, BotSummaryDto, UniverseDto } from '../../../src-shared/ipc/bot-detail-schemas.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ipcCaller, waitUntil } from '../../support/ipc-call.js';

/** Monday 2024-03-11, 08:00 New York (pre-market): a week's first session opens at 09:30. */
const MONDAY_PRE_MARKET = Date.parse('2024-03-11T12:00:00Z');
const MONDAY_OPEN = Date.parse('2024-03-11T13:30:00Z');
const WAIT_MS = 90_000;

/**
 * The Bots tab's data from a real workstation (SQLite, IPC router with its zod checks of requests and replies)
 * against the local exchange: the demo universe is what the exchange lists; a momentum bot on it with 20,000 of
 * capital, short lookbacks, started before Monday's open, rebalances at the open (the week's first session), and its
 * summary and detail show its orders with the strategy's reason, its fills, positions within its allocation, P&L,
 * warm-up and an equity curve. The exchange's clock stands still until the test moves it to the open.
 */
describe('bot summaries and detail against the local exchange', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;

  const call = ipcCaller(() => workstation);
  const until = (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => waitUntil(condition, what, WAIT_MS, 200);

  beforeAll(async () => {
    exchange = await startExchange({ seed: 21, speed: 0, startTime: MONDAY_PRE_MARKET, partialFillShare: 0, rateLimitPerMinute: 5_000, log: { warn: () => {}, error: () => {} } });
    dataDir = mkdtempSync(join(tmpdir(), 'bot-detail-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation');
  }, 90_000);

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers the demo universe: every tradable symbol the exchange lists', async () => {
    const { universes } = await call<{ universes: UniverseDto[] }>('bots.universes', {});
    const demo = universes.find((u) => u.id === 'demo');
    expect(demo?.source).toBe('exchange');
    const listed = exchange.market.assets().map((a) => a.symbol).sort();
    expect(demo?.symbols).toEqual(listed);
    expect(listed.length).toBeGreaterThan(10);
  });

  it('refuses a detail of a bot that does not exist, and a malformed id, with codes', async () => {
    await expect(call('bots.detail', { id: 'bot-nope' })).rejects.toThrow(/NOT_FOUND/);
    await expect(call('bots.detail', { id: 'no spaces allowed' })).rejects.toThrow(/BAD_REQUEST|VALIDATION|INVALID/);
  });

  it('a momentum bot on the demo universe with 20,000 trades at the open, and its detail says what and why', async () => {
    const { universes } = await call<{ universes: UniverseDto[] }>('bots.universes', {});
    const symbols = universes.find((u) => u.id === 'demo')!.symbols;
    const { bots } = await call<{ bots: BotDto[] }>('bots.save', {
      name: 'momentum demo',
      strategy: 'momentum',
      params: { lookback: 21, skip: 1, topN: 5, rebalance: 'weekly', investFraction: 0.9 },
      symbols,
      allocation: '20000',
    });
    const id = bots[0]!.id;
    const before = await call<BotDetailDto>('bots.detail', { id });
    expect(before.warmup).toBeNull();
    expect(before.summary).toMatchObject({ family: 'stock', allocation: '20000', openPositions: 0, trades: 0, winRate: null });
    expect(Number(before.summary.pl)).toBe(0);

    await call('bots.start', { id });
    // Sixty symbols' warm-up takes a while (one history request each): the answer may come while it is starting.
    await until(() => workstation.bots.list().find((b) => b.id === id)!.state === 'running', 'the bot running after its warm-up');
    const warm = await call<BotDetailDto>('bots.detail', { id });
    expect(warm.warmup?.needed).toBe(22);
    expect(warm.warmup?.symbols.map((s) => s.symbol)).toEqual(symbols);
    expect(warm.warmup?.ready).toBe(symbols.length);

    // The week's first session opens: the rebalance fires on the bot's clock.
    const clock = exchange.clock as SimulatedClock;
    clock.advanceTo(MONDAY_OPEN + 5_000);
    clock.setSpeed(1);
    await until(() => workstation.bots.list().find((b) => b.id === id)!.ordersSent >= 5, 'five orders from the momentum bot');
    const mine = () => workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`);
    await until(() => mine().every((o) => o.status === 'filled'), 'its orders filled');
    await until(async () => (await call<BotDetailDto>('bots.detail', { id })).summary.openPositions === 5, 'five positions in its ledger');

    const detail = await call<BotDetailDto>('bots.detail', { id });
    expect(detail.orders.map((o) => o.clientOrderId).sort()).toEqual(mine().map((o) => o.clientOrderId).sort());
    expect(detail.fills.length).toBeGreaterThanOrEqual(5);
    const sent = detail.decisions.filter((d) => d.code === 'ORDER_SENT');
    expect(sent.length).toBe(5);
    for (const d of sent) {
      expect(d.cause).toMatch(/^momentum cross-sectional: hold /);
      expect(d.cause).toContain(d.symbol!);
      expect(d.side).toBe('buy');
    }
    // Within its allocation, exactly its fills' cost; P&L is the positions marked at the prices the bot saw.
    const cost = detail.fills.reduce((sum, f) => sum.plus(new Decimal(f.qty).times(f.price)), new Decimal(0));
    expect(new Decimal(detail.summary.invested).toFixed(2)).toBe(cost.toFixed(2));
    expect(cost.lessThanOrEqualTo(20_000)).toBe(true);
    expect(new Decimal(detail.cash).toFixed(2)).toBe(new Decimal(20_000).minus(cost).toFixed(2));
    const unrealized = detail.positions.reduce((sum, p) => sum.plus(p.unrealizedPl), new Decimal(0));
    expect(new Decimal(detail.summary.unrealizedPl).toFixed(6)).toBe(unrealized.toFixed(6));
    expect(new Decimal(detail.summary.pl).toFixed(6)).toBe(unrealized.toFixed(6));
    expect(detail.positions.every((p) => p.lastPrice !== null)).toBe(true);
    expect(detail.warmup?.ready).toBe(symbols.length);
    expect(detail.equity.length).toBeGreaterThan(0);
    expect(detail.summary.lastDecisions.length).toBe(3);

    // Its orders reach the log with their reason.
    const logs = await call<Array<{ source: string; message: string }>>('system.recentLogs', { limit: 2000 });
    const logged = logs.filter((l) => l.source === `bot:${id}` && l.message.startsWith('bot momentum demo: order sent buy '));
    expect(logged.length).toBe(5);
    expect(logged[0]!.message).toMatch(/because momentum cross-sectional: hold /);

    const { summaries } = await call<{ summaries: BotSummaryDto[] }>('bots.summaries', {});
    expect(summaries.find((s) => s.id === id)).toMatchObject({ id, family: 'stock', invested: detail.summary.invested, openPositions: 5 });

    // Stopped, its figures come from the journal: the same holdings at cost.
    await call('bots.stop', { id });
    const stopped = await call<BotDetailDto>('bots.detail', { id });
    expect(stopped.warmup).toBeNull();
    expect(new Decimal(stopped.summary.invested).toFixed(2)).toBe(cost.toFixed(2));
    expect(stopped.summary.openPositions).toBe(5);
  }, 240_000);
});
