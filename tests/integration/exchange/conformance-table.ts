import type { RunningExchange } from '../../../src-main/exchange/exchange.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { createExchangeServer } from '../../../src-main/exchange/server/exchange-server.js';
import type { ShapeOptions } from '../../support/json-shape.js';

/**
 * Which request reproduces each recorded Alpaca payload in ../shared/alpaca-contract/{trading,market-data,errors}/.
 * The conformance test walks every file there and fails on a file this table does not name, so a new recording
 * cannot be skipped by accident.
 */
export interface Ctx {
  ex: RunningExchange;
  http(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** Submits an order and returns its JSON (throws on a non-200). */
  order(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Polls an order until `done` says so (or times out with the last status). */
  waitOrder(id: string, done: (order: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  optionSymbol(): string;
}

export interface Probe {
  /** Runs the request(s); returns the payload to compare, or the status and body for error files. */
  run(ctx: Ctx): Promise<{ status: number; body: unknown }>;
  shape?: ShapeOptions;
  /** Recorded keys the exchange never produces (with the reason next to the entry). */
  ignore?: string[];
  /** Compare arrays by this discriminator: each element with the recorded element of the same value. */
  matchBy?: string;
}

const DATA_MAPS = { mapKeys: ['bars', 'trades', 'quotes', 'snapshots'] } satisfies ShapeOptions;
/**
 * Trading recordings predate fields current responses carry (orders: position_intent, subtag, source; assets:
 * margin requirements; positions: qty_available, asset_marginable; contracts: multiplier). Every recorded key
 * must still be there.
 */
const NEWER = { allowExtraKeys: true } satisfies ShapeOptions;
const get = (path: string): Probe['run'] => (ctx) => ctx.http('GET', path);
const limitFar = (symbol: string) => ({ symbol, qty: '1', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '1' });
const fetchOrder = async (ctx: Ctx, id: unknown) => ctx.http('GET', `/v2/orders/${String(id)}`);
const filledMarket = async (ctx: Ctx, extra: Record<string, unknown>) => {
  const o = await ctx.order({ symbol: 'AAPL', side: 'buy', type: 'market', time_in_force: 'day', ...extra });
  return { status: 200, body: await ctx.waitOrder(String(o.id), (x) => x.status === 'filled') };
};

export const TABLE: Record<string, Probe> = {
  // ---- trading/
  'trading/account.json': { run: get('/v2/account') },
  'trading/account-configurations.json': { run: get('/v2/account/configurations') },
  'trading/account-activities-div-and-fill.json': {
    run: async (ctx) => {
      await filledMarket(ctx, { qty: '1' });
      return ctx.http('GET', '/v2/account/activities?activity_types=FILL');
    },
    matchBy: 'activity_type',
  },
  'trading/assets.json': { shape: NEWER, run: get('/v2/assets') },
  'trading/calendar.json': { run: get('/v2/calendar?start=2024-03-04&end=2024-03-08') },
  'trading/clock.json': { run: get('/v2/clock') },
  'trading/option-contracts-page.json': { shape: NEWER, run: get('/v2/options/contracts?underlying_symbols=AAPL&limit=2') },
  'trading/order-accepted-limit-SPY.json': { shape: NEWER, run: async (ctx) => ({ status: 200, body: await ctx.order(limitFar('SPY')) }) },
  'trading/order-accepted-market-notional-AAPL.from-docs.json': { shape: NEWER,
    run: async (ctx) => ({ status: 200, body: await ctx.order({ symbol: 'AAPL', notional: '500', side: 'buy', type: 'market', time_in_force: 'day' }) }),
  },
  'trading/order-bracket-with-legs.from-docs.json': { shape: NEWER,
    run: async (ctx) => ({
      status: 200,
      body: await ctx.order({ ...limitFar('SPY'), order_class: 'bracket', take_profit: { limit_price: '10000' }, stop_loss: { stop_price: '0.5' } }),
    }),
  },
  'trading/order-oco-with-legs.from-docs.json': { shape: NEWER,
    run: async (ctx) => {
      await filledMarket(ctx, { qty: '2', symbol: 'MSFT' });
      return {
        status: 200,
        body: await ctx.order({ symbol: 'MSFT', qty: '1', side: 'sell', type: 'limit', time_in_force: 'gtc', order_class: 'oco', take_profit: { limit_price: '100000' }, stop_loss: { stop_price: '1' } }),
      };
    },
  },
  'trading/order-oto-with-legs.from-docs.json': { shape: NEWER,
    run: async (ctx) => ({ status: 200, body: await ctx.order({ ...limitFar('SPY'), order_class: 'oto', take_profit: { limit_price: '10000' } }) }),
  },
  'trading/order-canceled-limit-SPY.from-docs.json': { shape: NEWER,
    run: async (ctx) => {
      const o = await ctx.order(limitFar('SPY'));
      await ctx.http('DELETE', `/v2/orders/${String(o.id)}`);
      return { status: 200, body: await ctx.waitOrder(String(o.id), (x) => x.status === 'canceled') };
    },
  },
  // The exchange lists no crypto: the filled-order shape is checked on an equity market order.
  // cancel_requested_at appears only in this docs-assembled crypto example, in no captured order.
  'trading/order-filled-market-crypto-SOLUSD.from-docs.json': { shape: NEWER, ignore: ['cancel_requested_at'], run: (ctx) => filledMarket(ctx, { qty: '1' }) },
  'trading/order-filled-market-notional-TLT.from-docs.json': { shape: NEWER, run: (ctx) => filledMarket(ctx, { notional: '300' }) },
  'trading/order-partially-filled-limit-SPY.from-docs.json': { shape: NEWER,
    run: async (ctx) => fetchOrder(ctx, (await ctx.order(limitFar('SPY'))).id),
  },
  'trading/order-rejected-market-notional-TLSA.from-docs.json': { shape: NEWER,
    run: async (ctx) => fetchOrder(ctx, (await ctx.order({ symbol: 'AAPL', notional: '100', side: 'buy', type: 'market', time_in_force: 'day' })).id),
  },
  // 207 answers mix successes and failures: each entry is compared with the recorded entry of the same status.
  'trading/orders-cancel-all-207.json': {
    matchBy: 'status',
    run: async (ctx) => {
      await ctx.order(limitFar('SPY'));
      return ctx.http('DELETE', '/v2/orders');
    },
  },
  'trading/portfolio-history.json': { run: get('/v2/account/portfolio/history?period=1W&timeframe=1D') },
  'trading/positions.json': { shape: NEWER,
    run: async (ctx) => {
      await filledMarket(ctx, { qty: '1' });
      return ctx.http('GET', '/v2/positions');
    },
  },
  'trading/positions-close-all-207.json': {
    matchBy: 'status',
    shape: NEWER,
    run: async (ctx) => {
      await filledMarket(ctx, { qty: '1' });
      return ctx.http('DELETE', '/v2/positions');
    },
  },

  // ---- market-data/
  'market-data/stocks-bars-AMZN-15Min.json': { run: get('/v2/stocks/bars?symbols=AMZN&timeframe=15Min&start=2024-03-01T00:00:00Z&limit=5'), shape: DATA_MAPS },
  'market-data/stocks-bars-META-1Day-page1.json': { run: get('/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2024-01-01T00:00:00Z&limit=3'), shape: DATA_MAPS },
  'market-data/stocks-bars-META-1Day-page2.json': {
    run: async (ctx) => {
      const first = (await ctx.http('GET', '/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-01-01T00:00:00Z&limit=3')).body as { next_page_token: string };
      return ctx.http('GET', `/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-01-01T00:00:00Z&limit=3&page_token=${encodeURIComponent(first.next_page_token)}`);
    },
    shape: DATA_MAPS,
  },
  'market-data/stocks-bars-empty.json': { run: get('/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=1990-01-01T00:00:00Z&end=1990-01-05T00:00:00Z'), shape: DATA_MAPS },
  'market-data/stocks-bars-multi-AAPL-NIO-1Day.json': { run: get('/v2/stocks/bars?symbols=AAPL,MSFT&timeframe=1Day&start=2024-02-01T00:00:00Z&limit=4'), shape: DATA_MAPS },
  'market-data/stocks-bars-single-endpoint-AAPL.from-docs.json': { run: get('/v2/stocks/AAPL/bars?timeframe=1Day&start=2024-02-01T00:00:00Z&limit=2') },
  'market-data/stocks-latest-bars-NIO-AAPL.json': { run: get('/v2/stocks/bars/latest?symbols=AAPL,MSFT'), shape: DATA_MAPS },
  'market-data/stocks-latest-quotes-F-TSLA-GE.json': { run: get('/v2/stocks/quotes/latest?symbols=TSLA,AAPL,MSFT'), shape: DATA_MAPS },
  'market-data/stocks-latest-trade-single-endpoint-AAPL.json': { run: get('/v2/stocks/AAPL/trades/latest') },
  'market-data/stocks-latest-trades-IBM-MSFT.json': { run: get('/v2/stocks/trades/latest?symbols=AAPL,MSFT'), shape: DATA_MAPS },
  'market-data/stocks-quotes-IBM-page1.json': { run: get('/v2/stocks/quotes?symbols=AAPL&start=2024-03-05T15:00:00Z&limit=3'), shape: DATA_MAPS },
  'market-data/stocks-quotes-IBM-page2.json': { run: get('/v2/stocks/quotes?symbols=AAPL&start=2024-03-05T15:00:00Z&limit=3'), shape: DATA_MAPS },
  'market-data/stocks-quotes-multi-BA.json': { run: get('/v2/stocks/quotes?symbols=AAPL,MSFT&start=2024-03-05T15:00:00Z&limit=4'), shape: DATA_MAPS },
  // Older recordings: their bars lack n/vw and their quotes lack z, which current payloads carry.
  'market-data/stocks-snapshot-single-endpoint-AAPL.json': { run: get('/v2/stocks/AAPL/snapshot'), shape: { allowExtraKeys: true } },
  'market-data/stocks-snapshots-AAPL-MSFT-INVALID.json': { run: get('/v2/stocks/snapshots?symbols=AAPL,MSFT,INVALID'), shape: { topLevelMap: true, allowExtraKeys: true } },
  'market-data/stocks-trades-AAPL-page.json': { run: get('/v2/stocks/trades?symbols=AAPL&start=2024-03-05T15:00:00Z&limit=3'), shape: DATA_MAPS },
  'market-data/stocks-trades-multi-F-GE.json': { run: get('/v2/stocks/trades?symbols=AAPL,MSFT&start=2024-03-05T15:00:00Z&limit=4'), shape: DATA_MAPS },
  'market-data/stocks-trades-single-endpoint-AAPL.from-docs.json': { run: get('/v2/stocks/AAPL/trades?start=2024-03-05T15:00:00Z&limit=2') },
  // The synthetic market never cancels a trade, so the update flag `u` is not expected.
  'market-data/stocks-trades-with-update-canceled.json': { run: get('/v2/stocks/trades?symbols=AAPL&start=2024-03-05T15:00:00Z&limit=2'), shape: DATA_MAPS, ignore: ['u'] },
  'market-data/options-bars-AAPL240308C00172500-1Hour.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/bars?symbols=${ctx.optionSymbol()}&timeframe=1Hour&limit=3`), shape: DATA_MAPS },
  'market-data/options-bars-multi-SPY.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/bars?symbols=${ctx.optionSymbol()}&timeframe=1Day&limit=3`), shape: DATA_MAPS },
  // The older recording has no greeks; the page 2 recording shows them.
  'market-data/options-chain-AAPL-page1.json': { run: get('/v1beta1/options/snapshots/AAPL?limit=2'), shape: { ...DATA_MAPS, allowExtraKeys: true } },
  'market-data/options-chain-AAPL-page2-greeks.json': { run: get('/v1beta1/options/snapshots/AAPL?limit=2'), shape: DATA_MAPS },
  'market-data/options-latest-quote-SPXW240327P04925000.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/quotes/latest?symbols=${ctx.optionSymbol()}`), shape: DATA_MAPS },
  'market-data/options-latest-trades-multi-AAPL.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/trades/latest?symbols=${ctx.optionSymbol()}`), shape: DATA_MAPS },
  'market-data/options-snapshots-empty.json': { run: get('/v1beta1/options/snapshots?symbols=NOPE240101C00001000'), shape: DATA_MAPS },
  'market-data/options-snapshots-greeks-AAPL240126P00050000.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/snapshots?symbols=${ctx.optionSymbol()}`), shape: DATA_MAPS },
  'market-data/options-trades-AAPL240308C00172500-page.json': { run: (ctx) => ctx.http('GET', `/v1beta1/options/trades?symbols=${ctx.optionSymbol()}&limit=3`), shape: DATA_MAPS },

  // ---- errors/ (compared by status and code)
  'errors/403-account-not-allowed-to-short.json': {
    run: async (ctx) => {
      await ctx.http('PATCH', '/v2/account/configurations', { no_shorting: true });
      const r = await ctx.http('POST', '/v2/orders', { symbol: 'TSLA', qty: '1', side: 'sell', type: 'market', time_in_force: 'day' });
      await ctx.http('PATCH', '/v2/account/configurations', { no_shorting: false });
      return r;
    },
  },
  'errors/403-forbidden-bad-auth-headers.json': { run: noAuth },
  'errors/403-insufficient-buying-power.json': { run: (ctx) => ctx.http('POST', '/v2/orders', { symbol: 'SPY', qty: '100000', side: 'buy', type: 'market', time_in_force: 'day' }) },
  'errors/403-insufficient-qty-available.json': {
    run: async (ctx) => {
      await filledMarket(ctx, { qty: '1', symbol: 'NVDA' });
      await ctx.order({ symbol: 'NVDA', qty: '1', side: 'sell', type: 'limit', limit_price: '100000', time_in_force: 'gtc' });
      return ctx.http('DELETE', '/v2/positions/NVDA');
    },
  },
  'errors/404-order-not-found.json': { run: get('/v2/orders/00000000-0000-4000-8000-000000000000') },
  'errors/422-client-order-id-must-be-unique.json': {
    run: async (ctx) => {
      const body = { ...limitFar('SPY'), client_order_id: 'conformance-duplicate-id' };
      await ctx.http('POST', '/v2/orders', body);
      return ctx.http('POST', '/v2/orders', body);
    },
  },
  'errors/422-only-one-of-qty-or-notional.json': { run: (ctx) => ctx.http('POST', '/v2/orders', { symbol: 'AAPL', qty: '1', notional: '100', side: 'buy', type: 'market', time_in_force: 'day' }) },
  'errors/422-potential-wash-trade.json': {
    // A resting sell (a short sale far above the market), then a market buy that could trade against it.
    run: async (ctx) => {
      await ctx.order({ symbol: 'GLD', qty: '1', side: 'sell', type: 'limit', limit_price: '100000', time_in_force: 'gtc' });
      return ctx.http('POST', '/v2/orders', { symbol: 'GLD', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' });
    },
  },
  'errors/422-qty-or-notional-required.json': { run: (ctx) => ctx.http('POST', '/v2/orders', { symbol: 'AAPL', side: 'buy', type: 'market', time_in_force: 'day' }) },
  'errors/422-sub-penny-limit-price.from-docs.json': { run: (ctx) => ctx.http('POST', '/v2/orders', { ...limitFar('AAPL'), limit_price: '1.123' }) },
  'errors/429-rate-limit-exceeded.json': { run: rateLimited },
};

const STUB_KEY = { keyId: 'PKSERVERSTUBTEST0000', secret: 'server-stub-test-secret' };

/**
 * The server alone with one stub route: for the answers the server gives itself (auth, rate limit), so they are
 * checked whatever routes the composition has.
 */
async function withStubServer(rateLimitPerMinute: number, use: (url: string) => Promise<Response>): Promise<{ status: number; body: unknown }> {
  const server = createExchangeServer({
    routes: [{ method: 'GET', path: '/v2/clock', handler: () => ({ status: 200, body: {} }) }],
    streams: [],
    keys: new Map([[STUB_KEY.keyId, STUB_KEY.secret]]),
    faults: new FaultPlan(),
    rateLimitPerMinute,
  });
  const port = await server.listen(0);
  try {
    const res = await use(`http://127.0.0.1:${port}/v2/clock`);
    return { status: res.status, body: (await res.json()) as unknown };
  } finally {
    await server.close();
  }
}

/** Credentials under the wrong header names, as in the request that produced the recording. */
function noAuth() {
  return withStubServer(200, (url) => fetch(url, { headers: { APCA_API_KEY_ID: STUB_KEY.keyId, APCA_API_SECRET_KEY: STUB_KEY.secret } }));
}

/** A limit of one request a minute: the second request is over it. */
function rateLimited() {
  return withStubServer(1, async (url) => {
    const headers = { 'APCA-API-KEY-ID': STUB_KEY.keyId, 'APCA-API-SECRET-KEY': STUB_KEY.secret };
    await fetch(url, { headers });
    return fetch(url, { headers });
  });
}
