import type { EpochMs } from '../../../src-shared/time.js';
import type { ExchangeClock } from '../clock.js';
import { addDays, nyDate, nyIso, nyTime } from '../market/ny-time.js';
import { hashKey, Rng } from '../market/prng.js';
import type { Bar, MarketEvent, MarketSource, TradingSession } from '../market/types.js';
import { fillTemplate, templatesFor, type HeadlineKind } from './headline-templates.js';

/**
 * The local exchange's news wire: synthetic headlines tied to the market's big moves, so demo mode has news whose
 * tone can be checked against what prices did. Two kinds:
 * - intraday: a regular-hours 15-minute bucket whose log return (from the previous bucket's close) is at least
 *   INTRADAY_Z standard deviations of the previous session's 15-minute returns, published at the bucket's end;
 * - close: a session whose close-to-close log return is at least CLOSE_Z standard deviations of the previous 20
 *   daily returns, published at the close.
 * Everything is a function of the market (itself a function of the seed) and the seed, so history (REST) and the
 * live stream agree and the same seed gives the same news. Nothing here claims to be real news: the source is
 * `synthetic` and the summary says what move produced the headline.
 */
export interface NewsArticle {
  /** Positive integer, unique per article and stable for a seed. */
  id: number;
  /** created_at and updated_at (the wire never revises an article). */
  t: EpochMs;
  symbols: string[];
  headline: string;
  summary: string;
  author: string;
  /** HTML body (the REST route sends it only with include_content=true). */
  content: string;
  url: string;
  /** The log return that produced the article (positive: up). */
  move: number;
  kind: HeadlineKind;
}

export const BUCKET_MS = 15 * 60_000;
const MINUTE = 60_000;
const INTRADAY_Z = 3;
const INTRADAY_MIN_MOVE = 0.004;
const CLOSE_Z = 2;
const CLOSE_MIN_MOVE = 0.015;
const DAILY_LOOKBACK = 20;
export const NEWS_SOURCE = 'synthetic';
export const NEWS_AUTHOR = 'Local exchange newsdesk';

function std(values: readonly number[]): number | undefined {
  if (values.length < 5) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return variance > 0 ? Math.sqrt(variance) : undefined;
}

function logReturns(bars: readonly Bar[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < bars.length; i++) out.push(Math.log(bars[i]!.c / bars[i - 1]!.c));
  return out;
}

const FIFTEEN = { amount: 15, unit: 'Min' } as const;
const DAY = { amount: 1, unit: 'Day' } as const;

export class NewsWire {
  private readonly names = new Map<string, string>();
  /** A finished session's articles per symbol (they can no longer change). */
  private readonly finished = new BoundedMap<NewsArticle[]>();
  private readonly intradaySigma = new BoundedMap<number | null>();
  private readonly listeners = new Set<(articles: NewsArticle[]) => void>();

  constructor(
    private readonly market: MarketSource,
    private readonly clock: ExchangeClock,
    private readonly seed: number,
  ) {
    for (const asset of market.assets()) this.names.set(asset.symbol, shortName(asset.name));
    market.onEvents((events) => this.onMarketEvents(events));
  }

  symbols(): string[] {
    return [...this.names.keys()];
  }

  /** Articles of a symbol published in [start, end) and by the exchange's now, oldest first. */
  articles(symbol: string, start: EpochMs, end: EpochMs): NewsArticle[] {
    if (!this.names.has(symbol)) return [];
    const stop = Math.min(end, this.clock.now() + 1);
    if (stop <= start) return [];
    const out: NewsArticle[] = [];
    for (const session of this.market.calendar.sessions(nyDate(start), nyDate(stop - 1))) {
      for (const a of this.sessionArticles(symbol, session)) if (a.t >= start && a.t < stop) out.push(a);
    }
    return out;
  }

  /** Live articles as the market publishes the bars that produce them. */
  onArticles(listener: (articles: NewsArticle[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onMarketEvents(events: readonly MarketEvent[]): void {
    if (this.listeners.size === 0) return;
    const fresh: NewsArticle[] = [];
    for (const e of events) {
      if (e.kind === 'bar' && (e.bar.t + MINUTE) % BUCKET_MS === 0) {
        const session = this.market.calendar.sessionOf(e.bar.t);
        const a = session && this.intradayAt(e.bar.symbol, session, e.bar.t + MINUTE - BUCKET_MS);
        if (a) fresh.push(a);
      } else if (e.kind === 'dailyBar') {
        const session = this.market.calendar.sessionOf(e.bar.t + 12 * 3_600_000);
        const a = session && this.closeArticle(e.bar.symbol, session);
        if (a) fresh.push(a);
      }
    }
    if (fresh.length === 0) return;
    fresh.sort((a, b) => a.t - b.t || a.id - b.id);
    for (const listener of this.listeners) listener(fresh);
  }

  private sessionArticles(symbol: string, session: TradingSession): NewsArticle[] {
    const key = `${symbol}|${session.date}`;
    const cached = this.finished.get(key);
    if (cached) return cached;
    const out: NewsArticle[] = [];
    const now = this.clock.now();
    const sigma = this.sigmaFor(symbol, session);
    if (sigma !== undefined) {
      const bars = this.market.bars(symbol, FIFTEEN, session.open - BUCKET_MS, Math.min(session.close, now + 1));
      for (let i = 1; i < bars.length; i++) {
        const a = this.intradayArticle(symbol, bars[i - 1]!, bars[i]!, sigma, session);
        if (a && a.t <= now) out.push(a);
      }
    }
    const close = now >= session.close ? this.closeArticle(symbol, session) : undefined;
    if (close) out.push(close);
    out.sort((a, b) => a.t - b.t || a.id - b.id);
    if (now >= session.close) this.finished.set(key, out);
    return out;
  }

  /** The intraday article of the bucket starting at `bucketStart`, if that bucket moved enough. */
  private intradayAt(symbol: string, session: TradingSession, bucketStart: EpochMs): NewsArticle | undefined {
    // Extended hours make no headlines: skip them before reading any bars.
    if (bucketStart < session.open || bucketStart + BUCKET_MS > session.close) return undefined;
    const sigma = this.sigmaFor(symbol, session);
    if (sigma === undefined) return undefined;
    const bars = this.market.bars(symbol, FIFTEEN, bucketStart - BUCKET_MS, bucketStart + BUCKET_MS);
    if (bars.length !== 2 || bars[1]!.t !== bucketStart) return undefined;
    return this.intradayArticle(symbol, bars[0]!, bars[1]!, sigma, session);
  }

  private intradayArticle(symbol: string, previous: Bar, bar: Bar, sigma: number, session: TradingSession): NewsArticle | undefined {
    if (bar.t < session.open || bar.t + BUCKET_MS > session.close || bar.t - previous.t !== BUCKET_MS) return undefined;
    const move = Math.log(bar.c / previous.c);
    if (Math.abs(move) < INTRADAY_MIN_MOVE || Math.abs(move) < INTRADAY_Z * sigma) return undefined;
    const window = `between ${nyIso(bar.t).slice(11, 16)} and ${nyIso(bar.t + BUCKET_MS).slice(11, 16)} New York time`;
    return this.article(symbol, 'intraday', bar.t + BUCKET_MS, move, `${symbol} moved ${signedPct(move)} ${window}, ${(Math.abs(move) / sigma).toFixed(1)} times its typical 15-minute move of the previous session.`);
  }

  private closeArticle(symbol: string, session: TradingSession): NewsArticle | undefined {
    const from = addDays(session.date, -2 * DAILY_LOOKBACK);
    const bars = this.market.bars(symbol, DAY, nyTime(from, 0), session.close + 1).filter((b) => nyDate(b.t) <= session.date);
    const today = bars[bars.length - 1];
    if (!today || nyDate(today.t) !== session.date || bars.length < 7) return undefined;
    const returns = logReturns(bars);
    const move = returns[returns.length - 1]!;
    const sigma = std(returns.slice(-DAILY_LOOKBACK - 1, -1));
    if (sigma === undefined || Math.abs(move) < CLOSE_MIN_MOVE || Math.abs(move) < CLOSE_Z * sigma) return undefined;
    return this.article(symbol, 'close', session.close, move, `${symbol} closed ${signedPct(move)} from the previous close, ${(Math.abs(move) / sigma).toFixed(1)} times its typical daily move of the last ${DAILY_LOOKBACK} sessions.`);
  }

  /** Standard deviation of the previous session's regular-hours 15-minute log returns. */
  private sigmaFor(symbol: string, session: TradingSession): number | undefined {
    const key = `${symbol}|${session.date}`;
    const cached = this.intradaySigma.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const previous = this.market.calendar.sessions(addDays(session.date, -10), addDays(session.date, -1)).pop();
    const bars = previous ? this.market.bars(symbol, FIFTEEN, previous.open, previous.close) : [];
    const sigma = std(logReturns(bars));
    this.intradaySigma.set(key, sigma ?? null);
    return sigma;
  }

  private article(symbol: string, kind: HeadlineKind, t: EpochMs, move: number, summary: string): NewsArticle {
    const templates = templatesFor(kind, move > 0);
    const rng = Rng.of(this.seed, symbol, 'news', kind, t);
    const template = templates[Math.floor(rng.next() * templates.length)]!;
    const headline = fillTemplate(template, { name: this.names.get(symbol) ?? symbol, symbol, pct: (Math.abs(Math.expm1(move)) * 100).toFixed(1) });
    // Minutes since the epoch, a symbol slot and the kind: unique per article, increasing with time.
    const id = Math.floor(t / MINUTE) * 10_000 + (hashKey(0, symbol) % 5000) * 2 + (kind === 'close' ? 1 : 0);
    return {
      id,
      t,
      symbols: [symbol],
      headline,
      summary,
      author: NEWS_AUTHOR,
      content: `<p>${summary}</p><p>This article was generated by the local exchange from its synthetic market; it is not real news.</p>`,
      url: `https://news.local-exchange.invalid/${id}`,
      move,
      kind,
    };
  }
}

/** A cache that forgets everything once full: cheap, and the wire recomputes what it needs. */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= 8192) this.map.clear();
    this.map.set(key, value);
  }
}

/** "Apple Inc. Common Stock" reads "Apple Inc." in a headline. */
function shortName(name: string): string {
  const short = name.replace(/,?\s+(Common Stock|Class [A-Z]\b.*|Ordinary Shares.*|Series \d+)$/i, '').trim();
  return short.length > 0 ? short : name;
}

function signedPct(move: number): string {
  const pct = Math.expm1(move) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
}
