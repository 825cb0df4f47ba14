import { marketData, trading } from '@alpacahq/alpaca-trade-api';
import { OCC_SYMBOL, type OrderIntent } from '../../../../src-shared/domain/order-intent.js';
import type {
  ExecutionVenue,
  ReplaceChanges,
  SendControl,
  TradeUpdateStream,
  VenueAccount,
  VenueAsset,
  VenueClock,
  VenueFill,
  VenueOrder,
  VenuePosition,
  VenueQuote,
} from '../../../kernel/orders/venue.js';
import type { ExecutionConfig } from './execution-config.js';
import { keepAliveFetch, type KeepAliveFetch } from './keep-alive-fetch.js';
import { toVenueOrder } from './map-order.js';
import { OrderPost, notSent, type RequestPacer } from './order-post.js';
import { PriorityPacer } from './priority-pacer.js';
import { AlpacaTradeUpdates } from './trade-updates.js';
import { VenueError } from '../../../kernel/orders/venue.js';
import { toVenueError } from './venue-errors.js';

interface RawFillActivity {
  id?: string;
  order_id?: string;
  symbol?: string;
  side?: string;
  qty?: string;
  price?: string;
  cum_qty?: string;
  transaction_time?: string;
}

/** The broker side of the order manager, over the official SDK. The SDK's own retries stay off: retries are ours. */
export class AlpacaVenue implements ExecutionVenue {
  private readonly orders: trading.OrdersApi;
  /** Cancels and the kill switch's reads: same keys and sockets, no client-side queue (see the constructor). */
  private readonly urgentOrders: trading.OrdersApi;
  private readonly urgentPositions: trading.PositionsApi;
  private readonly accounts: trading.AccountsApi;
  private readonly positionsApi: trading.PositionsApi;
  private readonly activities: trading.AccountActivitiesApi;
  private readonly assets: trading.AssetsApi;
  private readonly clockApi: trading.ClockApi;
  private readonly stocks: marketData.StockApi | undefined;
  /** Option quotes for the risk check of multi-leg orders (the legs are priced at their bid and ask). */
  private readonly optionData: marketData.OptionApi | undefined;
  private readonly transport: KeepAliveFetch;
  private readonly orderPost: OrderPost;
  /** The trading bucket: a replace waits its turn here like an order post, where the kill switch can stop it. */
  private readonly pacer: RequestPacer | undefined;

  constructor(private readonly config: ExecutionConfig) {
    this.transport = keepAliveFetch();
    // One bucket for every trading request (orders, lookups, backfill reads): the broker counts them all. Orders go
    // first in it (PriorityPacer); the SDK's reads take their token in the fetch, inside the SDK's own deadline as
    // its FIFO bucket did.
    const pacer = new PriorityPacer(config.requestsPerSecond, 1000, undefined, Date.now, config.burst);
    const configuration = new trading.Configuration({
      keyId: config.keyId,
      secret: config.secret,
      basePath: config.baseUrl,
      timeoutMs: config.timeoutMs,
      retry: { maxRetries: 0 },
      fetchApi: async (url, init) => {
        await pacer.acquire(init?.signal ?? undefined, 'read');
        return this.transport.fetch(url, init);
      },
    });
    this.orders = new trading.OrdersApi(configuration);
    // Requests that lower risk (cancels, cancel-all, close-all, the kill switch's open-order list) must never wait
    // behind order posts queued in the bucket above: they go out at once. The broker's own limit still applies, so
    // the callers retry a 429 with backoff.
    const urgent = new trading.Configuration({
      keyId: config.keyId,
      secret: config.secret,
      basePath: config.baseUrl,
      timeoutMs: config.timeoutMs,
      retry: { maxRetries: 0 },
      fetchApi: (url, init) => this.transport.fetch(url, init),
    });
    this.urgentOrders = new trading.OrdersApi(urgent);
    this.urgentPositions = new trading.PositionsApi(urgent);
    this.orderPost = new OrderPost(config, pacer);
    this.pacer = pacer;
    this.accounts = new trading.AccountsApi(configuration);
    this.positionsApi = new trading.PositionsApi(configuration);
    this.activities = new trading.AccountActivitiesApi(configuration);
    this.assets = new trading.AssetsApi(configuration);
    this.clockApi = new trading.ClockApi(configuration);
    if (config.dataUrl) {
      const data = new marketData.Configuration({ keyId: config.keyId, secret: config.secret, basePath: config.dataUrl, timeoutMs: config.timeoutMs, retry: { maxRetries: 0 } });
      this.stocks = new marketData.StockApi(data);
      this.optionData = new marketData.OptionApi(data);
    }
  }

  async submit(intent: OrderIntent, clientOrderId: string, control?: SendControl): Promise<VenueOrder> {
    try {
      return await this.orderPost.submit(toPostOrderRequest(intent, clientOrderId), control);
    } catch (error) {
      throw await toVenueError(error, true);
    }
  }

  /**
   * A replace creates an order, so it is paced and stoppable like a post: it waits its turn in the trading bucket
   * with the send's abort signal (the kill switch ends the wait with `not-sent`), then goes out on the unqueued API
   * so it is not counted twice.
   */
  async replace(brokerOrderId: string, changes: ReplaceChanges, control?: SendControl): Promise<VenueOrder> {
    let release: (() => void) | undefined;
    try {
      release = this.pacer ? await this.pacer.acquire(control?.signal) : undefined;
    } catch (error) {
      if (control?.signal.aborted) throw notSent(control.signal);
      throw await toVenueError(error, true);
    }
    try {
      if (control?.signal.aborted) throw notSent(control.signal);
      control?.onWrite();
      const patch: trading.PatchOrderRequest = { clientOrderId: changes.clientOrderId };
      if (changes.qty !== undefined) patch.qty = changes.qty;
      if (changes.limitPrice !== undefined) patch.limitPrice = changes.limitPrice;
      if (changes.stopPrice !== undefined) patch.stopPrice = changes.stopPrice;
      if (changes.trail !== undefined) patch.trail = changes.trail;
      if (changes.timeInForce !== undefined) patch.timeInForce = changes.timeInForce as trading.TimeInForce;
      return toVenueOrder(await this.urgentOrders.patchOrderByOrderId({ orderId: brokerOrderId, patchOrderRequest: patch }));
    } catch (error) {
      if (error instanceof VenueError) throw error;
      throw await toVenueError(error, true);
    } finally {
      release?.();
    }
  }

  async cancel(brokerOrderId: string): Promise<void> {
    try {
      await this.urgentOrders.deleteOrderByOrderID({ orderId: brokerOrderId });
    } catch (error) {
      throw await toVenueError(error, true);
    }
  }

  async cancelAll(): Promise<void> {
    try {
      await this.urgentOrders.deleteAllOrders();
    } catch (error) {
      throw await toVenueError(error, true);
    }
  }

  async closeAllPositions(): Promise<void> {
    try {
      await this.urgentPositions.deleteAllOpenPositions({ cancelOrders: true });
    } catch (error) {
      throw await toVenueError(error, true);
    }
  }

  async orderByClientOrderId(clientOrderId: string): Promise<VenueOrder | undefined> {
    try {
      return toVenueOrder(await this.orders.getOrderByClientOrderId({ clientOrderId }));
    } catch (error) {
      const venueError = await toVenueError(error, false);
      if (venueError.kind === 'not-found') return undefined;
      throw venueError;
    }
  }

  async listOrders(query: { status: 'open' | 'closed' | 'all'; after?: number; limit?: number; urgent?: boolean; nested?: boolean; newestFirst?: boolean }): Promise<VenueOrder[]> {
    try {
      const list = await (query.urgent ? this.urgentOrders : this.orders).getAllOrders({
        status: query.status,
        limit: query.limit ?? 500,
        nested: query.nested ?? true,
        direction: query.newestFirst ? 'desc' : 'asc',
        ...(query.after !== undefined ? { after: new Date(query.after) } : {}),
      } as trading.GetAllOrdersRequest);
      return list.map(toVenueOrder);
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async listFills(after: number | undefined): Promise<VenueFill[]> {
    const fills: VenueFill[] = [];
    let pageToken: string | undefined;
    try {
      for (let page = 0; page < 50; page += 1) {
        // The SDK maps FILL activities through a union that drops order_id, price and cum_qty: read the raw JSON.
        const answer = await this.activities.getAccountActivitiesByActivityTypeRaw({
          activityType: 'FILL',
          direction: 'asc',
          pageSize: 100,
          ...(after !== undefined ? { after: new Date(after) } : {}),
          ...(pageToken ? { pageToken } : {}),
        });
        const list = (await answer.raw.json()) as RawFillActivity[];
        for (const item of list) {
          if (!item.id || !item.order_id || !item.qty || !item.price || !item.cum_qty) continue;
          fills.push({
            id: item.id,
            orderId: item.order_id,
            symbol: String(item.symbol ?? ''),
            side: item.side === 'sell' || item.side === 'sell_short' ? 'sell' : 'buy',
            qty: item.qty,
            price: item.price,
            cumQty: item.cum_qty,
            at: item.transaction_time ? Date.parse(item.transaction_time) : 0,
          });
        }
        if (list.length < 100) break;
        pageToken = list[list.length - 1]?.id;
      }
      return fills;
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async account(): Promise<VenueAccount> {
    try {
      const a = await this.accounts.getAccount();
      return {
        status: String(a.status),
        cash: a.cash ?? '0',
        buyingPower: a.buyingPower ?? '0',
        equity: a.equity ?? '0',
        lastEquity: a.lastEquity ?? a.equity ?? '0',
        longMarketValue: a.longMarketValue ?? '0',
        shortMarketValue: a.shortMarketValue ?? '0',
        tradingBlocked: a.tradingBlocked === true,
        accountBlocked: a.accountBlocked === true,
        shortingEnabled: a.shortingEnabled !== false,
      };
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async exercise(symbol: string): Promise<void> {
    try {
      await this.positionsApi.optionExercise({ symbolOrContractId: symbol });
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async positions(): Promise<VenuePosition[]> {
    try {
      const list = await this.positionsApi.getAllOpenPositions();
      return list.map((p) => ({
        symbol: p.symbol,
        qty: p.side === 'short' && !p.qty.startsWith('-') ? `-${p.qty}` : p.qty,
        avgEntryPrice: p.avgEntryPrice,
        costBasis: p.costBasis,
        marketValue: p.marketValue ?? null,
        currentPrice: p.currentPrice ?? null,
        unrealizedPl: p.unrealizedPl ?? null,
      }));
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async asset(symbol: string): Promise<VenueAsset | undefined> {
    try {
      if (OCC_SYMBOL.test(symbol)) {
        // An option contract is not an asset of /v2/assets: its listing says whether it trades.
        const c = await this.assets.getOptionContractSymbolOrId({ symbolOrId: symbol });
        return { symbol: c.symbol, tradable: c.tradable, shortable: false, easyToBorrow: false, fractionable: false };
      }
      const a = await this.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: symbol });
      return { symbol: a.symbol, tradable: a.tradable, shortable: a.shortable, easyToBorrow: a.easyToBorrow === true, fractionable: a.fractionable };
    } catch (error) {
      const venueError = await toVenueError(error, false);
      if (venueError.kind === 'not-found') return undefined;
      throw venueError;
    }
  }

  async clock(): Promise<VenueClock> {
    try {
      const c = await this.clockApi.legacyClock();
      return { now: c.timestamp.getTime(), isOpen: c.isOpen, nextOpen: c.nextOpen.getTime(), nextClose: c.nextClose.getTime() };
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  async latestQuote(symbol: string): Promise<VenueQuote | undefined> {
    if (OCC_SYMBOL.test(symbol)) return this.latestOptionQuote(symbol);
    if (!this.stocks) return undefined;
    try {
      const answer = await this.stocks.stockLatestQuoteSingle({ symbol });
      const q = answer.quote;
      // Market data sends prices as JSON numbers; String() keeps the decimal the broker wrote.
      return { bid: String(q.bp), ask: String(q.ap), at: q.t instanceof Date ? q.t.getTime() : Date.parse(String(q.t)) };
    } catch (error) {
      const venueError = await toVenueError(error, false);
      if (venueError.kind === 'not-found') return undefined;
      throw venueError;
    }
  }

  /** An option contract's latest quote (the indicative feed: every account has it; OPRA needs a subscription). */
  private async latestOptionQuote(symbol: string): Promise<VenueQuote | undefined> {
    if (!this.optionData) return undefined;
    try {
      const answer = await this.optionData.optionLatestQuotes({ symbols: symbol, feed: 'indicative' as marketData.OptionFeed });
      const q = answer.quotes[symbol];
      if (!q) return undefined;
      return { bid: String(q.bp), ask: String(q.ap), at: q.t instanceof Date ? q.t.getTime() : Date.parse(String(q.t)) };
    } catch (error) {
      const venueError = await toVenueError(error, false);
      if (venueError.kind === 'not-found') return undefined;
      throw venueError;
    }
  }

  async minuteVolumes(symbol: string, start: number, end: number): Promise<Array<{ t: number; v: number }>> {
    if (!this.stocks) return [];
    const bars: Array<{ t: number; v: number }> = [];
    let pageToken: string | undefined;
    try {
      for (let page = 0; page < 20; page += 1) {
        const answer = await this.stocks.stockBarSingle({ symbol, timeframe: '1Min', start: new Date(start), end: new Date(end), limit: 10_000, ...(pageToken ? { pageToken } : {}) });
        for (const bar of answer.bars ?? []) bars.push({ t: bar.t instanceof Date ? bar.t.getTime() : Date.parse(String(bar.t)), v: bar.v });
        pageToken = answer.nextPageToken ?? undefined;
        if (!pageToken) break;
      }
      return bars;
    } catch (error) {
      throw await toVenueError(error, false);
    }
  }

  tradeUpdates(): TradeUpdateStream {
    return new AlpacaTradeUpdates(this.config);
  }

  /** Closes the pooled trading connections. */
  close(): void {
    this.transport.close();
    this.orderPost.close();
  }
}

/** The intent in the SDK's request shape; nothing passes through a float. */
export function toPostOrderRequest(intent: OrderIntent, clientOrderId: string): trading.PostOrderRequest {
  const request: trading.PostOrderRequest = {
    type: intent.type as trading.OrderType,
    timeInForce: intent.timeInForce as trading.TimeInForce,
    clientOrderId,
  };
  if (intent.symbol) request.symbol = intent.symbol;
  if (intent.side) request.side = intent.side as trading.OrderSide;
  if (intent.qty) request.qty = intent.qty;
  if (intent.notional) request.notional = intent.notional;
  if (intent.limitPrice) request.limitPrice = intent.limitPrice;
  if (intent.stopPrice) request.stopPrice = intent.stopPrice;
  if (intent.trailPrice) request.trailPrice = intent.trailPrice;
  if (intent.trailPercent) request.trailPercent = intent.trailPercent;
  if (intent.extendedHours) request.extendedHours = true;
  if (intent.orderClass !== 'simple') request.orderClass = intent.orderClass as trading.OrderClass;
  if (intent.takeProfit) request.takeProfit = { limitPrice: intent.takeProfit.limitPrice };
  if (intent.stopLoss) request.stopLoss = { stopPrice: intent.stopLoss.stopPrice, ...(intent.stopLoss.limitPrice ? { limitPrice: intent.stopLoss.limitPrice } : {}) };
  if (intent.positionIntent) request.positionIntent = intent.positionIntent as trading.PositionIntent;
  if (intent.legs) {
    request.legs = intent.legs.map((leg) => ({
      symbol: leg.symbol,
      side: leg.side as trading.OrderSide,
      ratioQty: leg.ratioQty,
      ...(leg.positionIntent ? { positionIntent: leg.positionIntent as trading.PositionIntent } : {}),
    })) as trading.PostOrderRequest['legs'];
  }
  return request;
}
