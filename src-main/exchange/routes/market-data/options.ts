import type { EpochMs } from '../../../../src-shared/time.js';
import type { ExchangeClock } from '../../clock.js';
import { nyDate, nyTime } from '../../market/ny-time.js';
import type { MarketSource, OptionContract, OptionSnapshot } from '../../market/types.js';
import type { ExchangeRequest, Route } from '../../server/route-types.js';
import { barJson, optionQuoteJson, optionSnapshotJson, optionTradeJson } from './format.js';
import { page } from './paging.js';
import { badRequest, checkFeed, invalid, limitOf, rangeOf, sortOf, symbolsOf, timeframeOf } from './params.js';

/** Option market data (v1beta1): history, latest trade and quote, snapshots and the paged chain. */
const HOUR = 3_600_000;

function historyCommon(clock: ExchangeClock, request: ExchangeRequest) {
  const symbols = symbolsOf(request);
  const now = clock.now();
  const { start, end } = rangeOf(request, now, nyTime(nyDate(now), 0));
  return { symbols, start, end, limit: limitOf(request), sort: sortOf(request), token: request.query.get('page_token') || null };
}

function dateParam(request: ExchangeRequest, name: string): string | undefined {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw invalid(`invalid ${name}: ${raw}`);
  return raw;
}

function numberParam(request: ExchangeRequest, name: string): number | undefined {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw invalid(`invalid ${name}: ${raw}`);
  return n;
}

/** The chain's filters (type, strikes, expirations, root). */
function chainFilter(request: ExchangeRequest): (c: OptionContract) => boolean {
  const type = request.query.get('type');
  if (type && type !== 'call' && type !== 'put') throw invalid(`invalid type: ${type}`);
  const gte = numberParam(request, 'strike_price_gte');
  const lte = numberParam(request, 'strike_price_lte');
  const exp = dateParam(request, 'expiration_date');
  const expGte = dateParam(request, 'expiration_date_gte');
  const expLte = dateParam(request, 'expiration_date_lte');
  const root = request.query.get('root_symbol');
  return (c) =>
    (!type || c.type === type) &&
    (gte === undefined || c.strike >= gte) &&
    (lte === undefined || c.strike <= lte) &&
    (exp === undefined || c.expiration === exp) &&
    (expGte === undefined || c.expiration >= expGte) &&
    (expLte === undefined || c.expiration <= expLte) &&
    (!root || c.symbol.startsWith(root));
}

export function optionRoutes(market: MarketSource, clock: ExchangeClock): Route[] {
  /** One entry per requested contract that has data; unknown contracts are omitted, as Alpaca does. */
  const perSymbol = (request: ExchangeRequest, toJson: (snapshot: OptionSnapshot) => unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const symbol of symbolsOf(request)) {
      const snapshot = market.optionSnapshot(symbol);
      const json = snapshot ? toJson(snapshot) : undefined;
      if (json !== undefined) out[symbol] = json;
    }
    return out;
  };
  return [
    {
      method: 'GET',
      path: '/v1beta1/options/bars',
      handler: (request) => {
        const timeframe = timeframeOf(request);
        const windowMs = timeframe.unit === 'Min' || timeframe.unit === 'Hour' ? 72 * HOUR : Number.MAX_SAFE_INTEGER / 4;
        const result = page({ ...historyCommon(clock, request), windowMs, fetch: (s: string, lo: EpochMs, hi: EpochMs) => market.optionBars?.(s, timeframe, lo, hi) ?? [] });
        const bars = Object.fromEntries([...result.bySymbol].map(([s, list]) => [s, list.map(barJson)]));
        return { status: 200, body: { bars, next_page_token: result.nextPageToken } };
      },
    },
    {
      method: 'GET',
      path: '/v1beta1/options/trades',
      handler: (request) => {
        const result = page({ ...historyCommon(clock, request), windowMs: 24 * HOUR, fetch: (s: string, lo: EpochMs, hi: EpochMs) => market.optionTrades?.(s, lo, hi) ?? [] });
        const trades = Object.fromEntries([...result.bySymbol].map(([s, list]) => [s, list.map(optionTradeJson)]));
        return { status: 200, body: { trades, next_page_token: result.nextPageToken } };
      },
    },
    {
      method: 'GET',
      path: '/v1beta1/options/trades/latest',
      handler: (request) => {
        checkFeed(request, 'option');
        const trades = perSymbol(request, (snapshot) => (snapshot.trade ? optionTradeJson(snapshot.trade) : undefined));
        return { status: 200, body: { trades } };
      },
    },
    {
      method: 'GET',
      path: '/v1beta1/options/quotes/latest',
      handler: (request) => {
        checkFeed(request, 'option');
        const quotes = perSymbol(request, (snapshot) => optionQuoteJson(snapshot.quote));
        return { status: 200, body: { quotes } };
      },
    },
    {
      method: 'GET',
      path: '/v1beta1/options/snapshots',
      handler: (request) => {
        checkFeed(request, 'option');
        const snapshots = perSymbol(request, optionSnapshotJson);
        return { status: 200, body: { snapshots } };
      },
    },
    {
      method: 'GET',
      path: '/v1beta1/options/snapshots/:underlying',
      handler: (request) => {
        checkFeed(request, 'option');
        const underlying = (request.params.underlying ?? '').toUpperCase();
        if (!underlying) throw badRequest('missing underlying');
        const limit = limitOf(request, 100, 1000);
        const token = request.query.get('page_token');
        const after = token ? Buffer.from(token, 'base64').toString('utf8') : '';
        const contracts = market.optionContracts(underlying).filter(chainFilter(request)).filter((c) => c.symbol > after);
        const snapshots: Record<string, unknown> = {};
        let count = 0;
        let last = '';
        for (const contract of contracts) {
          if (count === limit) break;
          const snapshot = market.optionSnapshot(contract.symbol);
          if (!snapshot) continue;
          snapshots[contract.symbol] = optionSnapshotJson(snapshot);
          last = contract.symbol;
          count++;
        }
        const more = contracts.length > count;
        return { status: 200, body: { snapshots, next_page_token: more ? Buffer.from(last).toString('base64') : null } };
      },
    },
  ];
}
