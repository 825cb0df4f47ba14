import { z } from 'zod';
import { marketSymbol } from './market-data-schemas.js';

/** Most headlines one `news.list` answers. */
export const MAX_NEWS_LIST = 500;
/** The longest window `news.list` looks back over (30 days). */
export const MAX_NEWS_WINDOW_MS = 30 * 86_400_000;

export const headlineSentimentSchema = z.strictObject({
  /** -1 (bad news for the symbols) .. 1 (good news), from the finance word list (src-main/news/sentiment.ts). */
  score: z.number().min(-1).max(1),
  label: z.enum(['negative', 'neutral', 'positive']),
  /** The words and phrases that counted, with their signed weights. */
  cues: z.array(z.strictObject({ text: z.string().max(100), weight: z.number().finite() })).max(50),
});

/** One article with its sentiment, as main hands it to GUIs. */
export const scoredHeadlineSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  /** Published, UTC epoch ms (the exchange's time: simulated in demo). */
  t: z.number(),
  headline: z.string().max(2000),
  summary: z.string().max(10_000),
  author: z.string().max(200),
  symbols: z.array(z.string().max(32)).max(200),
  source: z.string().max(64),
  url: z.string().max(2000).nullable(),
  sentiment: headlineSentimentSchema,
});
export type ScoredHeadlineDto = z.output<typeof scoredHeadlineSchema>;

/** What the recent headlines of a symbol say together (src-main/news/news-insight.ts). */
export const newsInsightSchema = z.strictObject({
  symbol: z.string().max(32),
  direction: z.enum(['up', 'down']),
  confidence: z.number().min(0).max(1),
  horizonMs: z.number().positive(),
  reason: z.string().max(500),
  headlines: z.number().int().min(1),
});
export type NewsInsightDto = z.output<typeof newsInsightSchema>;

export const newsListRequest = z.strictObject({
  /** Empty: every symbol. */
  symbols: z.array(marketSymbol).max(50),
  /** How far back from the exchange's now. */
  windowMs: z.number().int().min(60_000).max(MAX_NEWS_WINDOW_MS),
  limit: z.number().int().min(1).max(MAX_NEWS_LIST).optional(),
});
export type NewsListRequest = z.output<typeof newsListRequest>;

export const newsListResponse = z.strictObject({
  /** Newest first. */
  headlines: z.array(scoredHeadlineSchema).max(MAX_NEWS_LIST),
  /** One per symbol whose recent headlines lean one way. */
  insights: z.array(newsInsightSchema).max(200),
  /** The exchange's now the window ended at. */
  asOf: z.number(),
});
export type NewsListResponse = z.output<typeof newsListResponse>;
