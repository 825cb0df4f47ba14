import { streaming } from '@alpacahq/alpaca-trade-api';
import type { Bar } from '../../../../src-shared/domain/bar.js';
import type { LiveQuote, LiveTrade } from '../../../market-data/types.js';
import type { AlpacaDataConfig } from './config.js';
import { epochOf } from './parse.js';

export type StreamState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface StreamBarMessage {
  symbol: string;
  bar: Bar;
}

export interface StockStreamHandlers {
  trade(trade: LiveTrade): void;
  quote(quote: LiveQuote): void;
  /** A completed minute bar (`b`). */
  bar(message: StreamBarMessage): void;
  /** A correction of a minute bar sent earlier (`u`, updatedBars). */
  updatedBar(message: StreamBarMessage): void;
  state(state: StreamState, detail: string): void;
  /** The connection came back after a drop, authenticated and re-subscribed: time to backfill the gap. */
  reconnected(): void;
  error(message: string): void;
}

export interface StockStreamOptions {
  /** Reconnect backoff: first delay, cap and jitter fraction (the SDK doubles the delay per attempt). */
  initialReconnectMs?: number;
  maxReconnectMs?: number;
  reconnectJitter?: number;
  pingIntervalMs?: number;
}

/**
 * The one market data WebSocket of an account, through the SDK's StockDataStream: reconnects forever with
 * exponential backoff and jitter, and re-sends the subscriptions after each reconnect. Subscribe and
 * unsubscribe here are per symbol on trades, quotes, bars and updated bars together.
 */
export class StockStream {
  private readonly stream: streaming.StockDataStream;
  private connected = false;
  private everConnected = false;

  constructor(config: AlpacaDataConfig, handlers: StockStreamHandlers, options: StockStreamOptions = {}) {
    this.stream = new streaming.StockDataStream({
      credentials: { keyId: config.keyId, secret: config.secret },
      url: config.stockStreamUrl,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      backoff: true,
      initialReconnectMs: options.initialReconnectMs ?? 1000,
      maxReconnectMs: options.maxReconnectMs ?? 30_000,
      reconnectJitter: options.reconnectJitter ?? 0.3,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
    });
    const s = this.stream;
    s.onTrade((t) => handlers.trade({ symbol: t.symbol, t: epochOf(t.timestamp), price: t.price, size: t.size }));
    s.onQuote((q) => handlers.quote({ symbol: q.symbol, t: epochOf(q.timestamp), bid: q.bidPrice, ask: q.askPrice, bidSize: q.bidSize, askSize: q.askSize }));
    s.onBar((b) => handlers.bar({ symbol: b.symbol, bar: streamBar(b) }));
    s.onUpdatedBar((b) => handlers.updatedBar({ symbol: b.symbol, bar: streamBar(b) }));
    s.onConnect(() => {
      this.connected = true;
      const first = !this.everConnected;
      this.everConnected = true;
      handlers.state('connected', 'authenticated');
      if (!first) handlers.reconnected();
    });
    s.onDisconnect(() => {
      this.connected = false;
      handlers.state('disconnected', 'connection closed');
    });
    s.onReconnecting((attempt) => handlers.state('reconnecting', `reconnect attempt ${attempt}`));
    s.onError((message) => handlers.error(message));
  }

  connect(): void {
    this.stream.connect();
  }

  disconnect(): void {
    this.stream.disconnect();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  subscribe(symbols: string[]): void {
    if (symbols.length === 0) return;
    this.stream.subscribeForTrades(symbols);
    this.stream.subscribeForQuotes(symbols);
    this.stream.subscribeForBars(symbols);
    this.stream.subscribeForUpdatedBars(symbols);
  }

  unsubscribe(symbols: string[]): void {
    if (symbols.length === 0) return;
    this.stream.unsubscribeFromTrades(symbols);
    this.stream.unsubscribeFromQuotes(symbols);
    this.stream.unsubscribeFromBars(symbols);
    this.stream.unsubscribeFromUpdatedBars(symbols);
  }

  /** What the SDK believes is subscribed (sent again after each reconnect). */
  subscriptions(): Record<string, string[]> {
    return this.stream.getSubscriptions();
  }
}

function streamBar(b: { timestamp: Date; open: number; high: number; low: number; close: number; volume: number }): Bar {
  return { t: epochOf(b.timestamp), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume };
}
