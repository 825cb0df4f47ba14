import { marketData, RateLimitError, streaming } from '@alpacahq/alpaca-trade-api';
import type { NewsHeadline } from '../../../../src-shared/domain/news.js';
import type { EpochMs } from '../../../../src-shared/time.js';
import type { AlpacaDataConfig } from './config.js';
import { epochOf } from './parse.js';
import { TokenBucket } from './rate-limiter.js';

/**
 * Alpaca's news through the official SDK (v4): history from `NewsApi.news` (GET /v1beta1/news, at most 50 a page,
 * pages followed up to the asked count) and live articles from `NewsStream` (/v1beta1/news). The stream lives on
 * the market data stream host beside the stock feeds, so its URL is the stock stream's with the path swapped:
 * that holds for Alpaca (wss://stream.data.alpaca.markets) and for the local exchange alike.
 */
export const NEWS_PAGE_LIMIT = 50;
const MAX_RATE_LIMIT_RETRIES = 5;

export interface NewsQuery {
  /** Empty or absent: every symbol. */
  symbols?: string[];
  start?: EpochMs;
  end?: EpochMs;
  /** Most articles wanted (newest first). */
  limit: number;
  signal?: AbortSignal;
}

export function newsStreamUrlOf(config: Pick<AlpacaDataConfig, 'stockStreamUrl'>): string {
  const url = new URL(config.stockStreamUrl);
  url.pathname = '/v1beta1/news';
  url.search = '';
  return url.toString();
}

/** The SDK's News to ours; the 2021 payloads lacked `source`, so a missing one reads as ''. */
function headlineOf(n: marketData.News): NewsHeadline {
  return {
    id: Number(n.id),
    t: epochOf(n.createdAt),
    headline: n.headline,
    summary: n.summary ?? '',
    author: n.author ?? '',
    symbols: [...(n.symbols ?? [])],
    source: n.source ?? '',
    url: n.url ?? null,
  };
}

export class AlpacaNewsRest {
  private readonly api: marketData.NewsApi;
  private readonly limiter: TokenBucket;

  constructor(config: AlpacaDataConfig, limiter?: TokenBucket) {
    this.limiter = limiter ?? TokenBucket.perMinute(config.requestsPerMinute ?? 200);
    this.api = new marketData.NewsApi(new marketData.Configuration({ keyId: config.keyId, secret: config.secret, basePath: config.dataUrl }));
  }

  /** Newest first, up to `limit` articles, following pages. */
  async list(query: NewsQuery): Promise<NewsHeadline[]> {
    const out: NewsHeadline[] = [];
    let token: string | undefined;
    do {
      const want = Math.min(NEWS_PAGE_LIMIT, query.limit - out.length);
      const page = await this.request(query.signal, (init) =>
        this.api.news(
          {
            sort: 'desc',
            limit: want,
            ...(query.symbols && query.symbols.length > 0 ? { symbols: query.symbols.join(',') } : {}),
            ...(query.start !== undefined ? { start: new Date(query.start) } : {}),
            ...(query.end !== undefined ? { end: new Date(query.end) } : {}),
            ...(token ? { pageToken: token } : {}),
          },
          init,
        ),
      );
      for (const n of page.news) out.push(headlineOf(n));
      token = page.nextPageToken ?? undefined;
    } while (token && out.length < query.limit);
    return out;
  }

  private async request<T>(signal: AbortSignal | undefined, send: (init: RequestInit) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire(signal);
      try {
        return await send(signal ? { signal } : {});
      } catch (error) {
        if (!(error instanceof RateLimitError) || attempt >= MAX_RATE_LIMIT_RETRIES) throw error;
        this.limiter.pauseUntil(this.limiter.clock() + Math.max(1000, error.retryAfterMs ?? 60_000));
      }
    }
  }
}

export interface NewsStreamHandlers {
  headline(headline: NewsHeadline): void;
  state(state: 'connected' | 'subscribed' | 'disconnected' | 'reconnecting', detail: string): void;
  error(message: string): void;
}

/** The news WebSocket: every symbol (`*`) or a list, reconnecting forever and re-subscribing after each reconnect. */
export class AlpacaNewsStream {
  private readonly stream: streaming.NewsStream;

  constructor(config: AlpacaDataConfig, handlers: NewsStreamHandlers) {
    this.stream = new streaming.NewsStream({
      credentials: { keyId: config.keyId, secret: config.secret },
      url: newsStreamUrlOf(config),
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      backoff: true,
      initialReconnectMs: 1000,
      maxReconnectMs: 30_000,
      reconnectJitter: 0.3,
      pingIntervalMs: 10_000,
    });
    const s = this.stream;
    s.onNews((n) => {
      if (!n.createdAt) return;
      handlers.headline({
        id: n.id,
        t: n.createdAt.getTime(),
        headline: n.headline,
        summary: n.summary ?? '',
        author: n.author ?? '',
        symbols: n.symbols,
        source: n.source ?? '',
        url: n.url ?? null,
      });
    });
    s.onConnect(() => handlers.state('connected', 'authenticated'));
    // The ack of a subscribe: from here on the server sends what was asked for.
    s.on(streaming.EVENT.SUBSCRIPTION, () => handlers.state('subscribed', 'news subscription acknowledged'));
    s.onDisconnect(() => handlers.state('disconnected', 'connection closed'));
    s.onReconnecting((attempt) => handlers.state('reconnecting', `reconnect attempt ${attempt}`));
    s.onError((message) => handlers.error(message));
  }

  connect(symbols: string[] = ['*']): void {
    this.stream.subscribeForNews(symbols);
    this.stream.connect();
  }

  disconnect(): void {
    this.stream.disconnect();
  }
}
