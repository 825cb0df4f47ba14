import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDto } from '../../../src-shared/ipc/bots-schemas.js';
import type { RunningExchange } from '../../../src-main/exchange/exchange.js';
import type { Workstation } from '../../../src-main/services/workstation.js';
import { brokerGet } from '../orders/harness.js';
import { cancelSourceOrders } from '../../support/cancel-source-orders.js';
import { ipcCaller, waitUntil } from '../../support/ipc-call.js';
import { startWorkstationOnExchange, type ExchangeWorkstation } from '../../support/workstation.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 40_000;

/**
 * Stopping a bot from the Bots tab: "Stop" (cancelOrders) takes its working quotes down at the broker, so nothing
 * it left can fill unmanaged; "Stop, keep orders" leaves them working. A real workstation on the local exchange.
 */
describe('stopping a bot and its working orders', () => {
  let setup: ExchangeWorkstation | undefined;
  let exchange: RunningExchange;
  let workstation: Workstation;

  const call = ipcCaller(() => workstation);
  const until = (condition: () => boolean | Promise<boolean>, what: string): Promise<void> => waitUntil(condition, what, WAIT_MS, 100);
  const brokerOpen = async (): Promise<Set<string>> => new Set((await brokerGet<Array<{ id: string }>>(exchange, '/v2/orders?status=open&limit=500')).map((o) => o.id));

  beforeAll(async () => {
    setup = await startWorkstationOnExchange({ seed: 7, speed: 10, startTime: SESSION_START, rejectWashTrades: true }, 'bot-stop-');
    ({ exchange, workstation } = setup);
  }, 60_000);

  afterAll(async () => {
    await setup?.dispose();
  });

  /** A market maker quoting on `symbol` until it has a working order at the broker; its id and order source. */
  async function quotingBot(name: string, symbol: string): Promise<{ id: string; source: string }> {
    const params = { orderSize: 5, maxInventory: 20, maxRequestsPerMinute: 20, warmupSec: 5, refreshMs: 2_000, minRequestGapMs: 500, replaceTicks: 3, gamma: 0.001 };
    const { bots } = await call<{ bots: BotDto[] }>('bots.save', { name, strategy: 'market-making', params, symbols: [symbol], allocation: '100000' });
    const id = bots.find((b) => b.name === name)!.id;
    const source = `bot:${id}`;
    await call('bots.start', { id });
    await until(() => workstation.orders.manager.openOrders().some((o) => o.source === source && o.brokerOrderId !== null), `${name} quoting at the broker`);
    return { id, source };
  }

  it('Stop cancels its working orders at the broker; Stop, keep orders leaves them working', async () => {
    const cancelled = await quotingBot('MSFT maker', 'MSFT');
    const kept = await quotingBot('AAPL maker', 'AAPL');

    // Stopped while it has a quote working at the broker (a quote may fill at any moment: the wait is just before).
    await until(() => workstation.orders.manager.openOrders().some((o) => o.source === cancelled.source && o.brokerOrderId !== null), 'the MSFT maker quoting at the broker');
    const { bots } = await call<{ bots: BotDto[] }>('bots.stop', { id: cancelled.id, cancelOrders: true });
    expect(bots.find((b) => b.id === cancelled.id)?.state).toBe('stopped');
    // Answered once nothing of it is open: in the journal, and at the broker (a plain stop leaves them: below).
    const mine = workstation.orders.manager.orders().filter((o) => o.source === cancelled.source);
    expect(mine.length).toBeGreaterThan(0);
    expect(workstation.orders.manager.openOrders().filter((o) => o.source === cancelled.source)).toEqual([]);
    const open = await brokerOpen();
    expect(mine.filter((o) => o.brokerOrderId !== null && open.has(o.brokerOrderId))).toEqual([]);

    await until(() => workstation.orders.manager.openOrders().some((o) => o.source === kept.source && o.brokerOrderId !== null), 'the AAPL maker quoting at the broker');
    const working = workstation.orders.manager.openOrders().filter((o) => o.source === kept.source && o.brokerOrderId !== null && o.status !== 'pending_cancel');
    await call('bots.stop', { id: kept.id });
    expect(workstation.bots.list().find((b) => b.id === kept.id)?.state).toBe('stopped');
    // Nothing of what was working is cancelled by the stop: each is still open at the broker, or has filled since
    // (the strategy no longer manages it).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stillOpen = await brokerOpen();
    for (const o of working) {
      const now = workstation.orders.manager.order(o.clientOrderId)!;
      expect(stillOpen.has(o.brokerOrderId!) || now.status === 'filled' || now.status === 'partially_filled', `${o.clientOrderId}: ${now.status}`).toBe(true);
    }
    await cancelSourceOrders(workstation.orders.manager, kept.source, WAIT_MS);
  }, 120_000);
});
