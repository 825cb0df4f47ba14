import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import type { DataSource } from '../../src-shared/ipc/market-data-schemas.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { LiveQuote, LiveTrade } from './types.js';

/** A range of bars to fetch: [start, end] inclusive; `limit` keeps the most recent bars of the range. */
export interface BarRequest {
  symbol: string;
  timeframe: Timeframe;
  start: EpochMs;
  end: EpochMs;
  limit: number;
  /**
   * The caller asked for the latest bars, not a range: `start` only bounds a remote search, and the history store
   * answers with its last `limit` bars up to `end` however long ago they are (a trader's imported series of 2001).
   */
  latest?: boolean;
}

export interface ProviderSnapshot {
  latestTrade: LiveTrade | null;
  latestQuote: LiveQuote | null;
  dailyBar: Bar | null;
  prevDailyBar: Bar | null;
}

/**
 * One link of the provider chain. `bars` answers undefined when the provider has nothing for the request (the
 * chain asks the next one) and throws when it cannot be reached (the chain marks it unhealthy and moves on).
 */
export interface MarketDataProvider {
  readonly source: DataSource;
  bars(request: BarRequest, signal?: AbortSignal): Promise<Bar[] | undefined>;
  snapshots(symbols: string[], signal?: AbortSignal): Promise<Map<string, ProviderSnapshot> | undefined>;
}

/** One stored series and the time its bars span. */
export interface StoredSeries {
  symbol: string;
  timeframe: Timeframe;
  first: EpochMs;
  last: EpochMs;
}

/** The offline cache as the chain uses it; the history store (src-main/history/store.ts) fits this shape. */
export interface BarCache {
  writeBars(symbol: string, timeframe: Timeframe, bars: readonly Bar[], source?: string): unknown;
  readBars(symbol: string, timeframe: Timeframe, range?: { from?: EpochMs; to?: EpochMs; limit?: number; fromEnd?: boolean }): Bar[];
  /** Every series with bars, by symbol then timeframe (what a chart can show from the store). */
  seriesSpans?(): StoredSeries[];
}

/** Reads of the same cache off main's loop (the history read worker). */
export interface OffMainBarReader {
  /** The bars, built on the caller's thread in slices with its event loop let through between them. */
  readBarsYielding(symbol: string, timeframe: Timeframe, range: { from?: EpochMs; to?: EpochMs; limit?: number; fromEnd?: boolean }): Promise<Bar[]>;
}

export interface CacheProviderOptions {
  /** Large reads go here instead of the synchronous cache. */
  offMain?: OffMainBarReader;
  /**
   * A request for at least this many bars is large (default 2000): below it a direct read takes a couple of
   * milliseconds, about the worker's round trip (bench/market-data-offmain.ts).
   */
  offMainFromBars?: number;
  /** The worker failed: the read was served directly instead. */
  onOffMainFailure?: (error: string) => void;
}

/** The history store as a provider: whatever was cached, when it covers anything of the range. */
export class CacheProvider implements MarketDataProvider {
  readonly source = 'history-store' as const;
  /** Reads served by the worker and directly on main (diagnostics; tests check large reads leave main). */
  readonly reads = { offMain: 0, direct: 0 };
  private offMain: OffMainBarReader | undefined;

  constructor(
    private readonly cache: BarCache,
    private readonly options: CacheProviderOptions = {},
  ) {
    this.offMain = options.offMain;
  }

  async bars(request: BarRequest): Promise<Bar[] | undefined> {
    const range = { ...(request.latest ? {} : { from: request.start }), to: request.end, limit: request.limit, fromEnd: true };
    let bars: Bar[] | undefined;
    if (this.offMain && request.limit >= (this.options.offMainFromBars ?? 2000)) {
      try {
        bars = await this.offMain.readBarsYielding(request.symbol, request.timeframe, range);
        this.reads.offMain++;
      } catch (error) {
        // A broken worker must not take the offline cache with it: read directly from now on, and say so once.
        this.offMain = undefined;
        this.options.onOffMainFailure?.(error instanceof Error ? error.message : String(error));
      }
    }
    if (!bars) {
      bars = this.cache.readBars(request.symbol, request.timeframe, range);
      this.reads.direct++;
    }
    return bars.length > 0 ? bars : undefined;
  }

  /** A snapshot from the last cached daily bars: no quote, the last close as the last trade. */
  snapshots(symbols: string[]): Promise<Map<string, ProviderSnapshot> | undefined> {
    const out = new Map<string, ProviderSnapshot>();
    for (const symbol of symbols) {
      const daily = this.cache.readBars(symbol, '1Day', { limit: 2, fromEnd: true });
      const last = daily[daily.length - 1];
      if (!last) continue;
      out.set(symbol, {
        latestTrade: { symbol, t: last.t, price: last.c, size: 0 },
        latestQuote: null,
        dailyBar: last,
        prevDailyBar: daily.length > 1 ? daily[0]! : null,
      });
    }
    return Promise.resolve(out.size > 0 ? out : undefined);
  }
}

export interface ProviderHealth {
  source: DataSource;
  ok: boolean;
  lastError: string | null;
  failedAt: EpochMs | null;
}

export interface ChainResult<T> {
  source: DataSource;
  value: T;
}

/**
 * Tries providers in order (Alpaca or the demo exchange, then the offline cache, then the synthetic generator)
 * and remembers which are failing: a provider that failed is skipped for `retryAfterMs`, so an unreachable
 * API costs one timeout, not one per request.
 */
export class ProviderChain {
  private readonly health = new Map<MarketDataProvider, ProviderHealth>();

  constructor(
    readonly providers: readonly MarketDataProvider[],
    private readonly options: { retryAfterMs?: number; now?: () => number; onFailure?: (source: DataSource, error: string) => void } = {},
  ) {
    for (const p of providers) this.health.set(p, { source: p.source, ok: true, lastError: null, failedAt: null });
  }

  /**
   * The first provider with bars. An empty answer (Alpaca or the exchange has no bars of the symbol: one it does not
   * list, or a trader's own series) lets the history store answer next, but not the synthetic generator: made-up
   * bars must not stand in for a real "none", so the empty answer is returned when the store has nothing either.
   */
  async bars(request: BarRequest, signal?: AbortSignal): Promise<ChainResult<Bar[]> | undefined> {
    let empty: ChainResult<Bar[]> | undefined;
    try {
      const found = await this.first(async (p) => {
        if (empty && p.source === 'synthetic') return undefined;
        const bars = await p.bars(request, signal);
        if (bars && bars.length === 0) {
          empty ??= { source: p.source, value: bars };
          return undefined;
        }
        return bars;
      });
      return found ?? empty;
    } catch (error) {
      // A provider after the empty answer failed (the store): the answer that came stands.
      if (empty && !isAbort(error)) return empty;
      throw error;
    }
  }

  snapshots(symbols: string[], signal?: AbortSignal): Promise<ChainResult<Map<string, ProviderSnapshot>> | undefined> {
    return this.first((p) => p.snapshots(symbols, signal));
  }

  report(): ProviderHealth[] {
    return this.providers.map((p) => ({ ...this.health.get(p)! }));
  }

  /** The first healthy provider (what live data is labelled with when it flows). */
  get primary(): DataSource {
    return this.providers.find((p) => this.health.get(p)?.ok)?.source ?? this.providers[this.providers.length - 1]?.source ?? 'synthetic';
  }

  markFailed(source: DataSource, error: string): void {
    const provider = this.providers.find((p) => p.source === source);
    if (provider) this.fail(provider, error);
  }

  markOk(source: DataSource): void {
    const provider = this.providers.find((p) => p.source === source);
    if (provider) this.health.set(provider, { source, ok: true, lastError: null, failedAt: null });
  }

  private async first<T>(ask: (p: MarketDataProvider) => Promise<T | undefined>): Promise<ChainResult<T> | undefined> {
    const now = this.options.now?.() ?? Date.now();
    const retryAfter = this.options.retryAfterMs ?? 15_000;
    let lastError: unknown;
    for (const provider of this.providers) {
      const h = this.health.get(provider)!;
      if (!h.ok && h.failedAt !== null && now - h.failedAt < retryAfter) continue;
      try {
        const value = await ask(provider);
        this.health.set(provider, { source: provider.source, ok: true, lastError: null, failedAt: null });
        if (value !== undefined) return { source: provider.source, value };
      } catch (error) {
        if (isAbort(error)) throw error;
        lastError = error;
        this.fail(provider, error instanceof Error ? error.message : String(error));
      }
    }
    if (lastError !== undefined) throw lastError;
    return undefined;
  }

  private fail(provider: MarketDataProvider, message: string): void {
    const now = this.options.now?.() ?? Date.now();
    this.health.set(provider, { source: provider.source, ok: false, lastError: message, failedAt: now });
    this.options.onFailure?.(provider.source, message);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
