import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { brokerGet } from '../orders/harness.js';
import { ipcCaller, waitUntil } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 40_000;

/**
 * Bots in a real workstation (SQLite files, IPC router) against the local exchange over HTTP and WebSocket, its
 * market at 30x so a 1-minute bar completes every two seconds: a bot's orders reach the exchange; a definitive
 * rejection (the account's trading suspended at the broker) pauses it and one alert fires; resume, halt, stop.
 */
describe('bots against the local exchange', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;
  const states: BotDto[] = [];
  const fired: FiredAlert[] = [];

  const call = ipcCaller(() => workstation);
  const until = (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => waitUntil(condition, what, WAIT_MS, 100);
  const bot = (id: string): BotDto => workstation.bots.list().find((b) => b.id === id)!;
  const botOrders = (id: string) => workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`);

  beforeAll(async () => {
    exchange = await startExchange({ seed: 11, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'bots-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    workstation.hub.subscribe('bots.state', (batch) => states.push(...(batch.items as BotDto[])));
    workstation.hub.subscribe('alerts.fired', (batch) => fired.push(...(batch.items as FiredAlert[])));
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation');
  }, 60_000);

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses parameters the strategy refuses, by name', async () => {
    await expect(call('bots.save', { name: 'bad', strategy: 'sma-cross', params: { fast: 30, slow: 10 }, symbols: ['AAPL'] })).rejects.toThrow(/BAD_REQUEST.*fast/);
    await expect(call('bots.save', { name: 'bad', strategy: 'sma-cross', params: { speed: 3 }, symbols: ['AAPL'] })).rejects.toThrow(/unknown parameter "speed"/);
    await expect(call('bots.save', { name: 'bad', strategy: 'no-such', params: {}, symbols: ['AAPL'] })).rejects.toThrow(/no strategy "no-such"/);
  });

  it("etf-basket-arb on a whole demo basket trades the demo exchange's holdings weights; a partial basket fits its own", async () => {
    const { universes } = await call<{ universes: Array<{ id: string; symbols: string[] }> }>('bots.universes', {});
    const xlk = universes.find((u) => u.id === 'demo:XLK')!.symbols;
    expect(xlk[0]).toBe('XLK');
    const start = async (name: string, symbols: string[]) => {
      const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name, strategy: 'etf-basket-arb', params: {}, symbols });
      const id = bots.find((b) => b.name === name)!.id;
      await call('bots.start', { id });
      return id;
    };
    const whole = await start('XLK basket', xlk);
    const partial = await start('XLK part', xlk.slice(0, -1));
    const logs = await call<Array<{ message: string }>>('system.recentLogs', { limit: 2000 });
    const said = (name: string) => logs.some((l) => l.message.includes(`bot ${name}: etf-basket-arb uses the demo exchange's holdings weights for XLK`));
    expect(said('XLK basket')).toBe(true);
    expect(said('XLK part')).toBe(false);
    for (const id of [whole, partial]) {
      await call('bots.stop', { id });
      await call('bots.delete', { id });
    }
  }, 60_000);

  it('runs sma-cross live: its orders reach the exchange; a definitive rejection pauses it and alerts once; resume; halt; stop', async () => {
    await call('alerts.saveRule', { name: 'bots', condition: { kind: 'bot-error' } });
    const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name: 'AAPL fast cross', strategy: 'sma-cross', params: { fast: 1, slow: 2, size: 1 }, symbols: ['AAPL'], timeframe: '1Min' });
    const id = bots[0]!.id;
    expect(bots[0]).toMatchObject({ strategy: 'sma-cross', timeframe: '1Min', state: 'stopped', ordersSent: 0, symbols: ['AAPL'] });

    await call('bots.start', { id });
    // The answer may come while it still warms up (bots.start waits a few seconds at most).
    await until(() => bot(id).state === 'running', 'the bot running');
    await until(() => bot(id).ordersSent >= 2, 'two orders from the bot');
    // At the broker, under the client order ids the journal made for this bot, and filled there.
    await until(async () => {
      const broker = await brokerGet<Array<{ client_order_id: string; status: string }>>(exchange, '/v2/orders?status=all&limit=500');
      const mine = new Set(botOrders(id).map((o) => o.clientOrderId));
      return broker.filter((o) => mine.has(o.client_order_id) && o.status === 'filled').length >= 2;
    }, 'the bot orders filled at the exchange');
    // Long only, never more than its size: buys and sells alternate, starting with a buy.
    const sides = botOrders(id).map((o) => o.intent.side);
    expect(sides[0]).toBe('buy');
    for (let i = 1; i < sides.length; i++) expect(sides[i]).not.toBe(sides[i - 1]);

    // The account's trading suspended at the broker: the next order is refused there (403), definitively.
    exchange.broker.updateConfigurations(exchange.keys.keyId, { suspend_trade: true });
    await until(() => bot(id).state === 'paused', 'the bot paused');
    expect(bot(id).reason).toMatch(/suspended/);
    expect(workstation.orders.manager.paused()).toContain(`bot:${id}`);
    const rejected = botOrders(id).filter((o) => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    // Bars keep coming: the paused bot sends nothing, nothing is retried.
    const count = botOrders(id).length;
    await new Promise((r) => setTimeout(r, 6_000));
    expect(botOrders(id)).toHaveLength(count);
    const botAlerts = fired.filter((f) => f.kind === 'bot-error');
    expect(botAlerts).toHaveLength(1);
    expect(botAlerts[0]!.message).toMatch(/AAPL fast cross paused/);
    // Starting is refused until the trader resumes it.
    await expect(call('bots.start', { id })).rejects.toThrow(/paused/);

    exchange.broker.updateConfigurations(exchange.keys.keyId, { suspend_trade: false });
    await call('bots.resume', { id });
    await until(() => bot(id).state === 'running', 'the bot running again');
    expect(workstation.orders.manager.paused()).not.toContain(`bot:${id}`);

    // The kill switch halts trading: running bots go to halted, and cannot start until trading resumes.
    await call('orders.killSwitch', { flatten: false });
    await until(() => bot(id).state === 'halted', 'the bot halted');
    expect(bot(id).reason).toMatch(/halted/);
    await expect(call('bots.start', { id })).rejects.toThrow(/halted/);
    await call('orders.resume', {});
    await call('bots.setAll', { running: true });
    await until(() => bot(id).state === 'running', 'the bot running after all on');
    await call('bots.setAll', { running: false });
    expect(bot(id).state).toBe('stopped');
    expect(fired.filter((f) => f.kind === 'bot-error')).toHaveLength(1);

    // Every change was published, in order.
    const seen = states.filter((s) => s.id === id).map((s) => s.state);
    expect(seen.filter((s, i) => s !== seen[i - 1])).toEqual(['stopped', 'starting', 'running', 'paused', 'stopped', 'starting', 'running', 'halted', 'starting', 'running', 'stopped']);
    // Stored: a fresh read of the database has it.
    const { bots: listed } = await call<{ bots: BotDto[] }>('bots.list', {});
    expect(listed.find((b) => b.id === id)).toMatchObject({ state: 'stopped', ordersSent: bot(id).ordersSent });
    await call('bots.delete', { id });
    expect(workstation.bots.list()).toEqual([]);
  }, 120_000);
});
