import type { ExchangeClock } from '../../clock.js';
import { addDays, nyDate, nyTime } from '../../market/ny-time.js';
import { NEWS_SOURCE, type NewsArticle, type NewsWire } from '../../news/news-wire.js';
import type { ExchangeRequest, Route } from '../../server/route-types.js';
import { rfc3339 } from './format.js';
import { badRequest, invalid, limitOf, rangeOf } from './params.js';

/**
 * GET /v1beta1/news in Alpaca's shape (../shared/alpaca-contract market-data/news-page.json): the wire's articles
 * for the symbols asked (all listed symbols without `symbols`), newest first unless `sort=asc`, at most 50 a page,
 * `content` only with include_content=true. Without `start` the window opens a week back: Alpaca's own default is
 * unconfirmed (the contract README), and a week holds enough articles for "the latest 10".
 */
export const NEWS_MAX_LIMIT = 50;
const DEFAULT_LOOKBACK_DAYS = 7;

export function newsJson(a: NewsArticle, includeContent: boolean): Record<string, unknown> {
  return {
    author: a.author,
    content: includeContent ? a.content : '',
    created_at: rfc3339(a.t),
    headline: a.headline,
    id: a.id,
    images: [],
    source: NEWS_SOURCE,
    summary: a.summary,
    symbols: a.symbols,
    updated_at: rfc3339(a.t),
    url: a.url,
  };
}

function encodeToken(a: NewsArticle): string {
  return Buffer.from(`${a.t}|${a.id}`).toString('base64');
}

function decodeToken(token: string): { t: number; id: number } {
  const [t, id] = Buffer.from(token, 'base64').toString('utf8').split('|');
  if (!t || !id || !/^\d+$/.test(t) || !/^\d+$/.test(id)) throw badRequest('invalid page_token');
  return { t: Number(t), id: Number(id) };
}

function flag(request: ExchangeRequest, name: string): boolean {
  const raw = request.query.get(name);
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw invalid(`invalid ${name}: ${raw}`);
}

function newsSort(request: ExchangeRequest): 'asc' | 'desc' {
  // The old docs spell the values in capitals; the SDKs send lowercase.
  const raw = (request.query.get('sort') ?? 'desc').toLowerCase();
  if (raw !== 'asc' && raw !== 'desc') throw invalid(`invalid sort: ${request.query.get('sort')}`);
  return raw;
}

export function newsRoutes(wire: NewsWire, clock: ExchangeClock): Route[] {
  return [
    {
      method: 'GET',
      path: '/v1beta1/news',
      handler: (request) => {
        const now = clock.now();
        const raw = request.query.get('symbols') ?? '';
        const asked = [...new Set(raw.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))];
        const symbols = asked.length > 0 ? asked : wire.symbols();
        const { start, end } = rangeOf(request, now, nyTime(addDays(nyDate(now), -DEFAULT_LOOKBACK_DAYS), 0));
        const limit = limitOf(request, 10, NEWS_MAX_LIMIT);
        const sort = newsSort(request);
        const includeContent = flag(request, 'include_content');
        flag(request, 'exclude_contentless'); // every article of the wire has content
        const token = request.query.get('page_token');
        const after = token ? decodeToken(token) : undefined;
        const byId = new Map<number, NewsArticle>();
        for (const symbol of symbols) for (const a of wire.articles(symbol, start, end)) byId.set(a.id, a);
        const sign = sort === 'asc' ? 1 : -1;
        const ordered = [...byId.values()].sort((a, b) => sign * (a.t - b.t || a.id - b.id));
        const rest = after ? ordered.filter((a) => sign * (a.t - after.t || a.id - after.id) > 0) : ordered;
        const page = rest.slice(0, limit);
        const last = page[page.length - 1];
        return { status: 200, body: { news: page.map((a) => newsJson(a, includeContent)), next_page_token: rest.length > limit && last ? encodeToken(last) : null } };
      },
    },
  ];
}
