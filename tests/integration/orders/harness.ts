import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AlpacaVenue } from '../../../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../../../src-main/adapters/alpaca/execution/execution-config.js';
import { startExchange, type ExchangeOptions, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { OrderJournal } from '../../../src-main/kernel/orders/journal/order-journal.js';
import { OrderManager, type OrderManagerOptions } from '../../../src-main/kernel/orders/order-manager.js';
import type { OrderLog } from '../../../src-main/kernel/orders/order-events.js';
import { RiskEngine } from '../../../src-main/kernel/risk/risk-engine.js';
import type { RiskLimits } from '../../../src-main/kernel/risk/risk-types.js';

/** A Wednesday, 10:00 in New York: the regular session is open. */
export const SESSION_START = Date.parse('2024-03-06T15:00:00Z');

/** Waits for a condition outside a test body (hooks cannot use expect.poll). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  source: string;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export function memoryLog(): OrderLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (source: string, message: string, fields?: Record<string, unknown>) => lines.push({ level, source, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  exchange: RunningExchange;
  dir: string;
  journal: OrderJournal;
  manager: OrderManager;
  log: ReturnType<typeof memoryLog>;
  venue: AlpacaVenue;
  /** A fresh manager over the same journal file (as after a restart). */
  restart(options?: Partial<OrderManagerOptions>): Promise<void>;
  brokerOrders(): Promise<Array<{ client_order_id: string; status: string; filled_qty: string; id: string; symbol: string }>>;
  brokerPositions(): Promise<Array<{ symbol: string; qty: string; cost_basis: string }>>;
  close(): Promise<void>;
}

export async function brokerGet<T>(exchange: RunningExchange, path: string): Promise<T> {
  const response = await fetch(`${exchange.tradingUrl}${path}`, { headers: { 'APCA-API-KEY-ID': exchange.keys.keyId, 'APCA-API-SECRET-KEY': exchange.keys.secret } });
  return (await response.json()) as T;
}

export function venueFor(exchange: RunningExchange, timeoutMs = 2_000, requestsPerSecond = 50): AlpacaVenue {
  return new AlpacaVenue(resolveExecutionConfig({ mode: 'demo', keyId: exchange.keys.keyId, secret: exchange.keys.secret, baseUrl: exchange.tradingUrl, timeoutMs, requestsPerSecond, burst: requestsPerSecond }));
}

export async function startHarness(
  options: { exchange?: ExchangeOptions; limits?: Partial<RiskLimits>; manager?: Partial<OrderManagerOptions>; timeoutMs?: number; dir?: string; requestsPerSecond?: number } = {},
): Promise<Harness> {
  const exchange = await startExchange({ seed: 7, speed: 1, startTime: SESSION_START, partialFillShare: 0, log: { warn: () => {}, error: () => {} }, ...options.exchange });
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'orders-'));
  const log = memoryLog();
  const venue = venueFor(exchange, options.timeoutMs, options.requestsPerSecond);
  let journal = OrderJournal.open(join(dir, 'orders.sqlite'));
  const build = (extra: Partial<OrderManagerOptions> = {}): OrderManager =>
    new OrderManager({ journal, venue, risk: new RiskEngine(options.limits), log, resolveDelayMs: 50, watchdogMs: 200, silentAfterMs: 1_000, quoteTtlMs: 60_000, maxRateLimitWaitMs: 1_500, ...options.manager, ...extra });
  let manager = build();
  await manager.start();
  await manager.warm(['AAPL', 'SPY']);
  await waitFor(() => manager.streamReady, 'the trade_updates stream');
  const harness: Harness = {
    exchange,
    dir,
    log,
    venue,
    get journal() {
      return journal;
    },
    get manager() {
      return manager;
    },
    async restart(extra) {
      await manager.stop();
      journal.close();
      journal = OrderJournal.open(join(dir, 'orders.sqlite'));
      manager = build(extra);
      await manager.start();
      await manager.warm(['AAPL', 'SPY']);
      await waitFor(() => manager.streamReady, 'the trade_updates stream');
    },
    brokerOrders: () => brokerGet(exchange, '/v2/orders?status=all&limit=500&nested=false'),
    brokerPositions: () => brokerGet(exchange, '/v2/positions'),
    async close() {
      await manager.stop();
      journal.close();
      await exchange.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Local orders and positions equal the broker's: status and filled quantity per order, quantity and cost per position. */
import { expect } from 'vitest';

export async function expectLocalEqualsBroker(h: Harness): Promise<void> {
  const broker = await h.brokerOrders();
  const local = new Map(h.manager.orders().map((o) => [o.brokerOrderId, o]));
  for (const order of broker) {
    const mine = local.get(order.id);
    expect(mine, `order ${order.client_order_id} known locally`).toBeDefined();
    expect({ status: mine?.status, filled: mine?.filledQty }).toEqual({ status: order.status, filled: String(Number(order.filled_qty) === 0 ? '0' : order.filled_qty) });
  }
  const positions = await h.brokerPositions();
  const mine = new Map(h.manager.positionRecords().filter((p) => p.qty !== '0').map((p) => [p.symbol, p]));
  expect(new Set(mine.keys())).toEqual(new Set(positions.map((p) => p.symbol)));
  for (const p of positions) {
    expect(mine.get(p.symbol)?.qty).toBe(p.qty);
    expect(Math.abs(Number(mine.get(p.symbol)?.costBasis))).toBeCloseTo(Math.abs(Number(p.cost_basis)), 2);
  }
}
