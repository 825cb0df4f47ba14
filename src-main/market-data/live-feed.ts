import type { EpochMs } from '../../src-shared/time.js';
import type { Bar } from '../../src-shared/domain/bar.js';
import type { MarketConnectionState } from '../../src-shared/ipc/market-data-schemas.js';
import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import type { AlpacaMarketDataRest } from '../adapters/alpaca/market-data/rest-client.js';
import { StockStream, type StockStreamOptions, type StreamBarMessage } from '../adapters/alpaca/market-data/stream.js';
import { BarBook } from './bar-book.js';
import { RefCounts } from './ref-counts.js';
import { StaleTracker } from './stale-tracker.js';
import type { BarRevision, LiveQuote, LiveTrade } from './types.js';

/** Where the feed delivers: the market data service, which fans out to its consumers. */
export interface FeedSink {
  bar(symbol: string, bar: Bar, revision: BarRevision): void;
  quote(quote: LiveQuote): void;
  trade(trade: LiveTrade): void;
  /** Symbols whose stale flag changed (read the flag from `isStale`). */
  staleChanged(symbols: string[]): void;
  connection(state: MarketConnectionState, detail: string): void;
}

export interface LiveFeedOptions {
  config: AlpacaDataConfig;
  rest: AlpacaMarketDataRest;
  sink: FeedSink;
  /** Whether the market is in regular hours now (a quiet symbol is only stale then). */
  isMarketOpen: () => boolean;
  /** No message for this long during market hours flags a symbol stale (default 15 s). */
  staleAfterMs?: number;
  checkEveryMs?: number;
  stream?: StockStreamOptions;
  onError?: (message: string) => void;
  now?: () => number;
}

/** The first pause before a failed backfill is tried again; it doubles up to the maximum. */
const BACKFILL_RETRY_MS = 1_000;
const BACKFILL_RETRY_MAX_MS = 30_000;

/**
 * The account's one market data stream connection, shared by every consumer: symbols are reference-counted
 * (the socket hears subscribe for a symbol's first consumer and unsubscribe for its last); after a reconnect the
 * gap is backfilled over REST from the last bar seen and de-duplicated against what the stream sends; corrected
 * bars replace earlier ones; quiet symbols are flagged stale, and every symbol is stale while the stream is down
 * or a backfill is running, so no consumer acts on a gap.
 */
export class LiveFeed {
  readonly refs = new RefCounts();
  readonly book = new BarBook();
  private readonly stale: StaleTracker;
  private stream: StockStream | undefined;
  private state: MarketConnectionState = 'idle';
  private backfilling = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Market time of the newest message per symbol (the start of a backfill when no bar was seen yet). */
  private readonly lastEventTime = new Map<string, number>();
  private readonly now: () => number;
  backfillCount = 0;
  backfilledBars = 0;

  constructor(private readonly options: LiveFeedOptions) {
    this.stale = new StaleTracker(options.staleAfterMs ?? 15_000);
    this.now = options.now ?? (() => Date.now());
  }

  start(): void {
    if (this.stream) return;
    const sink = this.options.sink;
    this.stream = new StockStream(
      this.options.config,
      {
        trade: (t) => {
          this.seen(t.symbol, t.t);
          sink.trade(t);
        },
        quote: (q) => {
          this.seen(q.symbol, q.t);
          sink.quote(q);
        },
        bar: (m) => this.onBar(m, 'live'),
        updatedBar: (m) => this.onBar(m, 'corrected'),
        state: (state, detail) => this.setState(state === 'disconnected' ? 'reconnecting' : state, detail),
        reconnected: () => void this.backfill(),
        error: (message) => this.options.onError?.(message),
      },
      this.options.stream,
    );
    this.setState('connecting', `connecting to ${this.options.config.stockStreamUrl}`);
    this.stream.subscribe(this.refs.symbols());
    this.stream.connect();
    this.timer = setInterval(() => this.evaluate(), this.options.checkEveryMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stream?.disconnect();
    this.stream = undefined;
    this.setState('idle', 'stopped');
  }

  /** Adds one reference per symbol; the socket is told only about symbols nobody watched before. */
  add(symbols: string[]): void {
    const first = this.refs.acquire(symbols);
    const now = this.now();
    for (const s of first) this.stale.watch(s, now);
    this.stream?.subscribe(first);
  }

  remove(symbols: string[]): void {
    const last = this.refs.release(symbols);
    for (const s of last) {
      this.stale.unwatch(s);
      this.book.forget(s);
      this.lastEventTime.delete(s);
    }
    this.stream?.unsubscribe(last);
  }

  get connection(): MarketConnectionState {
    return this.state;
  }

  /** Live data is flowing: connected and not in the middle of filling a gap. */
  get flowing(): boolean {
    return this.state === 'connected' && this.backfilling === 0;
  }

  isStale(symbol: string): boolean {
    return this.stale.isStale(symbol);
  }

  lastMessageAt(symbol: string): number | null {
    return this.stale.lastMessageAt(symbol);
  }

  /** The symbols the socket is subscribed to, as the SDK will re-send them after a reconnect. */
  socketSubscriptions(): Record<string, string[]> {
    return this.stream?.subscriptions() ?? {};
  }

  /** Re-evaluates stale flags now (also runs on a timer). */
  evaluate(): void {
    const changed = this.stale.evaluate(this.now(), this.options.isMarketOpen(), this.flowing);
    if (changed.length > 0) this.options.sink.staleChanged(changed);
  }

  private seen(symbol: string, marketTime: number): void {
    if (this.refs.count(symbol) === 0) return;
    if (marketTime > (this.lastEventTime.get(symbol) ?? -Infinity)) this.lastEventTime.set(symbol, marketTime);
    // A message during a backfill does not make the symbol fresh: the gap is not closed yet.
    if (this.stale.seen(symbol, this.now(), this.flowing)) this.options.sink.staleChanged([symbol]);
  }

  private onBar(message: StreamBarMessage, revision: BarRevision): void {
    this.seen(message.symbol, message.bar.t);
    const change = this.book.put(message.symbol, message.bar);
    if (change === 'duplicate') return;
    this.options.sink.bar(message.symbol, message.bar, change === 'corrected' ? 'corrected' : revision);
  }

  private setState(state: MarketConnectionState, detail: string): void {
    if (state === this.state) return;
    this.state = state;
    this.options.sink.connection(state, detail);
    this.evaluate();
  }

  /**
   * After a reconnect: the minute bars since the last one seen, per symbol, over REST. Bars the stream already
   * delivered are dropped as duplicates; bars that differ replace the earlier ones as corrections. A failed
   * backfill is tried again with a growing pause (up to 30 s) while the stream stays up, and every symbol stays
   * stale until it succeeds: a gap is never left behind silently.
   */
  private async backfill(): Promise<void> {
    const stream = this.stream;
    this.backfilling++;
    this.evaluate();
    this.backfillCount++;
    // Where each symbol's gap starts, fixed now: live bars arriving during a slow or retried backfill must not
    // move the start past the gap.
    const starts = new Map<string, EpochMs>();
    for (const symbol of this.refs.symbols()) {
      const lastBar = this.book.lastTime(symbol);
      const lastEvent = this.lastEventTime.get(symbol);
      const start = lastBar ?? (lastEvent !== undefined ? Math.floor(lastEvent / 60_000) * 60_000 : undefined);
      if (start !== undefined) starts.set(symbol, start);
    }
    try {
      for (let pauseMs = BACKFILL_RETRY_MS; ; pauseMs = Math.min(pauseMs * 2, BACKFILL_RETRY_MAX_MS)) {
        try {
          await this.backfillOnce(starts);
          return;
        } catch (error) {
          this.options.onError?.(`backfill after reconnect failed (trying again in ${Math.round(pauseMs / 1000)} s): ${error instanceof Error ? error.message : String(error)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs).unref());
        // Stopped, or a newer reconnect started its own backfill: this one has nothing left to close.
        if (this.stream !== stream || this.state !== 'connected') return;
      }
    } finally {
      this.backfilling--;
      this.evaluate();
    }
  }

  private async backfillOnce(starts: ReadonlyMap<string, EpochMs>): Promise<void> {
    for (const [symbol, start] of starts) {
      if (this.refs.count(symbol) === 0) continue;
      const bars = (await this.options.rest.bars([symbol], '1Min', { start })).get(symbol) ?? [];
      if (this.refs.count(symbol) === 0) continue;
      for (const bar of bars) {
        const change = this.book.put(symbol, bar);
        if (change === 'duplicate') continue;
        this.backfilledBars++;
        this.options.sink.bar(symbol, bar, change === 'corrected' ? 'corrected' : 'backfill');
      }
    }
  }
}
