import type { NewsHeadline } from '../../src-shared/domain/news.js';
import type { ScoredHeadlineDto } from '../../src-shared/ipc/news-schemas.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { AlpacaDataConfig } from '../adapters/alpaca/market-data/config.js';
import { AlpacaNewsRest, AlpacaNewsStream } from '../adapters/alpaca/market-data/news.js';
import { newsInsight, type NewsInsight, type NewsInsightOptions } from '../news/news-insight.js';
import { scoreHeadline } from '../news/sentiment.js';

/**
 * The market data service's news: history through the SDK's REST call, live articles through its news stream
 * (every symbol), each scored by the sentiment word list on arrival. The newest live headlines are kept so
 * insights can be asked for without a request.
 */
export interface NewsFeedOptions {
  config: AlpacaDataConfig;
  onHeadline?: (headline: ScoredHeadlineDto) => void;
  onError?: (message: string) => void;
  /** Live headlines kept (default 2000). */
  keep?: number;
}

export interface NewsListQuery {
  symbols: string[];
  start: EpochMs;
  end?: EpochMs;
  limit: number;
  signal?: AbortSignal;
}

export function scored(h: NewsHeadline): ScoredHeadlineDto {
  // Headline and summary together: the summary often carries the reason the headline leaves out.
  const sentiment = scoreHeadline(h.summary ? `${h.headline}. ${h.summary}` : h.headline);
  return { ...h, sentiment: { score: sentiment.score, label: sentiment.label, cues: sentiment.cues.slice(0, 50) } };
}

export class NewsFeed {
  private readonly rest: AlpacaNewsRest;
  private stream: AlpacaNewsStream | undefined;
  private readonly recentHeadlines: ScoredHeadlineDto[] = [];
  private readonly seen = new Set<number>();
  private subscribedNow = false;
  /** Who else hears each new live headline (bots whose strategies need news). */
  private readonly listeners = new Set<(headline: ScoredHeadlineDto) => void>();

  constructor(private readonly options: NewsFeedOptions) {
    this.rest = new AlpacaNewsRest(options.config);
  }

  start(): void {
    if (this.stream) return;
    this.stream = new AlpacaNewsStream(this.options.config, {
      headline: (h) => this.live(scored(h)),
      state: (state) => {
        if (state === 'subscribed') this.subscribedNow = true;
        else if (state !== 'connected') this.subscribedNow = false;
      },
      error: (message) => this.options.onError?.(`news stream: ${message}`),
    });
    this.stream.connect(['*']);
  }

  stop(): void {
    this.stream?.disconnect();
    this.stream = undefined;
  }

  /** Whether the live stream has acknowledged the subscription (and not dropped since). */
  get subscribed(): boolean {
    return this.subscribedNow;
  }

  /** Newest first, scored. */
  async list(query: NewsListQuery): Promise<ScoredHeadlineDto[]> {
    const headlines = await this.rest.list({
      symbols: query.symbols,
      start: query.start,
      ...(query.end !== undefined ? { end: query.end } : {}),
      limit: query.limit,
      ...(query.signal ? { signal: query.signal } : {}),
    });
    return headlines.map(scored);
  }

  /** Hears every new live headline (scored) from now on; returns the function that stops it. */
  listen(listener: (headline: ScoredHeadlineDto) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Live headlines heard so far, newest first. */
  recent(): readonly ScoredHeadlineDto[] {
    return this.recentHeadlines;
  }

  /** Insights of the symbols from the given headlines (newest first or not), as of `now`. */
  static insights(headlines: readonly ScoredHeadlineDto[], now: EpochMs, options?: NewsInsightOptions): NewsInsight[] {
    const news = headlines.map((h) => ({ t: h.t, headline: h.headline, symbols: h.symbols, score: h.sentiment.score }));
    const symbols = [...new Set(headlines.flatMap((h) => h.symbols))].sort();
    return symbols.flatMap((s) => newsInsight(s, news, now, options) ?? []);
  }

  private live(h: ScoredHeadlineDto): void {
    if (this.seen.has(h.id)) return;
    this.seen.add(h.id);
    this.recentHeadlines.unshift(h);
    const keep = this.options.keep ?? 2000;
    if (this.recentHeadlines.length > keep) for (const old of this.recentHeadlines.splice(keep)) this.seen.delete(old.id);
    this.options.onHeadline?.(h);
    for (const listener of this.listeners) {
      // One listener's throw (a bot's) must not stop the others or the stream's handler.
      try {
        listener(h);
      } catch (error) {
        this.options.onError?.(`news listener: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
