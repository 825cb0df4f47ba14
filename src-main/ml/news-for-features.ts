import type { Bar } from '../../src-shared/domain/bar.js';
import type { MarketDataApi } from '../market-data/types.js';
import type { ScoredHeadline } from './features/feature.js';

/** Headlines one symbol's features read at most (the news endpoint's newest first; older ones beyond are left out). */
const MAX_HEADLINES = 5000;

/**
 * A symbol's headlines over its bars' span, scored by the project's word list, for a feature set that reads news.
 * Where the market data has no news feed, or the read fails, the answer is none and says why: the news features
 * are then 0 (neutral), as the model card states.
 */
export async function newsForFeatures(marketData: MarketDataApi, symbol: string, bars: readonly Readonly<Bar>[], signal: AbortSignal): Promise<{ news: ScoredHeadline[]; note: string | null }> {
  const feed = marketData.news?.();
  if (!feed) return { news: [], note: `${symbol}: no news feed here; the news features are 0 (neutral)` };
  if (bars.length === 0) return { news: [], note: null };
  try {
    // Through the end of the last bar's day: a headline is still read only before each bar's close.
    const listed = await feed.list({ symbols: [symbol], start: bars[0]!.t, end: bars[bars.length - 1]!.t + 86_400_000, limit: MAX_HEADLINES, signal });
    return { news: listed.map((h) => ({ t: h.t, score: h.sentiment.score })), note: null };
  } catch (error) {
    return { news: [], note: `${symbol}: news not read (${error instanceof Error ? error.message : String(error)}); the news features are 0 (neutral)` };
  }
}
