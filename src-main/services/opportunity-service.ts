import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import {
  MAX_PUBLISHED_OPPORTUNITIES,
  opportunityListSchema,
  type OpportunitiesLatest,
  type OpportunitiesReliability,
  type OpportunityList,
} from '../../src-shared/ipc/opportunities-schemas.js';
import type { BarColumns } from '../backtest/market-data.js';
import { BarAggregator } from '../bots/bar-aggregator.js';
import { DiscoveryTally } from '../discovery/discovery-tally.js';
import { ScanClient } from '../discovery/scan-client.js';
import { newsSignals } from '../discovery/news-signals.js';
import type { ExternalSignal } from '../discovery/signal.js';
import type { Logger } from '../logging/logger.js';
import type { MarketDataApi } from '../market-data/types.js';
import { strategyNames } from '../strategies/index.js';
import { healthOf, type Service } from './service.js';

/** Bars of history each symbol keeps for a scan (the longest warm-up, 12-1 momentum's 253, with room). */
const WINDOW = 300;
/** Headlines read for each scan: the news insight's window (6 hours). */
const NEWS_LOOKBACK_MS = 6 * 3_600_000;
/** How long a scan waits for the headlines. */
const NEWS_TIMEOUT_MS = 5_000;
/** The largest universe scanned (the benchmark's size). */
const MAX_SYMBOLS = 500;
/** History requests in flight at once while the universe loads. */
const HISTORY_CONCURRENCY = 6;

export interface OpportunityServiceOptions {
  log: Logger;
  marketData: () => MarketDataApi;
  /** The current mode's universe: the demo exchange's symbols, the watchlists' (the first MAX_SYMBOLS). */
  universe: () => Promise<string[]>;
  /** Where each list goes (the hub's `opportunities.list`); validated against the contract's schema first. */
  publish: (list: OpportunityList) => void;
  scanClient?: () => ScanClient;
  strategies?: string[];
  timeframe?: Timeframe;
  now?: () => number;
  /**
   * `start` (default): the universe is loaded and scanned when the service starts. `demand`: start() only gets
   * ready, and the scanner starts on the first call that asks for a list (a window opening the Opportunities or
   * Overview tab), so a host nobody watches (the tests' many hosts) starts no worker and reads no history.
   */
  startOn?: 'start' | 'demand';
}

/**
 * The opportunity scanner, live: the universe's history goes to the scan worker once; each completed 1-minute bar of
 * the stream is aggregated into the scan's timeframe (a daily bar completes at the session's close), and each bar
 * that completes goes to the worker, followed by one scan (closes arriving while a scan runs are folded into the
 * next one). Every ranked list is published; nothing here trades: a trader acts on a row through the ticket, which
 * passes the risk engine like any order.
 */
export class OpportunityService implements Service {
  readonly name = 'opportunities';
  private client: ScanClient | undefined;
  private release: (() => void) | undefined;
  private aggregator: BarAggregator;
  private last: OpportunityList;
  private running: Promise<void> | undefined;
  private again = false;
  private symbols: string[] = [];
  private readonly timeframe: Timeframe;
  private readonly strategies: string[];
  private readonly now: () => number;
  private scans = 0;
  private activated: Promise<void> | undefined;
  /** Aborts the history still loading when the service stops (a mode switch must not wait for it). */
  private loading: AbortController | undefined;
  /** Completed bars on their way to the worker (their provider bar being read): a requested scan waits for them. */
  private readonly completing = new Set<Promise<void>>();
  private readonly tally = new DiscoveryTally();
  private reliabilityCache: { asOf: number; value: Promise<OpportunitiesReliability> } | undefined;

  constructor(private readonly options: OpportunityServiceOptions) {
    this.timeframe = options.timeframe ?? '1Day';
    this.aggregator = new BarAggregator(this.timeframe);
    this.strategies = options.strategies ?? strategyNames();
    this.now = options.now ?? (() => Date.now());
    this.last = this.empty('no scan yet');
  }

  async start(): Promise<void> {
    this.activated = undefined;
    this.reliabilityCache = undefined;
    this.last = this.empty('no scan yet');
    if (this.options.startOn === 'demand') return;
    await this.activate();
  }

  /** Starts the scanner once (on start, or on the first request when it starts on demand). */
  private activate(): Promise<void> {
    this.activated ??= this.load().catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (this.loading?.signal.aborted) {
        this.last = this.empty('the scanner was stopped while it read the history');
      } else {
        this.options.log.error('opportunities', 'the scanner could not start', { error: message });
        this.last = this.empty(`the scanner could not start: ${message}`.slice(0, 500));
      }
      this.release?.();
      this.release = undefined;
      await this.client?.close().catch(() => undefined);
      this.client = undefined;
      // The next request tries again (the market data may not have been ready).
      this.activated = undefined;
      throw error;
    });
    return this.activated;
  }

  private async load(): Promise<void> {
    const loading = new AbortController();
    this.loading = loading;
    this.client = this.options.scanClient?.() ?? new ScanClient();
    this.aggregator = new BarAggregator(this.timeframe);
    this.symbols = (await this.options.universe()).slice(0, MAX_SYMBOLS);
    if (this.symbols.length === 0) {
      this.last = this.empty('no universe: add symbols to a watchlist (or run in demo, whose exchange lists its market)');
      return;
    }
    const market = this.options.marketData();
    const loadStarted = performance.now();
    const range = historyRange(this.timeframe, market.marketClock?.()?.now);
    const columns: Array<BarColumns | undefined> = new Array(this.symbols.length);
    // A few requests at a time: one after another, a universe of hundreds waits on as many round trips.
    let next = 0;
    const fetchNext = async (): Promise<void> => {
      for (let i = next++; i < this.symbols.length && !loading.signal.aborted; i = next++) {
        const symbol = this.symbols[i]!;
        try {
          const { bars } = await market.bars({ symbol, timeframe: this.timeframe, limit: WINDOW, ...range }, loading.signal);
          if (bars.length > 0) columns[i] = toColumns(symbol, bars);
        } catch (error) {
          if (!loading.signal.aborted) this.options.log.warn('opportunities', `no ${this.timeframe} history for ${symbol}; it joins the scan as bars arrive`, { error: String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(HISTORY_CONCURRENCY, this.symbols.length) }, fetchNext));
    if (loading.signal.aborted) throw new CodedError('CANCELLED', 'the scanner was stopped while it read the history');
    const loaded = columns.filter((c): c is BarColumns => c !== undefined);
    this.client.load(loaded);
    this.options.log.info('opportunities', `scanner started: ${this.timeframe} history of ${loaded.length} of ${this.symbols.length} symbols read in ${Math.round(performance.now() - loadStarted)} ms`);
    this.release = market.subscribe(this.symbols, {
      onBar: (live) => {
        // A backfilled minute (after a gap in the stream) is a minute the day still needs; a correction of one
        // already counted is not.
        if (live.timeframe !== '1Min' || live.forming || live.revision === 'corrected') return;
        const done = this.aggregator.push(live.symbol, live.bar);
        if (done.length === 0) return;
        const completing = this.addCompleted(market, live.symbol, done)
          .catch((error: unknown) => this.options.log.error('opportunities', `could not pass ${live.symbol}'s completed bar to the scan worker`, { error: String(error) }))
          .finally(() => this.completing.delete(completing));
        this.completing.add(completing);
      },
    });
    this.requestScan();
  }

  /**
   * Bars the stream completed, each replaced by the provider's own bar of that period when it has one: the
   * aggregator saw only the minutes since the scanner subscribed, so a day it joined late would open at that minute
   * and miss the volume before it (and replace the full bar read at start). The aggregate stands in when the
   * provider has no bar for it yet.
   */
  private async addCompleted(market: MarketDataApi, symbol: string, done: Bar[]): Promise<void> {
    const bars: Array<{ symbol: string; bar: Bar }> = [];
    for (const bar of done) {
      let official: Bar | undefined;
      try {
        const { bars: found } = await market.bars({ symbol, timeframe: this.timeframe, start: bar.t, end: bar.t + 1, limit: 1 });
        official = found.find((b) => b.t === bar.t);
      } catch (error) {
        this.options.log.debug('opportunities', `no ${this.timeframe} bar from the provider for ${symbol}; the stream's aggregate stands in`, { error: String(error) });
      }
      bars.push({ symbol, bar: official ?? bar });
    }
    if (!this.client) return;
    this.client.addBars(bars);
    this.requestScan();
  }

  async stop(): Promise<void> {
    this.loading?.abort();
    await this.activated?.catch(() => undefined);
    this.activated = undefined;
    this.release?.();
    this.release = undefined;
    await this.running?.catch(() => undefined);
    await this.client?.close();
    this.client = undefined;
  }

  health() {
    if (!this.client && this.options.startOn === 'demand' && !this.activated) return healthOf(this.name, 'ok', 'idle: scans start when a window asks for opportunities');
    if (!this.client) return healthOf(this.name, 'stopped', 'not running');
    return healthOf(this.name, this.last.problem ? 'degraded' : 'ok', this.last.problem ?? `${this.scans} scans; ${this.last.opportunities.length} opportunities over ${this.last.symbols} symbols`);
  }

  /** The latest ranked list. */
  latest(): OpportunityList {
    return this.last;
  }

  /**
   * The latest list with today's count, for a window: starts the scanner when it starts on demand, without waiting
   * for it (the first scan's list follows on the `opportunities.list` event, or on the next call).
   */
  current(): OpportunitiesLatest {
    // Not awaited: reading the universe's history takes a while, longer than a window waits for an answer.
    if (!this.activated) this.activate().catch(() => undefined);
    return { list: this.last, discoveredToday: this.tally.count(this.now()), running: this.activated !== undefined };
  }

  /** Scans now (the trader asked); answers the new list. */
  async rescan(): Promise<OpportunityList> {
    await this.activated?.catch(() => undefined);
    if (this.activated && this.symbols.length === 0) {
      // Nothing to scan when it started: read the universe again (a watchlist may have been filled since).
      await this.stop();
    }
    await this.activate();
    if (!this.client) throw new CodedError('UNAVAILABLE', 'the scanner is not running');
    await Promise.all([...this.completing]);
    this.requestScan();
    while (this.running) await this.running;
    return this.last;
  }

  /**
   * Each strategy's reliability diagram as of the latest list: one more scan in the worker with the prequential
   * calibration (every outcome predicted only by what had ended before it), kept until the next bar moves asOf.
   */
  async reliability(): Promise<OpportunitiesReliability> {
    await this.activate();
    const client = this.client;
    if (!client) throw new CodedError('UNAVAILABLE', 'the scanner is not running');
    while (this.running) await this.running;
    const asOf = this.last.asOf;
    if (this.reliabilityCache?.asOf === asOf) return this.reliabilityCache.value;
    const value = client.scan({ strategies: this.strategies, withReliability: true }).then((result) => ({
      asOf: Number.isFinite(result.asOf) ? result.asOf : 0,
      calibration: result.calibration,
    }));
    this.reliabilityCache = { asOf, value };
    value.catch(() => {
      if (this.reliabilityCache?.value === value) this.reliabilityCache = undefined;
    });
    return value;
  }

  private requestScan(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.scanOnce().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.requestScan();
      }
    });
  }

  private async scanOnce(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const started = performance.now();
    try {
      const external = await this.newsViews();
      const result = await client.scan({ strategies: this.strategies, withReliability: false, ...(external.length > 0 ? { external } : {}) });
      this.scans++;
      const list = opportunityListSchema.parse({
        asOf: Number.isFinite(result.asOf) ? result.asOf : 0,
        scannedAt: this.now(),
        timeframe: this.timeframe,
        symbols: this.symbols.length,
        strategies: this.strategies,
        scanMs: performance.now() - started,
        opportunities: result.opportunities.slice(0, MAX_PUBLISHED_OPPORTUNITIES).map((o) => ({ ...o, reason: o.reason.slice(0, 500) })),
        skipped: result.skipped.map((s) => ({ strategy: s.strategy, reason: s.reason.slice(0, 500) })),
      });
      this.last = list;
      this.tally.record(list.opportunities, this.now());
      this.options.publish(list);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.log.error('opportunities', 'a scan failed', { error: message });
      this.last = { ...this.last, problem: `the last scan failed: ${message}`.slice(0, 500) };
      this.options.publish(this.last);
    }
  }

  /**
   * The news insight source's views of the universe now: the headlines of the last hours (the market data
   * service's news, through the SDK), each symbol's turned into an insight (news/news-insight.ts). None where the
   * market data has no news, or the request fails (logged: the strategies' list still goes out).
   */
  private async newsViews(): Promise<ExternalSignal[]> {
    const market = this.options.marketData();
    const feed = market.news?.();
    if (!feed) return [];
    const now = market.marketClock?.()?.now ?? this.now();
    try {
      // Bounded: a news endpoint that hangs must not hold back the strategies' list.
      const headlines = await feed.list({ symbols: [], start: now - NEWS_LOOKBACK_MS, end: now, limit: 1000, signal: AbortSignal.timeout(NEWS_TIMEOUT_MS) });
      return newsSignals(headlines, now, new Set(this.symbols), this.timeframe);
    } catch (error) {
      this.options.log.warn('opportunities', 'no news for the scan; its list has the strategies only', { error: String(error) });
      return [];
    }
  }

  private empty(problem: string): OpportunityList {
    return { asOf: 0, scannedAt: this.now(), timeframe: this.timeframe, symbols: 0, strategies: this.strategies, scanMs: 0, opportunities: [], skipped: [], problem };
  }
}

/**
 * The span of daily history the scan needs, from the market's clock (simulated in demo): WINDOW sessions are about
 * WINDOW * 7/5 calendar days plus holidays. Without it the market data service searches four times as far back,
 * and the demo exchange synthesises every session of that span (minutes and all) before keeping the last WINDOW.
 * Other timeframes, or no clock yet: the service's own search.
 */
function historyRange(timeframe: Timeframe, now: number | undefined): { start: number; end: number } | Record<string, never> {
  if (timeframe !== '1Day' || now === undefined) return {};
  return { start: now - Math.ceil(WINDOW * 1.5 + 14) * 86_400_000, end: now };
}

function toColumns(symbol: string, bars: readonly Bar[]): BarColumns {
  const col = (f: keyof Bar) => Float64Array.from(bars, (b) => b[f]);
  return { symbol, t: col('t'), o: col('o'), h: col('h'), l: col('l'), c: col('c'), v: col('v') };
}
