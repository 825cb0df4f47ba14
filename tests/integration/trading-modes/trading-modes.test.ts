import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-shared/ipc/errors.js';
import type { TradingStatus } from '../../../src-shared/ipc/trading-schemas.js';
import type { AlpacaHosts } from '../../../src-main/adapters/alpaca/hosts.js';
import { generateKeyPair, type ExchangeKeyPair } from '../../../src-main/exchange/demo-keys.js';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';
import { Workstation } from '../../../src-main/services/workstation.js';

/** A Wednesday, 10:00 in New York: the regular session is open on both stand-in hosts. */
const SESSION_START = Date.parse('2024-03-06T15:00:00Z');
const WAIT_MS = 30_000;

function hostsOf(exchange: RunningExchange): AlpacaHosts {
  return {
    tradingUrl: exchange.tradingUrl,
    tradingStreamUrl: exchange.streamUrl,
    dataUrl: exchange.dataUrl,
    dataStreamUrl: exchange.marketDataStreamUrl.replace(/\/v2\/iex$/, ''),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function brokerOrders(exchange: RunningExchange, keys: ExchangeKeyPair): Promise<Array<{ client_order_id: string }>> {
  const response = await fetch(`${exchange.tradingUrl}/v2/orders?status=all&limit=500`, {
    headers: { 'APCA-API-KEY-ID': keys.keyId, 'APCA-API-SECRET-KEY': keys.secret },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Array<{ client_order_id: string }>;
}

/**
 * Paper and live against two local exchanges standing in for Alpaca's paper and live hosts (each accepting only
 * its own keys, each recording every key id presented to it): a switch needs the mode's keys, live needs the typed
 * confirmation every session, orders and data go to the mode's host only, and no key ever reaches the other host.
 */
describe('trading modes: demo, paper and live', () => {
  const paperKeys = generateKeyPair();
  const liveKeys = { ...generateKeyPair(), keyId: `AK${generateKeyPair().keyId.slice(2)}` };
  const keychainService = `alpaca-workstation-modes-test-${randomUUID()}`;
  let paperHost: RunningExchange;
  let liveHost: RunningExchange;
  let dataDir: string;
  let workstation: Workstation;

  const open = async (hosts: { paper: AlpacaHosts; live: AlpacaHosts }): Promise<Workstation> => {
    const made = new Workstation({ dataDir, shell: 'headless', logLevel: 'debug', alpacaHosts: hosts, secrets: { serviceName: keychainService, env: {} } });
    await made.start();
    return made;
  };
  const call = async <T>(channel: string, request: unknown, on = workstation): Promise<T> => {
    const reply: Envelope<unknown> = await on.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });
    if (!reply.ok) throw Object.assign(new Error(`${channel}: ${reply.error.code} ${reply.error.message}`), { code: reply.error.code });
    return reply.value as T;
  };
  const refusal = async (channel: string, request: unknown): Promise<{ code: string; message: string }> => {
    const reply: Envelope<unknown> = await workstation.router.dispatch(channel, request, { signal: new AbortController().signal, peer: 'test' });
    if (reply.ok) throw new Error(`${channel} was expected to be refused`);
    return reply.error;
  };
  const ordersReady = async (): Promise<boolean> => {
    const status = await call<{ ready: boolean; streamReady: boolean; reconciliation: unknown }>('orders.status', {});
    return status.ready && status.streamReady && status.reconciliation !== null;
  };
  const buy = (requestKey: string) =>
    call<{ ok: boolean; order?: { clientOrderId: string } }>('orders.submit', { intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, requestKey });

  beforeAll(async () => {
    paperHost = await startExchange({ seed: 3, startTime: SESSION_START, keys: paperKeys });
    liveHost = await startExchange({ seed: 4, startTime: SESSION_START, keys: liveKeys });
    dataDir = mkdtempSync(join(tmpdir(), 'modes-'));
    workstation = await open({ paper: hostsOf(paperHost), live: hostsOf(liveHost) });
  }, 60_000);

  afterAll(async () => {
    if (workstation) {
      await call('secrets.delete', { id: 'alpaca.paper' }).catch(() => undefined);
      await call('secrets.delete', { id: 'alpaca.live' }).catch(() => undefined);
      await workstation.stop();
    }
    await paperHost?.close();
    await liveHost?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts in demo mode and refuses paper or live while their keys are missing', async () => {
    const status = await call<TradingStatus>('trading.status', {});
    expect(status).toMatchObject({ mode: 'demo', storedMode: 'demo', keys: { paper: false, live: false }, tradingHost: null });
    const refused = await refusal('trading.setMode', { mode: 'paper' });
    expect(refused.code).toBe('NOT_FOUND');
    expect(refused.message).toMatch(/no paper keys are stored/);
    expect((await call<TradingStatus>('trading.status', {})).mode).toBe('demo');
    expect(paperHost.presentedKeyIds()).toEqual([]);
  });

  it('switches to paper with paper keys: orders reach the paper host only, and the window is told', async () => {
    await call('secrets.saveAlpacaKeys', { mode: 'paper', keyId: paperKeys.keyId, secret: paperKeys.secret });
    // A bot running in demo must not follow the trader into paper.
    await until(ordersReady, 'demo orders');
    workstation.bots.save({ name: 'stays-behind', strategy: 'sma-cross', params: { fast: 2, slow: 5, size: 1 }, symbols: ['MSFT'], timeframe: '1Min' });
    const bot = () => workstation.bots.list().find((b) => b.name === 'stays-behind')!;
    await workstation.bots.startBot(bot().id);
    expect(bot().state).toBe('running');
    const told: TradingStatus[] = [];
    const unsubscribe = workstation.hub.subscribe('trading.modeChanged', (batch) => told.push(...(batch.items as TradingStatus[])));
    const status = await call<TradingStatus>('trading.setMode', { mode: 'paper' });
    unsubscribe();
    expect(status).toMatchObject({ mode: 'paper', storedMode: 'paper', tradingHost: new URL(paperHost.tradingUrl).origin, notice: null, switching: false });
    expect(told.at(-1)).toMatchObject({ mode: 'paper' });
    expect(workstation.info().mode).toBe('paper');
    expect(bot().state).toBe('stopped');
    expect(workstation.demoExchange.health().detail).toMatch(/^idle: not needed/);
    expect(() => workstation.demoExchange.endpoints).toThrow(/not running/);

    await until(ordersReady, 'paper orders to reconcile and the stream to authenticate');
    const result = await buy('modes-paper-0001');
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    const id = result.order!.clientOrderId;
    expect((await brokerOrders(paperHost, paperKeys)).map((o) => o.client_order_id)).toContain(id);
    expect(paperHost.presentedKeyIds()).toContain(paperKeys.keyId);
    expect(liveHost.presentedKeyIds()).not.toContain(paperKeys.keyId);
    // Market data in paper mode is Alpaca's (the paper host's stand-in), labelled as such.
    const health = await call<{ services: Array<{ name: string; detail: string }> }>('system.health', {});
    expect(health.services.find((s) => s.name === 'trading-mode')?.detail).toContain(`paper at ${new URL(paperHost.tradingUrl).origin}`);
  });

  it('refuses live without its keys and without the typed confirmation, then trades live on the live host only', async () => {
    expect((await refusal('trading.setMode', { mode: 'live', confirmation: 'LIVE' })).code).toBe('NOT_FOUND');
    await call('secrets.saveAlpacaKeys', { mode: 'live', keyId: liveKeys.keyId, secret: liveKeys.secret });
    const unconfirmed = await refusal('trading.setMode', { mode: 'live' });
    expect(unconfirmed.code).toBe('FORBIDDEN');
    expect(unconfirmed.message).toMatch(/real money: type LIVE/);
    expect((await refusal('trading.setMode', { mode: 'live', confirmation: 'live' })).code).toBe('FORBIDDEN');
    expect((await call<TradingStatus>('trading.status', {})).mode).toBe('paper');
    expect(liveHost.presentedKeyIds()).toEqual([]);

    const status = await call<TradingStatus>('trading.setMode', { mode: 'live', confirmation: 'LIVE' });
    expect(status).toMatchObject({ mode: 'live', liveConfirmed: true, storedMode: 'live', tradingHost: new URL(liveHost.tradingUrl).origin });
    await until(ordersReady, 'live orders to reconcile');
    const result = await buy('modes-live-0001');
    expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
    expect((await brokerOrders(liveHost, liveKeys)).map((o) => o.client_order_id)).toContain(result.order!.clientOrderId);
    // The paper order stayed in the paper journal: the live blotter shows only live orders.
    const orders = await call<Array<{ clientOrderId: string }>>('orders.list', {});
    expect(orders.map((o) => o.clientOrderId)).toEqual([result.order!.clientOrderId]);

    expect(new Set(liveHost.presentedKeyIds())).toEqual(new Set([liveKeys.keyId]));
    expect(paperHost.presentedKeyIds()).not.toContain(liveKeys.keyId);
  });

  it('a restart in live mode keeps orders locked until the trader confirms again', async () => {
    await workstation.stop();
    workstation = await open({ paper: hostsOf(paperHost), live: hostsOf(liveHost) });
    const status = await call<TradingStatus>('trading.status', {});
    expect(status).toMatchObject({ mode: 'live', liveConfirmed: false, storedMode: 'live' });
    expect(status.notice).toMatch(/locked until you confirm/);
    const locked = await refusal('orders.submit', { intent: { symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }, requestKey: 'modes-live-locked-1' });
    expect(locked.code).toBe('UNAVAILABLE');
    expect(locked.message).toMatch(/explicit confirmation/);

    const unlocked = await call<TradingStatus>('trading.setMode', { mode: 'live', confirmation: 'LIVE' });
    expect(unlocked).toMatchObject({ mode: 'live', liveConfirmed: true, notice: null });
    await until(ordersReady, 'live orders after the confirmation');
  });

  it('switching back to demo stops using Alpaca keys and starts the local exchange', async () => {
    const status = await call<TradingStatus>('trading.setMode', { mode: 'demo' });
    expect(status).toMatchObject({ mode: 'demo', storedMode: 'demo', tradingHost: null });
    expect(workstation.demoExchange.health()).toMatchObject({ state: 'ok', detail: expect.stringMatching(/^trading at http:\/\/127\.0\.0\.1:/) });
    await until(ordersReady, 'demo orders');
    expect((await buy('modes-demo-0001')).ok).toBe(true);
  });

  it('with Alpaca unreachable, the switch still completes: orders halt until reconciliation succeeds, market data falls back', async () => {
    await workstation.stop();
    // Nothing listens on the discard and echo ports of loopback: every request and stream is refused.
    const unreachable = (port: number): AlpacaHosts => ({ tradingUrl: `http://127.0.0.1:${port}`, tradingStreamUrl: `ws://127.0.0.1:${port}/stream`, dataUrl: `http://127.0.0.1:${port}`, dataStreamUrl: `ws://127.0.0.1:${port}` });
    workstation = await open({ paper: unreachable(9), live: unreachable(7) });
    const status = await call<TradingStatus>('trading.setMode', { mode: 'paper' });
    expect(status).toMatchObject({ mode: 'paper', tradingHost: 'http://127.0.0.1:9' });
    await expect
      .poll(async () => (await call<{ risk: { state: string; reason?: string } }>('orders.status', {})).risk, { timeout: WAIT_MS })
      .toMatchObject({ state: 'HALTED', reason: expect.stringMatching(/reconciliation failed/) });
    await expect
      .poll(async () => (await call<{ services: Array<{ name: string; state: string; detail: string }> }>('system.health', {})).services.find((s) => s.name === 'market-data'), { timeout: WAIT_MS })
      .toMatchObject({ state: 'degraded', detail: expect.stringMatching(/alpaca \(down\) → history-store → synthetic/) });
    // Back to demo for the next case.
    await call('trading.setMode', { mode: 'demo' });
  });

  it('refuses to start paper when the paper and live trading hosts are the same, before any key is sent', async () => {
    await workstation.stop();
    const before = new Set(liveHost.presentedKeyIds());
    workstation = await open({ paper: hostsOf(liveHost), live: hostsOf(liveHost) });
    // The switch is allowed (the keys exist); the session refuses the hosts when it starts, and says so.
    const status = await call<TradingStatus>('trading.setMode', { mode: 'paper' });
    expect(status.mode).toBe('demo');
    expect(status.notice).toMatch(/paper and live trading hosts are the same/);
    expect(liveHost.presentedKeyIds().filter((id) => !before.has(id))).toEqual([]);
    expect(liveHost.presentedKeyIds()).not.toContain(paperKeys.keyId);
  });
});
