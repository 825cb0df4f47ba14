import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';
import { ipcCaller } from '../../support/ipc-call.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 60_000;

/**
 * Issue 14: a bot trades only what is its own. The trader buys 100 MSFT by hand; an sma-cross bot on MSFT (fast 1,
 * slow 2, size 1: it crosses every few bars) must see only its own shares: its first order is its own BUY 1, and
 * none of its sells ever touches the trader's 100.
 */
describe('a bot trades only what is its own (local exchange)', () => {
  let exchange: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;

  const call = ipcCaller(() => workstation);
  const until = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = Date.now() + WAIT_MS;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const botOrders = (id: string) => workstation.orders.manager.orders().filter((o) => o.source === `bot:${id}`);
  const accountQty = (symbol: string) => Number(workstation.orders.manager.positionRecords().find((p) => p.symbol === symbol)?.qty ?? '0');

  beforeAll(async () => {
    exchange = await startExchange({ seed: 11, speed: 30, startTime: SESSION_START });
    dataDir = mkdtempSync(join(tmpdir(), 'bot-own-'));
    const { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } = exchange;
    workstation = new Workstation({ dataDir, shell: 'headless', secrets: { keychain: 'off', env: {} }, marketDataEndpoints: { tradingUrl, dataUrl, streamUrl, marketDataStreamUrl, optionStreamUrl, keys } });
    await workstation.start();
    await until(() => workstation.orders.ready && workstation.orders.manager.streamReady && workstation.orders.manager.reconciliation !== undefined, 'the orders stream and reconciliation');
  }, 60_000);

  afterAll(async () => {
    await workstation?.stop();
    await exchange?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("never sells the trader's hand-bought shares: the bot's position is its own", async () => {
    const manual = await workstation.orders.manager.submit({ symbol: 'MSFT', side: 'buy', qty: '100', type: 'market', timeInForce: 'day' }, 'ticket');
    expect(manual.ok).toBe(true);
    await until(() => accountQty('MSFT') === 100, 'the 100 MSFT bought by hand filled');

    const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name: 'MSFT cross', strategy: 'sma-cross', params: { fast: 1, slow: 2, size: 1 }, symbols: ['MSFT'], timeframe: '1Min' });
    const id = bots[0]!.id;
    await call('bots.start', { id });
    await until(() => botOrders(id).filter((o) => o.status === 'filled').length >= 3, 'three filled bot orders');
    await call('bots.stop', { id });

    const orders = botOrders(id);
    // Its first order is its own entry, not a sale of the trader's 100.
    expect(orders[0]!.intent).toMatchObject({ symbol: 'MSFT', side: 'buy', qty: '1' });
    for (const order of orders) expect(order.intent.qty).toBe('1');
    // The trader's shares are still there (plus whatever the bot holds of its own).
    await until(() => workstation.orders.manager.openOrders().length === 0, 'no order working');
    expect(accountQty('MSFT')).toBeGreaterThanOrEqual(100);
    expect(accountQty('MSFT')).toBeLessThanOrEqual(101);
  }, 120_000);
});
