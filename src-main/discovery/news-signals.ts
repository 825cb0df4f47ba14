import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { ScoredHeadlineDto } from '../../src-shared/ipc/news-schemas.js';
import type { EpochMs } from '../../src-shared/time.js';
import { MAX_BAR_SPAN_MS } from '../history/timeframes.js';
import { newsInsight } from '../news/news-insight.js';
import type { ExternalSignal } from './signal.js';

/** The news insight source's name in the ranked list. */
export const NEWS_SOURCE = 'news-sentiment';

/**
 * Each universe symbol's news insight as of `now` (news/news-insight.ts: the recency-weighted word-list score of
 * its recent headlines) as a view for the scanner. Its time is the newest headline that counted, not `now`, so a
 * scan with no new headline repeats the same view rather than adding one; its horizon is the insight's, in bars.
 */
export function newsSignals(headlines: readonly ScoredHeadlineDto[], now: EpochMs, universe: ReadonlySet<string>, timeframe: Timeframe): ExternalSignal[] {
  const news = headlines.filter((h) => h.t <= now).map((h) => ({ t: h.t, headline: h.headline, symbols: h.symbols, score: h.sentiment.score }));
  const symbols = [...new Set(news.flatMap((n) => n.symbols))].filter((s) => universe.has(s)).sort();
  const out: ExternalSignal[] = [];
  for (const symbol of symbols) {
    const insight = newsInsight(symbol, news, now);
    if (!insight) continue;
    const newest = news.reduce((t, n) => (n.symbols.includes(symbol) && n.t > t ? n.t : t), -Infinity);
    out.push({
      strategy: NEWS_SOURCE,
      family: 'stock',
      symbol,
      direction: insight.direction,
      rawConfidence: insight.confidence,
      horizonBars: Math.max(1, Math.ceil(insight.horizonMs / MAX_BAR_SPAN_MS[timeframe])),
      reason: insight.reason,
      generatedAt: newest,
    });
  }
  return out;
}
