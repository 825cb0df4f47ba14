import type { EpochMs } from '../../../../src-shared/time.js';
import type { ExchangeClock } from '../../clock.js';
import { nyDate, nyTime } from '../../market/ny-time.js';
import type { MarketSource, Timeframe } from '../../market/types.js';
import { AlpacaHttpError, type ExchangeRequest, type Route } from '../../server/route-types.js';
import { barJson, quoteJson, tradeJson } from './format.js';
import { latestMinuteBar, recentDailyBars } from './latest.js';
import { page } from './paging.js';
import { checkAdjustment, checkFeed, limitOf, rangeOf, sortOf, symbolsOf, timeframeOf } from './params.js';

/** Stock market data: history (multi- and single-symbol), latest values and snapshots, in Alpaca's JSON. */
type Kind = 'bars' | 'trades' | 'quotes';
const HOUR = 3_600_000;

function barWindow(timeframe: Timeframe): number {
  return timeframe.unit === 'Min' || timeframe.unit === 'Hour' ? 72 * HOUR : Number.MAX_SAFE_INTEGER / 4;
}

function history(market: MarketSource, clock: ExchangeClock, request: ExchangeRequest, kind: Kind): { symbols: string[]; data: Map<string, Record<string, unknown>[]>; next: string | null } {
  const symbols = symbolsOf(request);
  checkFeed(request, 'stock');
  const now = clock.now();
  const timeframe = kind === 'bars' ? timeframeOf(request) : undefined;
  if (kind === 'bars') checkAdjustment(request);
  const { start, end } = rangeOf(request, now, nyTime(nyDate(now), 0));
  const common = { symbols, start, end, limit: limitOf(request), sort: sortOf(request), token: request.query.get('page_token') || null };
  let result;
  if (timeframe) {
    result = page({ ...common, windowMs: barWindow(timeframe), fetch: (s: string, lo: EpochMs, hi: EpochMs) => market.bars(s, timeframe, lo, hi) });
    return { symbols, data: mapValues(result.bySymbol, barJson), next: result.nextPageToken };
  }
  if (kind === 'trades') {
    result = page({ ...common, windowMs: HOUR, fetch: (s: string, lo: EpochMs, hi: EpochMs) => market.trades(s, lo, hi) });
    return { symbols, data: mapValues(result.bySymbol, tradeJson), next: result.nextPageToken };
  }
  result = page({ ...common, windowMs: HOUR, fetch: (s: string, lo: EpochMs, hi: EpochMs) => market.quotes(s, lo, hi) });
  return { symbols, data: mapValues(result.bySymbol, quoteJson), next: result.nextPageToken };
}

function mapValues<T>(m: Map<string, T[]>, f: (item: T) => Record<string, unknown>): Map<string, Record<string, unknown>[]> {
  return new Map([...m].map(([k, v]) => [k, v.map(f)]));
}

function latestOf(market: MarketSource, clock: ExchangeClock, symbol: string, kind: Kind): Record<string, unknown> | undefined {
  if (kind === 'trades') {
    const t = market.latestTrade(symbol);
    return t && tradeJson(t);
  }
  if (kind === 'quotes') {
    const q = market.latestQuote(symbol);
    return q && quoteJson(q);
  }
  const b = latestMinuteBar(market, symbol, clock.now());
  return b && barJson(b);
}

function snapshotOf(market: MarketSource, clock: ExchangeClock, symbol: string): Record<string, unknown> | null {
  const trade = market.latestTrade(symbol);
  const quote = market.latestQuote(symbol);
  if (!trade || !quote) return null;
  const now = clock.now();
  const minute = latestMinuteBar(market, symbol, now);
  const { daily, previous } = recentDailyBars(market, symbol, now);
  return {
    latestTrade: tradeJson(trade),
    latestQuote: quoteJson(quote),
    minuteBar: minute ? barJson(minute) : null,
    dailyBar: daily ? barJson(daily) : null,
    prevDailyBar: previous ? barJson(previous) : null,
  };
}

const SINGULAR: Record<Kind, string> = { bars: 'bar', trades: 'trade', quotes: 'quote' };

export function stockRoutes(market: MarketSource, clock: ExchangeClock): Route[] {
  const routes: Route[] = [];
  for (const kind of ['bars', 'trades', 'quotes'] as const) {
    routes.push({
      method: 'GET',
      path: `/v2/stocks/${kind}`,
      handler: (request) => {
        const { data, next } = history(market, clock, request, kind);
        return { status: 200, body: { [kind]: Object.fromEntries(data), next_page_token: next } };
      },
    });
    routes.push({
      method: 'GET',
      path: `/v2/stocks/${kind}/latest`,
      handler: (request) => {
        checkFeed(request, 'stock');
        const out: Record<string, unknown> = {};
        for (const symbol of symbolsOf(request)) {
          const value = latestOf(market, clock, symbol, kind);
          if (value) out[symbol] = value;
        }
        return { status: 200, body: { [kind]: out } };
      },
    });
    routes.push({
      method: 'GET',
      path: `/v2/stocks/:symbol/${kind}`,
      handler: (request) => {
        const { symbols, data, next } = history(market, clock, request, kind);
        const symbol = symbols[0] as string;
        return { status: 200, body: { [kind]: data.get(symbol) ?? [], symbol, next_page_token: next } };
      },
    });
    routes.push({
      method: 'GET',
      path: `/v2/stocks/:symbol/${kind}/latest`,
      handler: (request) => {
        checkFeed(request, 'stock');
        const symbol = symbolsOf(request)[0] as string;
        const value = latestOf(market, clock, symbol, kind);
        if (!value) throw new AlpacaHttpError(404, { code: 40410000, message: `no ${SINGULAR[kind]} found for ${symbol}` });
        return { status: 200, body: { symbol, [SINGULAR[kind]]: value } };
      },
    });
  }
  routes.push({
    method: 'GET',
    path: '/v2/stocks/snapshots',
    handler: (request) => {
      checkFeed(request, 'stock');
      const out: Record<string, unknown> = {};
      for (const symbol of symbolsOf(request)) out[symbol] = snapshotOf(market, clock, symbol);
      return { status: 200, body: out };
    },
  });
  routes.push({
    method: 'GET',
    path: '/v2/stocks/:symbol/snapshot',
    handler: (request) => {
      checkFeed(request, 'stock');
      const symbol = symbolsOf(request)[0] as string;
      const snapshot = snapshotOf(market, clock, symbol);
      if (!snapshot) throw new AlpacaHttpError(404, { code: 40410000, message: `no snapshot found for ${symbol}` });
      return { status: 200, body: { symbol, ...snapshot } };
    },
  });
  return routes;
}
