import type { EpochMs } from '../../src-shared/time.js';

/**
 * Recent scored headlines of one symbol turned into an insight: the direction is the sign of their recency-
 * weighted mean score, the confidence grows with that mean's size and with how many headlines agree on it, and
 * the reason quotes the strongest headline. A word-list score is a weak signal, so the confidence stays between
 * 0.5 (a coin) and MAX_CONFIDENCE, and a mean below `minScore` gives no insight at all.
 */
export interface ScoredNews {
  t: EpochMs;
  headline: string;
  symbols: readonly string[];
  score: number;
}

export interface NewsInsightOptions {
  /** Headlines older than this (before now) are left out. Default 6 hours. */
  windowMs?: number;
  /** A headline's weight halves every this long. Default 2 hours. */
  halfLifeMs?: number;
  /** How long the view lasts. Default one day. */
  horizonMs?: number;
  /** Smallest |mean score| that makes a view. Default 0.2. */
  minScore?: number;
}

export interface NewsInsight {
  symbol: string;
  direction: 'up' | 'down';
  confidence: number;
  horizonMs: number;
  reason: string;
  /** Headlines in the window that counted. */
  headlines: number;
  /** The weighted mean score the direction comes from. */
  meanScore: number;
}

const HOUR = 3_600_000;
export const MAX_CONFIDENCE = 0.9;
const REASON_MAX = 500;

export function newsInsight(symbol: string, news: readonly ScoredNews[], now: EpochMs, options: NewsInsightOptions = {}): NewsInsight | undefined {
  const windowMs = options.windowMs ?? 6 * HOUR;
  const halfLife = options.halfLifeMs ?? 2 * HOUR;
  const minScore = options.minScore ?? 0.2;
  // Only what was published by now: a headline from the future must never count (no lookahead).
  const recent = news.filter((n) => n.t <= now && n.t > now - windowMs && n.symbols.includes(symbol));
  if (recent.length === 0) return undefined;
  let weighted = 0;
  let weights = 0;
  for (const n of recent) {
    const w = 0.5 ** ((now - n.t) / halfLife);
    weighted += w * n.score;
    weights += w;
  }
  const mean = weighted / weights;
  if (Math.abs(mean) < minScore) return undefined;
  const direction = mean > 0 ? 'up' : 'down';
  const agreeing = recent.filter((n) => Math.sign(n.score) === Math.sign(mean)).length;
  // |mean| scales the step above a coin; each agreeing headline closes half of what remains of it.
  const confidence = 0.5 + (MAX_CONFIDENCE - 0.5) * Math.min(1, Math.abs(mean)) * (1 - 0.5 ** agreeing);
  const strongest = recent.reduce((best, n) => (Math.sign(n.score) === Math.sign(mean) && Math.abs(n.score) > Math.abs(best.score) ? n : best), recent[0]!);
  const others = recent.length - 1;
  const tail = ` (score ${signed(strongest.score)})${others > 0 ? `, ${others} more headline${others === 1 ? '' : 's'} in ${Math.round(windowMs / HOUR)} h, mean ${signed(mean)}` : ''}`;
  const quote = clip(strongest.headline, REASON_MAX - tail.length - 12);
  return {
    symbol,
    direction,
    confidence,
    horizonMs: options.horizonMs ?? 24 * HOUR,
    reason: `News ${direction}: "${quote}"${tail}`,
    headlines: recent.length,
    meanScore: mean,
  };
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
