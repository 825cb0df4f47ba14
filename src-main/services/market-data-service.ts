import type { Database } from 'better-sqlite3';
import { MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import type { Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { marketSymbol, type MarketDataStatus, type SymbolSnapshot, type Watchlist } from '../../src-shared/ipc/market-data-schemas.js';
import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import { AlpacaMarketDataRest } from '../adapters/alpaca/market-data/rest-client.js';
import type { StockStreamOptions } from '../adapters/alpaca/market-data/stream.js';
import { existsSync } from 'node:fs';
import { defaultReadWorkerScript, HistoryReadClient } from '../history/read-client.js';
import { HistoryStore } from '../history/store.js';
import { TickStore } from '../history/ticks/tick-store.js';
import { TickRecorder } from '../market-data/tick-recorder.js';
import type { IndicatorColumns } from '../kernel/indicators/registry.js';
import type { EventHub } from '../ipc/event-hub.js';
import type { Logger } from '../logging/logger.js';
import { AlpacaProvider } from '../market-data/alpaca-provider.js';
import type { Catalog } from '../catalog/catalog.js';
import { CatalogProvider } from '../market-data/catalog-provider.js';
import { orderProviders } from '../market-data/provider-order.js';
import { FallbackFeed } from '../market-data/fallback-feed.js';
import { FormingBars } from '../market-data/forming-bars.js';
import { LiveFeed } from '../market-data/live-feed.js';
import { NewsFeed } from '../market-data/news-feed.js';
import { SipReference, sipUrlOf } from '../market-data/sip-reference.js';
import { CacheProvider, ProviderChain, type BarCache, type MarketDataProvider, type StoredSeries } from '../market-data/providers.js';
import { SyntheticProvider } from '../market-data/synthetic-provider.js';
import type { BarsQuery, BarsResult, DataSource, LiveBar, LiveQuote, MarketDataApi, MarketDataListener, SymbolValidation } from '../market-data/types.js';
import { WatchlistStore } from '../market-data/watchlist-store.js';
import type { DemoEndpoints } from './exchange-service.js';
import { healthOf, type Service } from './service.js';

export interface MarketDataServiceOptions {
  log: Logger;
  /** Where GUIs hear live values (contract events); absent in headless uses such as bots-only tests. */
  hub?: EventHub;
  /** Endpoints and keys, asked at start (demo mode: the local exchange's). */
  config: () => AlpacaDataConfig;
  /** The app database, for saved watchlists. */
  database?: () => Database;
  /** The offline bar cache (the history store), when the workstation shares one. */
  cache?: () => BarCache | undefined;
  /** Otherwise: the history database file this service opens as its cache (a failure to open only logs). */
  historyFile?: string;
  /** How often recorded ticks are written (default 1000 ms). */
  tickFlushMs?: number;
  staleAfterMs?: number;
  checkEveryMs?: number;
  clockPollMs?: number;
  stream?: StockStreamOptions;
  syntheticSeed?: number;
  providerRetryAfterMs?: number;
  /** The built history read worker (default: beside this bundle, else dist/main); without it everything runs on main. */
  readWorkerScript?: string;
  /** A history read of at least this many bars runs on the read worker (default 2000). */
  offMainFromBars?: number;
  /** The live stream down this long starts the GUIs' fallback values (default 3 s); and how often it polls (1 s). */
  fallbackAfterMs?: number;
  fallbackPollMs?: number;
  /** The Parquet catalog, opened at start (undefined: none configured); it joins the chain after the broker. */
  catalog?: () => Promise<Catalog | undefined>;
  /** The chain's order (default: broker, catalog, history store, synthetic; see provider-order.ts). */
  providerOrder?: readonly DataSource[];
}

const DEFAULT_LIMIT = 1000;
/** Bars written to the history store in one go on main (about 2 ms); bigger writes are sliced. */
const WRITE_SLICE = 2000;

/** Demo mode's adapter configuration: the local exchange's URLs and its fresh key pair. */
export function demoDataConfig(endpoints: DemoEndpoints): AlpacaDataConfig {
  return {
    tradingUrl: endpoints.tradingUrl,
    dataUrl: endpoints.dataUrl,
    stockStreamUrl: endpoints.marketDataStreamUrl,
    keyId: endpoints.keys.keyId,
    secret: endpoints.keys.secret,
    feed: 'iex',
    source: 'demo-exchange',
  };
}

interface Consumer {
  symbols: Set<string>;
  listener: MarketDataListener;
}

/**
 * Main's market data: history through the provider chain (Alpaca or the demo exchange, then the offline cache,
 * then the synthetic generator), one shared live stream fanned out to every consumer (GUIs through contract
 * events, bots and alerts through `subscribe`), staleness, symbol validation and saved watchlists.
 */
export class MarketDataService implements Service, MarketDataApi {
  readonly name = 'market-data';
  private rest: AlpacaMarketDataRest | undefined;
  private chain: ProviderChain | undefined;
  private feed: LiveFeed | undefined;
  private watchlistStore: WatchlistStore | undefined;
  private readonly consumers = new Set<Consumer>();
  private readonly forming = new FormingBars();
  private liveSource: DataSource = 'synthetic';
  private clockTimer: NodeJS.Timeout | undefined;
  private clock: { isOpen: boolean; timestamp: number; nextOpen: number; nextClose: number; fetchedAt: number } | undefined;
  private ownedCache: HistoryStore | undefined;
  private recorder: TickRecorder | undefined;
  private cacheFailed = false;
  /** Between start and stop: a sliced write still pending at stop must not reopen the store. */
  private running = false;
  /** Large reads of the owned history file and big indicator computations, off main's loop. */
  private worker: HistoryReadClient | undefined;
  private cacheProvider: CacheProvider | undefined;
  private catalogProvider: CatalogProvider | undefined;
  private fallback: FallbackFeed | undefined;
  /** The last live trade price per symbol: where the fallback's movement starts. */
  private readonly lastLivePrice = new Map<string, number>();
  private fallbackTimer: NodeJS.Timeout | undefined;
  private readonly assetCache = new Map<string, { name: string; exchange: string; tradable: boolean } | null>();
  private config: AlpacaDataConfig | undefined;
  private newsFeed: NewsFeed | undefined;

  /** The SIP reference feed (demo: the local exchange serves /v2/sip beside /v2/iex), opened on first use. */
  private sip: SipReference | undefined;

  constructor(private readonly options: MarketDataServiceOptions) {}

  private readonly quoteTaps = new Set<(quote: LiveQuote, source: DataSource) => void>();

  /** Every live quote of the main feed, whoever subscribed its symbol (the order path's risk check reads them). */
  tapQuotes(listener: (quote: LiveQuote, source: DataSource) => void): () => void {
    this.quoteTaps.add(listener);
    return () => {
      this.quoteTaps.delete(listener);
    };
  }

  /** See MarketDataApi.nbboQuotes: in demo only (Alpaca's free plan streams no SIP). */
  nbboQuotes(symbols: string[], onQuote: (quote: LiveQuote) => void): (() => void) | undefined {
    return this.sip?.subscribe(symbols, onQuote);
  }

  async start(): Promise<void> {
    this.running = true;
    const config = this.options.config();
    this.config = config;
    this.liveSource = config.source;
    if (config.source === 'demo-exchange' && sipUrlOf(config.stockStreamUrl)) this.sip = new SipReference(config, (message) => this.options.log.warn('market-data', message));
    this.rest = new AlpacaMarketDataRest(config);
    const cache = this.cache();
    this.worker = this.startWorker();
    const providers: MarketDataProvider[] = [new AlpacaProvider(this.rest, config.source)];
    if (cache) {
      // Only the file this service owns is known to the worker; a shared cache is read where it lives.
      const offMain = this.ownedCache && this.worker ? this.worker : undefined;
      this.cacheProvider = new CacheProvider(cache, {
        ...(offMain ? { offMain } : {}),
        ...(this.options.offMainFromBars !== undefined ? { offMainFromBars: this.options.offMainFromBars } : {}),
        onOffMainFailure: (error) => this.options.log.warn('market-data', 'the history read worker failed; reading the cache on main', { error }),
      });
      providers.push(this.cacheProvider);
    }
    // On the market's clock (the demo exchange may run simulated time), so its values sit where the market is.
    const synthetic = new SyntheticProvider({ seed: this.options.syntheticSeed ?? 42, clock: { now: () => this.marketNow() } });
    providers.push(synthetic);
    const catalog = await this.options.catalog?.().catch((error: unknown) => {
      // A catalog that cannot be opened (no credentials, a bad URI) leaves the rest of the chain working.
      this.options.log.warn('market-data', 'the history catalog is not used', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    });
    if (catalog) {
      this.catalogProvider = new CatalogProvider(catalog);
      providers.push(this.catalogProvider);
      this.options.log.info('market-data', `history catalog: ${catalog.description}`);
    }
    this.chain = new ProviderChain(orderProviders(providers, this.options.providerOrder), {
      retryAfterMs: this.options.providerRetryAfterMs ?? 15_000,
      onFailure: (source, error) => this.options.log.warn('market-data', `${source} failed; falling back`, { error }),
    });
    const db = this.options.database?.();
    if (db) this.watchlistStore = new WatchlistStore(db);
    this.feed = new LiveFeed({
      config,
      rest: this.rest,
      isMarketOpen: () => this.marketOpen(),
      ...(this.options.staleAfterMs !== undefined ? { staleAfterMs: this.options.staleAfterMs } : {}),
      ...(this.options.checkEveryMs !== undefined ? { checkEveryMs: this.options.checkEveryMs } : {}),
      ...(this.options.stream ? { stream: this.options.stream } : {}),
      onError: (message) => this.options.log.warn('market-data', message),
      sink: {
        bar: (symbol, bar, revision) => {
          this.forming.completed(symbol, bar);
          this.deliverBar({ symbol, timeframe: '1Min', bar, forming: false, revision });
        },
        quote: (quote) => {
          this.recorder?.quote(quote);
          if (!this.lastLivePrice.has(quote.symbol) && quote.bid > 0 && quote.ask > 0) this.lastLivePrice.set(quote.symbol, (quote.bid + quote.ask) / 2);
          for (const c of this.consumersOf(quote.symbol)) c.listener.onQuote?.(quote, this.liveSource);
          for (const tap of this.quoteTaps) tap(quote, this.liveSource);
          if (this.options.hub?.hasSubscribers('marketData.quote')) this.options.hub.publish('marketData.quote', { ...quote, source: this.liveSource });
        },
        trade: (trade) => {
          this.recorder?.trade(trade);
          for (const { timeframe, bar } of this.forming.trade(trade.symbol, trade.t, trade.price, trade.size)) {
            this.deliverBar({ symbol: trade.symbol, timeframe, bar, forming: true, revision: 'live' });
          }
          this.lastLivePrice.set(trade.symbol, trade.price);
          for (const c of this.consumersOf(trade.symbol)) c.listener.onTrade?.(trade, this.liveSource);
          if (this.options.hub?.hasSubscribers('marketData.trade')) this.options.hub.publish('marketData.trade', { ...trade, source: this.liveSource });
        },
        staleChanged: (symbols) => {
          this.syncFallback();
          this.publishStatus(symbols);
        },
        connection: (state, detail) => {
          this.options.log.info('market-data', `stream ${state}`, { detail });
          this.syncFallback();
          this.publishStatus(this.feed?.refs.symbols() ?? []);
        },
      },
    });
    this.fallback = new FallbackFeed({
      generator: synthetic,
      cache: () => this.cache(),
      symbols: () => this.feed?.refs.symbols() ?? [],
      timeframes: (symbol) => this.forming.watched(symbol),
      lastLivePrice: (symbol) => this.lastLivePrice.get(symbol),
      stillNeeded: () => this.feed !== undefined && !this.feed.flowing,
      ...(this.options.fallbackPollMs !== undefined ? { pollMs: this.options.fallbackPollMs } : {}),
      // GUIs only: bots and alerts hear the live market alone, and every symbol is stale meanwhile.
      sink: {
        trade: (trade, source) => this.options.hub?.publish('marketData.trade', { ...trade, source }),
        quote: (quote, source) => this.options.hub?.publish('marketData.quote', { ...quote, source }),
        bar: (bar, source) => this.options.hub?.publish('marketData.bar', { ...bar, source }),
        sourceChanged: (symbols) => {
          if (symbols.length > 0) this.options.log.info('market-data', `live fallback: ${symbols.map((s) => `${s} from ${this.fallback?.sourceOf(s) ?? 'the live stream'}`).join(', ')}`);
          this.publishStatus(symbols);
        },
      },
    });
    await this.pollClock();
    this.clockTimer = setInterval(() => void this.pollClock(), this.options.clockPollMs ?? 30_000);
    this.clockTimer.unref();
    this.feed.start();
    this.syncFallback();
    this.startRecorder(cache);
  }

  /** Tick recording needs the history database: the owned file, or a shared HistoryStore. */
  private startRecorder(cache: BarCache | undefined): void {
    const db = this.ownedCache?.db ?? (cache instanceof HistoryStore ? cache.db : undefined);
    if (!db || db.readonly) return;
    try {
      this.recorder = new TickRecorder({
        store: new TickStore(db),
        ...(this.options.tickFlushMs !== undefined ? { flushEveryMs: this.options.tickFlushMs } : {}),
        hold: (symbol) => this.subscribe([symbol], {}),
        onError: (message, error) => this.options.log.warn('market-data', message, { error: String(error) }),
      });
    } catch (error) {
      this.options.log.warn('market-data', 'tick recording is off: the history store has no tick tables', { error: String(error) });
    }
  }

  /** Turns recording of a symbol's quotes and trades on or off (persisted per symbol); the symbols recorded. */
  recordTicks(symbol: string, on: boolean): string[] {
    return this.recorder_().set(symbol, on);
  }

  tickRecording(): string[] {
    return this.recorder_().symbols();
  }

  /** The recorder (diagnostics and tests). */
  get tickRecorder(): TickRecorder | undefined {
    return this.recorder;
  }

  private recorder_(): TickRecorder {
    if (!this.recorder) throw new CodedError('UNAVAILABLE', 'tick recording needs the history store (history.sqlite), which is not open; see the log');
    return this.recorder;
  }

  /**
   * Starts the fallback once the live stream has been down for `fallbackAfterMs`, and ends it when live data flows
   * again (connected and the gap backfilled); the fallback's own poll ends it too when nothing else calls here.
   */
  private syncFallback(): void {
    const feed = this.feed;
    const fallback = this.fallback;
    if (!feed || !fallback) return;
    if (feed.flowing) {
      if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
      this.fallbackTimer = undefined;
      if (fallback.active) fallback.stop();
      return;
    }
    if (fallback.active || this.fallbackTimer) return;
    this.fallbackTimer = setTimeout(() => {
      this.fallbackTimer = undefined;
      if (this.feed && !this.feed.flowing) this.fallback?.start();
    }, this.options.fallbackAfterMs ?? 3000);
    this.fallbackTimer.unref();
  }

  /** The GUIs' fallback while the live stream is down (diagnostics and tests). */
  get liveFallback(): FallbackFeed | undefined {
    return this.fallback;
  }

  /**
   * News on this service's endpoints (Alpaca's, or the local exchange's in demo): started on first use, so a
   * workstation nobody reads news on holds no news connection.
   */
  news(): NewsFeed {
    if (!this.config) throw new CodedError('UNAVAILABLE', 'market data has not started yet; try again in a moment');
    if (!this.newsFeed) {
      this.newsFeed = new NewsFeed({
        config: this.config,
        onHeadline: (headline) => this.options.hub?.publish('news.headline', headline),
        onError: (message) => this.options.log.warn('market-data', message),
      });
      this.newsFeed.start();
    }
    return this.newsFeed;
  }

  stop(): void {
    this.running = false;
    this.newsFeed?.stop();
    this.newsFeed = undefined;
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = undefined;
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = undefined;
    this.fallback?.stop();
    this.fallback = undefined;
    this.recorder?.stop();
    this.recorder = undefined;
    this.feed?.stop();
    this.sip?.stop();
    this.sip = undefined;
    this.consumers.clear();
    void this.worker?.close();
    this.worker = undefined;
    this.ownedCache?.close();
    this.ownedCache = undefined;
    this.catalogProvider?.close();
    this.catalogProvider = undefined;
  }

  private cache(): BarCache | undefined {
    const shared = this.options.cache?.();
    if (shared || !this.options.historyFile || this.cacheFailed) return shared;
    if (!this.ownedCache) {
      try {
        this.ownedCache = HistoryStore.open(this.options.historyFile);
      } catch (error) {
        this.options.log.warn('market-data', 'the history store could not be opened; running without an offline cache', { error: String(error) });
        this.cacheFailed = true;
      }
    }
    return this.ownedCache;
  }

  private startWorker(): HistoryReadClient | undefined {
    const script = this.options.readWorkerScript ?? defaultReadWorkerScript();
    if (!existsSync(script)) {
      this.options.log.warn('market-data', `the history read worker is not built (${script}); large reads and indicators run on main (node scripts/build.mjs history-read-worker)`);
      return undefined;
    }
    return new HistoryReadClient(this.ownedCache ? (this.options.historyFile ?? '') : '', { workerScript: script });
  }

  /** Reads of the history cache, by where they ran (diagnostics and tests). */
  get cacheReads(): { offMain: number; direct: number } {
    return { ...(this.cacheProvider?.reads ?? { offMain: 0, direct: 0 }) };
  }

  /** The worker's answered requests (diagnostics and tests); undefined without a worker. */
  get workerServed(): { reads: number; indicators: number } | undefined {
    return this.worker ? { ...this.worker.served } : undefined;
  }

  /**
   * One registry indicator over big columns on the read worker; undefined when there is no worker (the caller
   * computes on main then).
   */
  computeIndicator(indicator: string, params: Record<string, number>, columns: IndicatorColumns): Promise<Record<string, Float64Array>> | undefined {
    return this.worker?.computeIndicator(indicator, params, columns);
  }

  health() {
    const feed = this.feed;
    if (!feed) return healthOf(this.name, 'stopped', 'not running');
    const providers = this.chain?.report() ?? [];
    const down = providers.filter((p) => !p.ok).map((p) => `${p.source}: ${p.lastError ?? 'failing'}`);
    const fallback = this.fallback?.active ? '; the GUI shows fallback values (stale, not for trading)' : '';
    const detail = `stream ${feed.connection}, ${feed.refs.symbols().length} symbols; providers ${providers.map((p) => `${p.source}${p.ok ? '' : ' (down)'}`).join(' → ')}${fallback}`;
    // A first connection still being made is normal at start; a dropped one (reconnecting) is not.
    const streamFine = feed.connection === 'connected' || feed.connection === 'connecting';
    const state = streamFine && down.length === 0 ? 'ok' : 'degraded';
    return healthOf(this.name, state, down.length ? `${detail}; ${down.join('; ')}` : detail);
  }

  /** The live feed, for tests and diagnostics. */
  get live(): LiveFeed {
    if (!this.feed) throw new Error('market data is not started');
    return this.feed;
  }

  get providers(): ProviderChain {
    if (!this.chain) throw new Error('market data is not started');
    return this.chain;
  }

  async bars(query: BarsQuery, signal?: AbortSignal): Promise<BarsResult> {
    const chain = this.providers;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const end = query.end ?? this.marketNow();
    // Generous enough to hold `limit` bars across nights, weekends and holidays; paging stops at `limit`.
    const start = query.start ?? end - limit * MAX_BAR_SPAN_MS[query.timeframe] * 4 - MAX_BAR_SPAN_MS['1Week'];
    if (end < start) throw new CodedError('BAD_REQUEST', 'end is before start');
    // Without a start the caller wants the latest bars: the store answers with its last ones however old they are.
    const result = await chain.bars({ symbol: query.symbol, timeframe: query.timeframe, start, end, limit, ...(query.start === undefined ? { latest: true } : {}) }, signal);
    if (!result) return { symbol: query.symbol, timeframe: query.timeframe, source: chain.primary, bars: [] };
    if (result.source === 'alpaca' || result.source === 'demo-exchange') this.writeThrough(query.symbol, query.timeframe, result.value, result.source);
    return { symbol: query.symbol, timeframe: query.timeframe, source: result.source, bars: result.value };
  }

  async snapshots(symbols: string[]): Promise<SymbolSnapshot[]> {
    const result = await this.providers.snapshots(symbols);
    if (result && (result.source === 'alpaca' || result.source === 'demo-exchange')) {
      for (const [symbol, s] of result.value) if (s.latestTrade && !this.lastLivePrice.has(symbol)) this.lastLivePrice.set(symbol, s.latestTrade.price);
    }
    return symbols.map((symbol) => {
      const s = result?.value.get(symbol);
      const source = s && result ? result.source : this.providers.primary;
      return {
        symbol,
        source,
        stale: this.isStale(symbol) || source === 'history-store' || source === 'catalog',
        latestTrade: s?.latestTrade ? { t: s.latestTrade.t, price: s.latestTrade.price, size: s.latestTrade.size } : null,
        latestQuote: s?.latestQuote ? { t: s.latestQuote.t, bid: s.latestQuote.bid, ask: s.latestQuote.ask, bidSize: s.latestQuote.bidSize, askSize: s.latestQuote.askSize } : null,
        dailyBar: s?.dailyBar ?? null,
        prevDailyBar: s?.prevDailyBar ?? null,
      };
    });
  }

  /**
   * Live interest in symbols; with `timeframes`, the forming bar of each is published as it moves (seeded from
   * the latest historical bar). The returned function releases exactly this subscription.
   */
  subscribe(symbols: string[], listener: MarketDataListener, timeframes: Timeframe[] = []): () => void {
    const feed = this.live;
    const consumer: Consumer = { symbols: new Set(symbols), listener };
    this.consumers.add(consumer);
    feed.add([...consumer.symbols]);
    for (const symbol of consumer.symbols) {
      for (const timeframe of this.forming.watch(symbol, timeframes)) void this.seedForming(symbol, timeframe);
    }
    this.publishStatus([...consumer.symbols]);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.consumers.delete(consumer);
      for (const symbol of consumer.symbols) this.forming.release(symbol, timeframes);
      feed.remove([...consumer.symbols]);
    };
  }

  private async seedForming(symbol: string, timeframe: Timeframe): Promise<void> {
    try {
      const { bars } = await this.bars({ symbol, timeframe, limit: 1 });
      const last = bars[bars.length - 1];
      if (last) this.forming.seed(symbol, timeframe, last);
    } catch (error) {
      this.options.log.debug('market-data', 'no seed for a forming bar', { symbol, timeframe, error: String(error) });
    }
  }

  status(): MarketDataStatus {
    return this.statusOf(this.feed?.refs.symbols() ?? []);
  }

  async validateSymbols(inputs: string[]): Promise<SymbolValidation> {
    const out: SymbolValidation = { valid: [], invalid: [] };
    for (const input of inputs) {
      const parsed = marketSymbol.safeParse(input);
      if (!parsed.success) {
        out.invalid.push({ input, reason: `"${input.slice(0, 32)}" is not a ticker: use letters, digits, "." or "-", such as AAPL or BRK.B` });
        continue;
      }
      const symbol = parsed.data;
      const asset = await this.asset(symbol);
      if (!asset) out.invalid.push({ input, reason: `${symbol} is not a symbol ${this.liveSource === 'demo-exchange' ? 'the demo exchange' : 'Alpaca'} lists` });
      else out.valid.push({ symbol, ...asset });
    }
    return out;
  }

  async demoUniverse(): Promise<string[] | undefined> {
    if (this.liveSource !== 'demo-exchange') return undefined;
    if (!this.rest) throw new CodedError('UNAVAILABLE', 'market data is not started');
    return this.rest.listedSymbols();
  }

  watchlists(): Watchlist[] {
    return this.watchlists_().all();
  }

  saveWatchlist(list: Watchlist): Watchlist[] {
    return this.watchlists_().save(list);
  }

  deleteWatchlist(name: string): Watchlist[] {
    return this.watchlists_().delete(name);
  }

  storedSeries(): StoredSeries[] {
    return this.cache()?.seriesSpans?.() ?? [];
  }

  private watchlists_(): WatchlistStore {
    if (!this.watchlistStore) throw new CodedError('UNAVAILABLE', 'watchlists are not available: the database is not open');
    return this.watchlistStore;
  }

  private async asset(symbol: string): Promise<{ name: string; exchange: string; tradable: boolean } | undefined> {
    const cached = this.assetCache.get(symbol);
    if (cached !== undefined) return cached ?? undefined;
    if (!this.rest) throw new CodedError('UNAVAILABLE', 'market data is not started');
    try {
      const asset = await this.rest.asset(symbol);
      this.assetCache.set(symbol, asset ? { name: asset.name, exchange: asset.exchange, tradable: asset.tradable } : null);
      return asset;
    } catch (error) {
      throw new CodedError('UNAVAILABLE', `cannot check ${symbol} against the asset list right now: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private deliverBar(live: LiveBar): void {
    for (const c of this.consumersOf(live.symbol)) c.listener.onBar?.(live, this.liveSource);
    if (this.options.hub?.hasSubscribers('marketData.bar')) this.options.hub.publish('marketData.bar', { ...live, source: this.liveSource });
    if (!live.forming) this.writeThrough(live.symbol, live.timeframe, [live.bar], this.liveSource);
  }

  private writeThrough(symbol: string, timeframe: Timeframe, bars: LiveBar['bar'][], source: DataSource, from = 0): void {
    if (from >= bars.length || !this.running) return;
    const cache = this.cache();
    if (!cache) return;
    // A big answer (up to 50,000 bars) is written in slices, one transaction each, with main's loop let through
    // between them; a chart's thousand bars or a live bar go in at once.
    const to = Math.min(bars.length, from + WRITE_SLICE);
    const slice = from === 0 && to === bars.length ? bars : bars.slice(from, to);
    try {
      cache.writeBars(symbol, timeframe, slice, source);
    } catch (error) {
      this.options.log.warn('market-data', 'could not write bars to the history store', { symbol, timeframe, error: String(error) });
      return;
    }
    if (to < bars.length) setImmediate(() => this.writeThrough(symbol, timeframe, bars, source, to));
  }

  private *consumersOf(symbol: string): Generator<Consumer> {
    for (const c of this.consumers) if (c.symbols.has(symbol)) yield c;
  }

  private isStale(symbol: string): boolean {
    const feed = this.feed;
    if (!feed || feed.refs.count(symbol) === 0) return false;
    return feed.isStale(symbol);
  }

  private statusOf(symbols: string[]): MarketDataStatus {
    const feed = this.feed;
    const connection = feed?.connection ?? 'idle';
    const source = connection === 'connected' ? this.liveSource : this.chain?.primary ?? this.liveSource;
    return {
      at: Date.now(),
      connection,
      source,
      marketOpen: this.marketOpen(),
      symbols: symbols.map((symbol) => ({ symbol, source: this.fallback?.sourceOf(symbol) ?? source, stale: this.isStale(symbol), lastMessageAt: feed?.lastMessageAt(symbol) ?? null })),
      detail:
        (connection === 'connected' ? `live from ${this.liveSource}` : `stream ${connection}; history from ${this.chain?.primary ?? source}`) +
        (this.fallback?.active ? '; the GUI shows fallback values (stale, not for trading)' : ''),
    };
  }

  private publishStatus(symbols: string[]): void {
    const status = this.statusOf(symbols);
    for (const c of this.consumers) {
      if (symbols.length === 0 || symbols.some((s) => c.symbols.has(s))) c.listener.onStatus?.(status);
    }
    if (this.options.hub?.hasSubscribers('marketData.status')) this.options.hub.publish('marketData.status', status);
  }

  marketClock(): { now: number; isOpen: boolean; nextOpen: number; nextClose: number } | undefined {
    const c = this.clock;
    return c ? { now: this.marketNow(), isOpen: this.marketOpen(), nextOpen: c.nextOpen, nextClose: c.nextClose } : undefined;
  }

  /** The market's time (the demo exchange may run simulated time), from the last clock poll. */
  private marketNow(): number {
    const c = this.clock;
    return c ? c.timestamp + (Date.now() - c.fetchedAt) : Date.now();
  }

  private marketOpen(): boolean {
    const c = this.clock;
    if (!c) return false;
    const now = this.marketNow();
    return c.isOpen ? now < c.nextClose : now >= c.nextOpen && now < c.nextClose;
  }

  private async pollClock(): Promise<void> {
    if (!this.rest) return;
    try {
      this.clock = { ...(await this.rest.clock()), fetchedAt: Date.now() };
      this.chain?.markOk(this.liveSource);
    } catch (error) {
      this.chain?.markFailed(this.liveSource, error instanceof Error ? error.message : String(error));
    }
  }
}
