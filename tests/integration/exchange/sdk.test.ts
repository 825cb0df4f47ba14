import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketData, streaming, trading } from '@alpacahq/alpaca-trade-api';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';

/**
 * The official SDK against the composed exchange (`startExchange`: synthetic market, paper broker, every route
 * and stream on one loopback origin), over real HTTP and WebSocket: what demo mode's Alpaca adapter will do.
 */
const START = Date.parse('2024-03-06T15:00:00Z'); // a Wednesday, 10:00 in New York

describe('the official SDK against startExchange', () => {
  let ex: RunningExchange;
  let config: trading.Configuration;
  beforeAll(async () => {
    ex = await startExchange({ seed: 11, speed: 1, startTime: START, partialFillShare: 0 });
    config = new trading.Configuration({ keyId: ex.keys.keyId, secret: ex.keys.secret, basePath: ex.tradingUrl });
  });
  afterAll(() => ex.close());

  it('account, clock, calendar and assets', async () => {
    const account = await new trading.AccountsApi(config).getAccount();
    expect(account.cash).toBe('100000');
    expect(account.status).toBe('ACTIVE');
    const clock = await new trading.ClockApi(config).legacyClock();
    expect(clock.isOpen).toBe(true);
    const calendar = await new trading.CalendarApi(config).legacyCalendar({ start: new Date('2024-03-04T00:00:00Z'), end: new Date('2024-03-08T00:00:00Z') });
    expect(calendar.map((d) => d.date)).toHaveLength(5);
    const assets = await new trading.AssetsApi(config).getV2Assets({});
    expect(assets.map((a) => a.symbol)).toEqual(expect.arrayContaining(['AAPL', 'MSFT', 'SPY']));
  });

  it('an order round trip, seen on the trade_updates stream', async () => {
    const events: string[] = [];
    const stream = new streaming.TradingStream({ credentials: { keyId: ex.keys.keyId, secret: ex.keys.secret }, url: ex.streamUrl, reconnect: false, pingIntervalMs: 0 });
    stream.onTradeUpdate((u) => events.push(`${u.event}:${String(u.order.symbol)}`));
    const listening = new Promise((resolve) => stream.on(streaming.EVENT.SUBSCRIPTION, resolve));
    stream.subscribeTradeUpdates();
    stream.connect();
    await listening;
    try {
      const orders = new trading.OrdersApi(config);
      const order = await orders.postOrder({ postOrderRequest: { symbol: 'AAPL', qty: '3', side: 'buy', type: 'market', timeInForce: 'day', clientOrderId: 'sdk-round-trip' } });
      await expect.poll(async () => (await orders.getOrderByOrderID({ orderId: String(order.id) })).status, { timeout: 5000 }).toBe('filled');
      await expect.poll(() => events, { timeout: 5000 }).toEqual(expect.arrayContaining(['new:AAPL', 'fill:AAPL']));
      const position = await new trading.PositionsApi(config).getOpenPosition({ symbolOrAssetId: 'AAPL' });
      expect(position.qty).toBe('3');
    } finally {
      stream.disconnect();
    }
  });

  it('market data: bars over REST and live trades and quotes on the stock stream', async () => {
    const stocks = new marketData.StockApi(new marketData.Configuration({ keyId: ex.keys.keyId, secret: ex.keys.secret, basePath: ex.dataUrl }));
    const bars = await stocks.stockBars({ symbols: 'AAPL,MSFT', timeframe: '1Day', start: new Date('2024-02-01T00:00:00Z'), limit: 1000 });
    expect(Object.keys(bars.bars)).toEqual(expect.arrayContaining(['AAPL', 'MSFT']));
    expect(bars.bars.AAPL!.length).toBeGreaterThan(5);

    const received = { trades: 0, quotes: 0 };
    const stream = new streaming.StockDataStream({ credentials: { keyId: ex.keys.keyId, secret: ex.keys.secret }, url: ex.marketDataStreamUrl, reconnect: false });
    stream.onTrade(() => received.trades++);
    stream.onQuote(() => received.quotes++);
    stream.onConnect(() => {
      stream.subscribeForTrades(['AAPL']);
      stream.subscribeForQuotes(['AAPL']);
    });
    stream.connect();
    try {
      await expect.poll(() => received.trades > 0 && received.quotes > 0, { timeout: 10_000 }).toBe(true);
    } finally {
      stream.disconnect();
    }
  });
});
