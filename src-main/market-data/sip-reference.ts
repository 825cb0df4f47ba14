import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import { StockStream } from '../adapters/alpaca/market-data/stream.js';
import { RefCounts } from './ref-counts.js';
import type { LiveQuote } from './types.js';

/** The SIP stream's URL beside an IEX one (…/v2/iex → …/v2/sip); undefined when the configured stream is not IEX's. */
export function sipUrlOf(iexUrl: string): string | undefined {
  return /\/v2\/iex$/.test(iexUrl) ? iexUrl.replace(/\/v2\/iex$/, '/v2/sip') : undefined;
}

/**
 * A second stream connection, to the SIP feed, for the national best bid and offer the stale-quote guard compares
 * the IEX quote with. Only its quotes are passed on (its bars and trades duplicate the IEX feed's purpose). Opened on
 * the first subscriber, symbols reference-counted like the shared stream's. Alpaca's free plan does not stream SIP;
 * the demo exchange does (the same market on both paths).
 */
export class SipReference {
  private readonly refs = new RefCounts();
  private readonly listeners = new Map<(quote: LiveQuote) => void, ReadonlySet<string>>();
  private stream: StockStream | undefined;

  constructor(
    private readonly config: AlpacaDataConfig,
    private readonly onError: (message: string) => void,
  ) {}

  subscribe(symbols: readonly string[], onQuote: (quote: LiveQuote) => void): () => void {
    const set = new Set(symbols);
    this.listeners.set(onQuote, set);
    const first = this.refs.acquire(set);
    if (!this.stream) {
      const url = sipUrlOf(this.config.stockStreamUrl) ?? this.config.stockStreamUrl;
      this.stream = new StockStream(
        { ...this.config, stockStreamUrl: url, feed: 'sip' },
        {
          quote: (q) => {
            for (const [listener, wanted] of this.listeners) if (wanted.has(q.symbol)) listener(q);
          },
          trade: () => undefined,
          bar: () => undefined,
          updatedBar: () => undefined,
          state: () => undefined,
          reconnected: () => undefined,
          error: (message) => this.onError(`SIP reference feed: ${message}`),
        },
      );
      this.stream.subscribe(this.refs.symbols());
      this.stream.connect();
    } else {
      this.stream.subscribe(first);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.listeners.delete(onQuote);
      this.stream?.unsubscribe(this.refs.release(set));
    };
  }

  stop(): void {
    this.stream?.disconnect();
    this.stream = undefined;
    this.listeners.clear();
  }
}
