import { marketData, RateLimitError, trading } from '@alpacahq/alpaca-trade-api';
import type { Bar, Timeframe } from '../../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../../src-shared/time.js';
import type { AlpacaDataConfig } from './config.js';
import { barFromRest, epochOf } from './parse.js';
import { TokenBucket } from './rate-limiter.js';

/**
 * Alpaca's option data through the official SDK (v4): contracts from the trading API (`AssetsApi.getOptionsContracts`)
 * and, from the market data API (`OptionApi`), chain snapshots with greeks and IV, snapshots by contract, bars,
 * trades, and the latest quotes and trades. Alpaca serves no history of option quotes, so `latestQuotes` is the
 * only quote call. Every page is followed, every request passes the token bucket, and a 429 waits for the reset.
 */

export interface OptionContractInfo {
  symbol: string;
  id: string;
  underlying: string;
  type: 'call' | 'put';
  strike: number;
  /** YYYY-MM-DD */
  expiration: string;
  style: 'american' | 'european';
  multiplier: number;
  tradable: boolean;
  openInterest: number | null;
  closePrice: number | null;
}

export interface OptionQuoteValue {
  t: EpochMs;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

export interface OptionTradeValue {
  t: EpochMs;
  price: number;
  size: number;
}

export interface OptionSnapshotValue {
  symbol: string;
  quote: OptionQuoteValue | null;
  trade: OptionTradeValue | null;
  dailyBar: Bar | null;
  /** Absent when Alpaca has none for the contract (illiquid contracts, the indicative feed at times). */
  greeks: { delta: number; gamma: number; theta: number; vega: number; rho: number } | null;
  impliedVolatility: number | null;
}

export interface ContractsQuery {
  underlyings: string[];
  expiration?: string;
  expirationGte?: string;
  expirationLte?: string;
  type?: 'call' | 'put';
  strikeGte?: number;
  strikeLte?: number;
  signal?: AbortSignal;
}

export interface ChainQuery {
  expiration?: string;
  expirationGte?: string;
  expirationLte?: string;
  type?: 'call' | 'put';
  strikeGte?: number;
  strikeLte?: number;
  signal?: AbortSignal;
}

export type OptionFeed = 'indicative' | 'opra';
const MAX_RATE_LIMIT_RETRIES = 5;

export class AlpacaOptionsRest {
  readonly limiter: TokenBucket;
  private readonly options: marketData.OptionApi;
  private readonly assets: trading.AssetsApi;
  private requestCount = 0;

  constructor(
    config: AlpacaDataConfig,
    private readonly feed: OptionFeed = 'indicative',
    limiter?: TokenBucket,
  ) {
    this.limiter = limiter ?? TokenBucket.perMinute(config.requestsPerMinute ?? 200);
    const credentials = { keyId: config.keyId, secret: config.secret };
    this.options = new marketData.OptionApi(new marketData.Configuration({ ...credentials, basePath: config.dataUrl }));
    this.assets = new trading.AssetsApi(new trading.Configuration({ ...credentials, basePath: config.tradingUrl }));
  }

  get requests(): number {
    return this.requestCount;
  }

  /** Listed contracts of the underlyings (active ones), every page. */
  async contracts(query: ContractsQuery): Promise<OptionContractInfo[]> {
    const out: OptionContractInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.request(query.signal, (init) =>
        this.assets.getOptionsContracts(
          {
            underlyingSymbols: query.underlyings.join(','),
            limit: 10_000,
            ...(query.expiration ? { expirationDate: new Date(`${query.expiration}T00:00:00Z`) } : {}),
            ...(query.expirationGte ? { expirationDateGte: new Date(`${query.expirationGte}T00:00:00Z`) } : {}),
            ...(query.expirationLte ? { expirationDateLte: new Date(`${query.expirationLte}T00:00:00Z`) } : {}),
            ...(query.type ? { type: query.type as trading.OptionContractType } : {}),
            ...(query.strikeGte !== undefined ? { strikePriceGte: query.strikeGte } : {}),
            ...(query.strikeLte !== undefined ? { strikePriceLte: query.strikeLte } : {}),
            ...(token ? { pageToken: token } : {}),
          },
          init,
        ),
      );
      for (const c of page.optionContracts) out.push(contractFromRest(c));
      token = page.nextPageToken ?? undefined;
    } while (token);
    return out;
  }

  /** The chain of an underlying: a snapshot per contract, every page. */
  async chain(underlying: string, query: ChainQuery = {}): Promise<OptionSnapshotValue[]> {
    const out: OptionSnapshotValue[] = [];
    let token: string | undefined;
    do {
      const page = await this.request(query.signal, (init) =>
        this.options.optionChain(
          {
            underlyingSymbol: underlying,
            feed: this.feed as marketData.OptionFeed,
            limit: 1000,
            ...(query.type ? { type: query.type as marketData.OptionChainTypeEnum } : {}),
            ...(query.expiration ? { expirationDate: new Date(`${query.expiration}T00:00:00Z`) } : {}),
            ...(query.expirationGte ? { expirationDateGte: new Date(`${query.expirationGte}T00:00:00Z`) } : {}),
            ...(query.expirationLte ? { expirationDateLte: new Date(`${query.expirationLte}T00:00:00Z`) } : {}),
            ...(query.strikeGte !== undefined ? { strikePriceGte: query.strikeGte } : {}),
            ...(query.strikeLte !== undefined ? { strikePriceLte: query.strikeLte } : {}),
            ...(token ? { pageToken: token } : {}),
          },
          init,
        ),
      );
      for (const [symbol, s] of Object.entries(page.snapshots)) if (s) out.push(snapshotFromRest(symbol, s));
      token = page.nextPageToken ?? undefined;
    } while (token);
    return out;
  }

  /** Snapshots of named contracts (unknown ones are left out, as Alpaca does). */
  async snapshots(symbols: string[], signal?: AbortSignal): Promise<OptionSnapshotValue[]> {
    const out: OptionSnapshotValue[] = [];
    let token: string | undefined;
    do {
      const page = await this.request(signal, (init) =>
        this.options.optionSnapshots({ symbols: symbols.join(','), feed: this.feed as marketData.OptionFeed, limit: 1000, ...(token ? { pageToken: token } : {}) }, init),
      );
      for (const [symbol, s] of Object.entries(page.snapshots)) if (s) out.push(snapshotFromRest(symbol, s));
      token = page.nextPageToken ?? undefined;
    } while (token);
    return out;
  }

  async bars(symbols: string[], timeframe: Timeframe, range: { start?: EpochMs; end?: EpochMs; signal?: AbortSignal } = {}): Promise<Map<string, Bar[]>> {
    const out = new Map<string, Bar[]>(symbols.map((s) => [s, []]));
    let token: string | undefined;
    do {
      const page = await this.request(range.signal, (init) =>
        this.options.optionBars({ symbols: symbols.join(','), timeframe, limit: 10_000, ...dates(range), ...(token ? { pageToken: token } : {}) }, init),
      );
      for (const [symbol, bars] of Object.entries(page.bars)) for (const b of bars) out.get(symbol)?.push(barFromRest(b));
      token = page.nextPageToken ?? undefined;
    } while (token);
    return out;
  }

  async trades(symbols: string[], range: { start?: EpochMs; end?: EpochMs; signal?: AbortSignal } = {}): Promise<Map<string, OptionTradeValue[]>> {
    const out = new Map<string, OptionTradeValue[]>(symbols.map((s) => [s, []]));
    let token: string | undefined;
    do {
      const page = await this.request(range.signal, (init) =>
        this.options.optionTrades({ symbols: symbols.join(','), limit: 10_000, ...dates(range), ...(token ? { pageToken: token } : {}) }, init),
      );
      for (const [symbol, trades] of Object.entries(page.trades)) for (const t of trades) out.get(symbol)?.push(tradeFromRest(t));
      token = page.nextPageToken ?? undefined;
    } while (token);
    return out;
  }

  async latestQuotes(symbols: string[], signal?: AbortSignal): Promise<Map<string, OptionQuoteValue>> {
    const body = await this.request(signal, (init) => this.options.optionLatestQuotes({ symbols: symbols.join(','), feed: this.feed as marketData.OptionFeed }, init));
    return new Map(Object.entries(body.quotes).map(([symbol, q]) => [symbol, quoteFromRest(q)]));
  }

  async latestTrades(symbols: string[], signal?: AbortSignal): Promise<Map<string, OptionTradeValue>> {
    const body = await this.request(signal, (init) => this.options.optionLatestTrades({ symbols: symbols.join(','), feed: this.feed as marketData.OptionFeed }, init));
    return new Map(Object.entries(body.trades).map(([symbol, t]) => [symbol, tradeFromRest(t)]));
  }

  private async request<T>(signal: AbortSignal | undefined, send: (init: RequestInit) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(signal);
      this.requestCount++;
      try {
        return await send(signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof RateLimitError) || attempt >= MAX_RATE_LIMIT_RETRIES) throw error;
        this.limiter.pauseUntil(this.limiter.clock() + Math.max(1000, error.retryAfterMs ?? 60_000));
      }
    }
  }
}

function dates(range: { start?: EpochMs; end?: EpochMs }): { start?: Date; end?: Date } {
  return {
    ...(range.start !== undefined ? { start: new Date(range.start) } : {}),
    ...(range.end !== undefined ? { end: new Date(range.end) } : {}),
  };
}

function num(raw: string | number | undefined | null): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function isoDay(d: Date | string): string {
  return typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10);
}

export function contractFromRest(c: trading.OptionContract): OptionContractInfo {
  return {
    symbol: c.symbol,
    id: c.id,
    underlying: c.underlyingSymbol,
    type: String(c.type) === 'put' ? 'put' : 'call',
    strike: Number(c.strikePrice),
    expiration: isoDay(c.expirationDate),
    style: String(c.style) === 'european' ? 'european' : 'american',
    multiplier: num(c.multiplier) ?? 100,
    tradable: c.tradable,
    openInterest: num(c.openInterest),
    closePrice: num(c.closePrice),
  };
}

export function quoteFromRest(q: marketData.OptionQuote): OptionQuoteValue {
  return { t: epochOf(q.t), bid: q.bp, ask: q.ap, bidSize: q.bs, askSize: q.as };
}

export function tradeFromRest(t: marketData.OptionTrade): OptionTradeValue {
  return { t: epochOf(t.t), price: t.p, size: t.s };
}

export function snapshotFromRest(symbol: string, s: marketData.OptionSnapshot): OptionSnapshotValue {
  const g = s.greeks;
  const complete = g !== undefined && [g.delta, g.gamma, g.theta, g.vega, g.rho].every((x) => typeof x === 'number' && Number.isFinite(x));
  const iv = typeof s.impliedVolatility === 'number' && Number.isFinite(s.impliedVolatility) && s.impliedVolatility > 0 ? s.impliedVolatility : null;
  return {
    symbol,
    quote: s.latestQuote ? quoteFromRest(s.latestQuote) : null,
    trade: s.latestTrade ? tradeFromRest(s.latestTrade) : null,
    dailyBar: s.dailyBar ? barFromRest(s.dailyBar) : null,
    greeks: complete && g ? { delta: g.delta, gamma: g.gamma, theta: g.theta, vega: g.vega, rho: g.rho } : null,
    impliedVolatility: iv,
  };
}
