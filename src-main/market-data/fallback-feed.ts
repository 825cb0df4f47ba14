import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import type { DataSource } from '../../src-shared/ipc/market-data-schemas.js';
import type { BarCache } from './providers.js';
import type { LiveBar, LiveQuote, LiveTrade } from './types.js';

/** What the fallback asks of the synthetic generator (SyntheticProvider fits this shape). */
export interface FallbackGenerator {
  latest(symbol: string): { trade: LiveTrade | undefined; quote: LiveQuote | undefined } | undefined;
  currentBar(symbol: string, timeframe: Timeframe, lookbackMs: number): Bar | undefined;
}

/** Where fallback values go: the GUIs only (bots and alerts act on the live market alone). */
export interface FallbackSink {
  trade(trade: LiveTrade, source: DataSource): void;
  quote(quote: LiveQuote, source: DataSource): void;
  bar(bar: LiveBar, source: DataSource): void;
  /** Symbols whose fallback source changed (read it from `sourceOf`). */
  sourceChanged(symbols: string[]): void;
}

export interface FallbackFeedOptions {
  generator?: FallbackGenerator;
  cache?: () => BarCache | undefined;
  /** The symbols someone watches, and the bar timeframes watched per symbol. */
  symbols: () => string[];
  timeframes: (symbol: string) => Timeframe[];
  sink: FallbackSink;
  /** The last live price of a symbol, where the generator's movement starts from (else the cache's last close). */
  lastLivePrice?: (symbol: string) => number | undefined;
  /** Whether the live stream is still down; checked on every poll, so the fallback ends itself. */
  stillNeeded: () => boolean;
  pollMs?: number;
}

interface Sent {
  trade: number;
  quote: number;
  bars: Map<Timeframe, string>;
  /** Multiplies the generator's prices so its movement starts at the symbol's last known price. */
  scale: number | undefined;
}

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
/** How far back the generator looks for a timeframe's newest bar (across a night or a weekend for the long ones). */
const LOOKBACK: Record<Timeframe, number> = {
  '1Min': 3 * MINUTE,
  '5Min': 15 * MINUTE,
  '15Min': 45 * MINUTE,
  '30Min': 90 * MINUTE,
  '1Hour': 180 * MINUTE,
  '4Hour': 720 * MINUTE,
  '1Day': 10 * DAY,
  '1Week': 21 * DAY,
  '1Month': 62 * DAY,
};

/**
 * Keeps the GUIs' watchlists and charts moving while the live stream is down, from the next sources of the
 * provider chain, each value labelled with its source: for symbols the synthetic generator knows, its movement on
 * the market clock, scaled to start from the symbol's last known price (the last live trade, else the offline
 * cache's last close), so a row does not jump to the generator's own price level; for other symbols the cache's
 * last bar (it can only repeat what it holds). Every symbol stays stale meanwhile (the live feed's flags), so no
 * bot or alert acts on these values; they never reach them.
 */
export class FallbackFeed {
  private timer: NodeJS.Timeout | undefined;
  private readonly sources = new Map<string, DataSource>();
  private readonly sent = new Map<string, Sent>();
  /** Polls that published something (diagnostics, tests). */
  polls = 0;

  constructor(private readonly options: FallbackFeedOptions) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.poll();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const had = [...this.sources.keys()];
    this.sources.clear();
    this.sent.clear();
    if (had.length > 0) this.options.sink.sourceChanged(had);
  }

  /** Where a symbol's values come from while the fallback runs; undefined when it is not running or has nothing. */
  sourceOf(symbol: string): DataSource | undefined {
    return this.sources.get(symbol);
  }

  private poll(): void {
    if (!this.options.stillNeeded()) {
      this.stop();
      return;
    }
    const symbols = new Set(this.options.symbols());
    const changed: string[] = [];
    for (const symbol of symbols) {
      const source = this.pollSymbol(symbol);
      if (source === this.sources.get(symbol)) continue;
      if (source) this.sources.set(symbol, source);
      else this.sources.delete(symbol);
      changed.push(symbol);
    }
    for (const symbol of [...this.sources.keys()]) {
      if (symbols.has(symbol)) continue;
      this.sources.delete(symbol);
      this.sent.delete(symbol);
    }
    this.polls++;
    if (changed.length > 0) this.options.sink.sourceChanged(changed);
  }

  private pollSymbol(symbol: string): DataSource | undefined {
    const sent = this.sentFor(symbol);
    const sink = this.options.sink;
    const latest = this.options.generator?.latest(symbol);
    if (latest) {
      if (sent.scale === undefined) {
        const start = latest.trade?.price ?? (latest.quote ? (latest.quote.bid + latest.quote.ask) / 2 : undefined);
        const anchor = this.options.lastLivePrice?.(symbol) ?? this.lastCachedBar(symbol)?.c;
        sent.scale = start && anchor && start > 0 && anchor > 0 ? anchor / start : 1;
      }
      const k = sent.scale;
      if (latest.trade && latest.trade.t > sent.trade) {
        sent.trade = latest.trade.t;
        sink.trade({ ...latest.trade, price: scaled(latest.trade.price, k) }, 'synthetic');
      }
      if (latest.quote && latest.quote.t > sent.quote) {
        sent.quote = latest.quote.t;
        sink.quote({ ...latest.quote, bid: scaled(latest.quote.bid, k), ask: scaled(latest.quote.ask, k) }, 'synthetic');
      }
      for (const timeframe of this.options.timeframes(symbol)) {
        const raw = this.options.generator?.currentBar(symbol, timeframe, LOOKBACK[timeframe]);
        const bar = raw ? { ...raw, o: scaled(raw.o, k), h: scaled(raw.h, k), l: scaled(raw.l, k), c: scaled(raw.c, k) } : undefined;
        const key = bar ? `${bar.t}|${bar.o}|${bar.h}|${bar.l}|${bar.c}|${bar.v}` : '';
        if (!bar || sent.bars.get(timeframe) === key) continue;
        sent.bars.set(timeframe, key);
        sink.bar({ symbol, timeframe, bar, forming: true, revision: 'live' }, 'synthetic');
      }
      return 'synthetic';
    }
    const last = this.lastCachedBar(symbol);
    if (!last) return undefined;
    if (last.t > sent.trade) {
      sent.trade = last.t;
      sink.trade({ symbol, t: last.t, price: last.c, size: 0 }, 'history-store');
    }
    return 'history-store';
  }

  private lastCachedBar(symbol: string): Bar | undefined {
    const cache = this.options.cache?.();
    if (!cache) return undefined;
    return cache.readBars(symbol, '1Min', { limit: 1, fromEnd: true })[0] ?? cache.readBars(symbol, '1Day', { limit: 1, fromEnd: true })[0];
  }

  private sentFor(symbol: string): Sent {
    let sent = this.sent.get(symbol);
    if (!sent) {
      sent = { trade: -Infinity, quote: -Infinity, bars: new Map(), scale: undefined };
      this.sent.set(symbol, sent);
    }
    return sent;
  }
}

/** A generator price on the symbol's scale, in cents (hundredths of a cent below a dollar). */
function scaled(price: number, k: number): number {
  if (k === 1) return price;
  const x = price * k;
  return x >= 1 ? Math.round(x * 100) / 100 : Math.round(x * 10_000) / 10_000;
}
