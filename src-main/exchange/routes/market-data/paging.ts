import type { EpochMs } from '../../../../src-shared/time.js';
import { badRequest } from './params.js';

/**
 * Alpaca's paging for multi-symbol history: items ordered by symbol, then time; `limit` caps the total across
 * symbols; the opaque token names the last item returned (`symbol|time`), so the next page resumes after it.
 * History is fetched in windows so a page of trades never generates more than it returns.
 */
export interface PageRequest<T> {
  symbols: string[];
  start: EpochMs;
  end: EpochMs;
  limit: number;
  sort: 'asc' | 'desc';
  token: string | null;
  windowMs: number;
  fetch: (symbol: string, start: EpochMs, end: EpochMs) => T[];
}

export interface Page<T> {
  bySymbol: Map<string, T[]>;
  nextPageToken: string | null;
}

export function encodeToken(symbol: string, t: EpochMs): string {
  return Buffer.from(`${symbol}|${t}`).toString('base64');
}

export function decodeToken(token: string): { symbol: string; t: EpochMs } {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const [symbol, t] = text.split('|');
  if (!symbol || t === undefined || !/^\d+$/.test(t)) throw badRequest('invalid page_token');
  return { symbol, t: Number(t) };
}

function* windows(start: EpochMs, end: EpochMs, size: number, desc: boolean): Generator<[EpochMs, EpochMs]> {
  if (desc) for (let hi = end; hi > start; hi -= size) yield [Math.max(start, hi - size), hi];
  else for (let lo = start; lo < end; lo += size) yield [lo, Math.min(end, lo + size)];
}

export function page<T extends { t: EpochMs }>(request: PageRequest<T>): Page<T> {
  const desc = request.sort === 'desc';
  const after = request.token ? decodeToken(request.token) : undefined;
  const symbols = [...request.symbols].sort();
  const bySymbol = new Map<string, T[]>();
  let count = 0;
  let last: { symbol: string; t: EpochMs } | undefined;
  for (const symbol of symbols) {
    if (after && symbol < after.symbol) continue;
    let start = request.start;
    let end = request.end;
    if (after && symbol === after.symbol) {
      if (desc) end = Math.min(end, after.t);
      else start = Math.max(start, after.t + 1);
    }
    for (const [lo, hi] of windows(start, end, request.windowMs, desc)) {
      const items = request.fetch(symbol, lo, hi);
      if (desc) items.reverse();
      for (const item of items) {
        // One item beyond the limit only proves there is a next page.
        if (count === request.limit) return { bySymbol, nextPageToken: last ? encodeToken(last.symbol, last.t) : null };
        const list = bySymbol.get(symbol) ?? [];
        list.push(item);
        bySymbol.set(symbol, list);
        count++;
        last = { symbol, t: item.t };
      }
    }
  }
  return { bySymbol, nextPageToken: null };
}
