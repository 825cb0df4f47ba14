import { streaming } from '@alpacahq/alpaca-trade-api';
import type { OptionQuoteValue, OptionTradeValue } from './options-rest.js';
import { epochOf } from './parse.js';

export interface OptionStreamHandlers {
  trade(symbol: string, trade: OptionTradeValue): void;
  quote(symbol: string, quote: OptionQuoteValue): void;
  state(state: 'connected' | 'disconnected' | 'reconnecting', detail: string): void;
  error(message: string): void;
}

/**
 * Alpaca's option stream (`/v1beta1/indicative` or `/opra`, msgpack only) through the SDK's OptionDataStream:
 * trades and quotes per contract symbol, reconnecting forever with backoff and re-subscribing after each reconnect.
 * Alpaca's option stream carries no bars.
 */
export class OptionStream {
  private readonly stream: streaming.OptionDataStream;
  private connected = false;

  constructor(url: string, keys: { keyId: string; secret: string }, handlers: OptionStreamHandlers) {
    this.stream = new streaming.OptionDataStream({
      credentials: { keyId: keys.keyId, secret: keys.secret },
      url,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      backoff: true,
      initialReconnectMs: 1000,
      maxReconnectMs: 30_000,
      reconnectJitter: 0.3,
      pingIntervalMs: 10_000,
    });
    const s = this.stream;
    s.onTrade((t) => handlers.trade(t.symbol, { t: epochOf(t.timestamp), price: t.price, size: t.size }));
    s.onQuote((q) => handlers.quote(q.symbol, { t: epochOf(q.timestamp), bid: q.bidPrice, ask: q.askPrice, bidSize: q.bidSize, askSize: q.askSize }));
    s.onConnect(() => {
      this.connected = true;
      handlers.state('connected', 'authenticated');
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
  }

  unsubscribe(symbols: string[]): void {
    if (symbols.length === 0) return;
    this.stream.unsubscribeFromTrades(symbols);
    this.stream.unsubscribeFromQuotes(symbols);
  }
}
