import type { ScoredHeadlineDto } from '../../src-shared/ipc/news-schemas.js';
import type { StrategyHeadline } from '../kernel/strategy/types.js';
import type { NewsListQuery } from '../market-data/news-feed.js';

/** Headlines one run reads at most (the news endpoint answers newest first; older ones beyond are left out). */
export const MAX_RUN_HEADLINES = 20_000;

/** The note a run gets when its strategy needs news and its data has no news feed (a real CSV file). */
export const NO_NEWS_NOTE = 'no news feed: news features are 0';

/** What the run fetch needs of a news feed (the market data service's NewsFeed has it). */
export interface RunNewsSource {
  list(query: NewsListQuery): Promise<ScoredHeadlineDto[]>;
}

/**
 * A run's headlines, read once before it starts: for its symbols over [start, end] (end: through the last bar's
 * day, as the ML training read). Where there is no feed, or the read fails, the answer is none and a note says
 * why; the note also says when the cap cut the oldest ones off.
 */
export async function fetchRunNews(
  feed: RunNewsSource | undefined,
  symbols: readonly string[],
  start: number,
  end: number,
  signal?: AbortSignal,
  cap = MAX_RUN_HEADLINES,
): Promise<{ news: StrategyHeadline[] | undefined; note: string | null }> {
  if (!feed) return { news: undefined, note: NO_NEWS_NOTE };
  try {
    const listed = await feed.list({ symbols: [...symbols], start, end, limit: cap, ...(signal ? { signal } : {}) });
    const news = listed.map((h) => ({ id: h.id, t: h.t, symbols: h.symbols, headline: h.headline, score: h.sentiment.score }));
    const note = listed.length >= cap ? `news capped at ${cap} headlines: the oldest of the run's span are left out` : null;
    return { news, note };
  } catch (error) {
    return { news: undefined, note: `news not read (${error instanceof Error ? error.message : String(error)}); ${NO_NEWS_NOTE}` };
  }
}

/**
 * The headlines the engine hands a strategy: about the run's symbols, with finite times and scores, in time order
 * (ties keep the feed's order). `next` walks them once, so the whole run costs one pass.
 */
export class NewsTape {
  private readonly items: StrategyHeadline[];
  private at = 0;

  constructor(news: readonly StrategyHeadline[], symbols: readonly string[]) {
    const mine = new Set(symbols);
    this.items = news.filter((h) => Number.isFinite(h.t) && Number.isFinite(h.score) && h.symbols.some((s) => mine.has(s))).sort((a, b) => a.t - b.t);
  }

  /** Hands `deliver` every headline not yet delivered that was published strictly before `cutoff`, oldest first. */
  deliverBefore(cutoff: number, deliver: (headline: StrategyHeadline) => void): void {
    const items = this.items;
    while (this.at < items.length && items[this.at]!.t < cutoff) deliver(items[this.at++]!);
  }
}
