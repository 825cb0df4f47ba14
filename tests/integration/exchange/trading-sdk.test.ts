import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streaming, trading } from '@alpacahq/alpaca-trade-api';
import { Broker } from '../../../src-main/exchange/broker/broker.js';
import { SimulatedClock } from '../../../src-main/exchange/clock.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { tradingRoutes } from '../../../src-main/exchange/routes/trading/index.js';
import { createExchangeServer, type ExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import { TradeUpdatesStream } from '../../../src-main/exchange/streams/trade-updates-stream.js';
import { expectSameShape } from '../../support/json-shape.js';
import { FakeMarket, S1 } from '../../unit/exchange/broker/fake-market.js';
import { CONTRACT_DIR } from '../../support/contract.js';

/**
 * The official SDK drives every trading endpoint over real HTTP on loopback against the exchange server with the
 * broker's routes, and its trading stream receives the order events. Payload shapes are checked against the
 * recorded Alpaca files.
 */
const KEY = 'PKINTEGRATION';
const SECRET = 'secret-integration';
const CONTRACT = CONTRACT_DIR;
const recorded = (file: string): unknown => JSON.parse(readFileSync(join(CONTRACT, file), 'utf8'));

let server: ExchangeServer;
let market: FakeMarket;
let broker: Broker;
let clock: SimulatedClock;
let config: trading.Configuration;
let stream: TradeUpdatesStream;
const faults = new FaultPlan();

beforeAll(async () => {
  market = new FakeMarket();
  clock = new SimulatedClock(S1.open + 60 * 60_000, 0);
  market.setQuote('AAPL', 100, 100.1, clock.now());
  market.setQuote('SPY', 300, 300.1, clock.now());
  broker = new Broker(market, clock, { partialFillShare: 0, seed: 3 });
  const keys = new Map([[KEY, SECRET]]);
  stream = new TradeUpdatesStream({ broker, keys, faults });
  server = createExchangeServer({ routes: tradingRoutes(broker, market, clock), streams: [stream], keys, faults, log: { warn: () => {}, error: () => {} } });
  await server.listen(0);
  config = new trading.Configuration({ keyId: KEY, secret: SECRET, basePath: server.url });
});

afterAll(async () => {
  stream.dispose();
  broker.dispose();
  await server.close();
});

describe('trading REST through the official SDK', () => {
  it('account, configurations, clock, calendar, assets', async () => {
    const account = await new trading.AccountsApi(config).getAccount();
    expect(account.cash).toBe('100000');
    const raw = await fetch(`${server.url}/v2/account`, { headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } });
    expectSameShape(await raw.json(), recorded('trading/account.json'));
    const configs = new trading.AccountConfigurationsApi(config);
    const patched = await configs.patchAccountConfig({ accountConfigurations: { tradeConfirmEmail: 'none' } } as never);
    expect(patched.tradeConfirmEmail ?? (patched as unknown as Record<string, unknown>).trade_confirm_email).toBe('none');
    const clockJson = await (await fetch(`${server.url}/v2/clock`, { headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } })).json();
    expectSameShape(clockJson, recorded('trading/clock.json'));
    expect((clockJson as Record<string, string>).next_close).toBe('2024-06-24T16:00:00-04:00');
    const calendar = await new trading.CalendarApi(config).legacyCalendar({ start: new Date('2024-06-24T00:00:00Z'), end: new Date('2024-06-25T00:00:00Z') });
    expect(calendar.length).toBe(2);
    const assets = await new trading.AssetsApi(config).getV2Assets({});
    expect(assets.map((a) => a.symbol)).toContain('AAPL');
  });

  it('orders: submit, get, list, replace, cancel, and the stream sees every event', async () => {
    const updates: string[] = [];
    const tradeStream = new streaming.TradingStream({ credentials: { keyId: KEY, secret: SECRET }, url: server.url.replace('http', 'ws') + '/stream', reconnect: false, pingIntervalMs: 0 });
    tradeStream.onTradeUpdate((update) => updates.push(`${update.event}:${update.order.status ?? ''}`));
    const listening = new Promise((resolve) => tradeStream.on(streaming.EVENT.SUBSCRIPTION, resolve));
    tradeStream.subscribeTradeUpdates();
    tradeStream.connect();
    await listening;

    const orders = new trading.OrdersApi(config);
    const filled = await orders.postOrder({ postOrderRequest: { symbol: 'AAPL', qty: '10', side: 'buy', type: 'market', timeInForce: 'day', clientOrderId: 'sdk-1' } });
    expect(filled.status).toBe('pending_new');
    const resting = await orders.postOrder({ postOrderRequest: { symbol: 'AAPL', qty: '1', side: 'buy', type: 'limit', limitPrice: '90', timeInForce: 'gtc' } });
    const byClient = await orders.getOrderByClientOrderId({ clientOrderId: 'sdk-1' });
    expect(byClient.status).toBe('filled');
    const open = await orders.getAllOrders({ status: 'open' });
    expect(open.map((o) => o.id)).toEqual([resting.id]);
    const replaced = await orders.patchOrderByOrderId({ orderId: String(resting.id), patchOrderRequest: { limitPrice: '91' } });
    expect(replaced.replaces).toBe(resting.id);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await orders.deleteOrderByOrderID({ orderId: String(replaced.id) });
    await expect(orders.deleteOrderByOrderID({ orderId: String(filled.id) })).rejects.toMatchObject({ status: 422 });
    const duplicate = await fetch(`${server.url}/v2/orders`, {
      method: 'POST',
      headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET, 'Content-Type': 'application/json' },
      body: JSON.stringify({ symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day', client_order_id: 'sdk-1' }),
    });
    expect(duplicate.status).toBe(422);
    expectSameShape(await duplicate.json(), recorded('errors/422-client-order-id-must-be-unique.json'));
    const rawOrder = await (await fetch(`${server.url}/v2/orders/${String(filled.id)}`, { headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } })).json();
    expectSameShape(rawOrder, recorded('trading/order-filled-market-notional-TLT.from-docs.json'), { allowExtraKeys: true });

    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(updates).toEqual([
      'new:new',
      'fill:filled',
      'new:new',
      'pending_replace:pending_replace',
      'replaced:replaced',
      'new:new',
      'pending_cancel:pending_cancel',
      'canceled:canceled',
    ]);
    tradeStream.disconnect();
  });

  it('positions and activities', async () => {
    const positions = new trading.PositionsApi(config);
    const list = await positions.getAllOpenPositions();
    expect(list.map((p) => [p.symbol, p.qty])).toEqual([['AAPL', '10']]);
    const raw = await (await fetch(`${server.url}/v2/positions`, { headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } })).json();
    expectSameShape(raw, recorded('trading/positions.json'), { allowExtraKeys: true });
    const closing = await positions.deleteOpenPosition({ symbolOrAssetId: 'AAPL', percentage: 50 });
    expect(closing.qty).toBe('5');
    const activities = await (await fetch(`${server.url}/v2/account/activities?activity_types=FILL&page_size=1`, { headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } })).json();
    expect((activities as unknown[]).length).toBe(1);
    const history = await new trading.PortfolioHistoryApi(config).getAccountPortfolioHistory({ period: '1D', timeframe: '1Min' });
    expect(history.equity?.length).toBeGreaterThan(0);
    const closeAll = await fetch(`${server.url}/v2/positions?cancel_orders=true`, { method: 'DELETE', headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET } });
    expect(closeAll.status).toBe(207);
  });
});

describe('trade_updates stream protocol', () => {
  it('listen before auth is unauthorized; wrong secret is unauthorized', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(server.url.replace('http', 'ws') + '/stream');
    const frames: unknown[] = [];
    socket.on('message', (data: Buffer) => frames.push(JSON.parse(data.toString('utf8'))));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
    socket.send(JSON.stringify({ action: 'authenticate', data: { key_id: KEY, secret_key: 'wrong' } }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(frames).toEqual([recorded('streams/trade_updates-server-listen-unauthorized.from-docs.json'), recorded('streams/trade_updates-server-unauthorized.from-docs.json')]);
    socket.close();
  });
});
