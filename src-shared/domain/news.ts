import type { EpochMs } from '../time.js';

/** A news article as the workstation holds it, whatever the feed (Alpaca's Benzinga wire, the local exchange's synthetic one). */
export interface NewsHeadline {
  id: number;
  /** When the article was published (created_at), UTC epoch ms. */
  t: EpochMs;
  headline: string;
  summary: string;
  author: string;
  symbols: string[];
  /** The wire's name for itself: `benzinga` on Alpaca, `synthetic` on the local exchange. */
  source: string;
  url: string | null;
}
