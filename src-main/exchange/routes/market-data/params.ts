import type { EpochMs } from '../../../../src-shared/time.js';
import { addDays, nyTime } from '../../market/ny-time.js';
import type { Timeframe } from '../../market/types.js';
import { AlpacaHttpError, type ExchangeRequest } from '../../server/route-types.js';

/** Query parsing for the market data routes, with Alpaca's error statuses (422 invalid values, 400 missing). */
export const invalid = (message: string): AlpacaHttpError => new AlpacaHttpError(422, { code: 42210000, message });
export const badRequest = (message: string): AlpacaHttpError => new AlpacaHttpError(400, { code: 40010000, message });

export function symbolsOf(request: ExchangeRequest): string[] {
  const raw = request.params.symbol ?? request.query.get('symbols') ?? '';
  const symbols = [...new Set(raw.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s.length > 0))];
  if (symbols.length === 0) throw badRequest('missing symbols');
  return symbols;
}

const TIMEFRAME = /^(\d+)(Min|T|Hour|H|Day|D|Week|W|Month|M)$/;
const UNITS: Record<string, Timeframe['unit']> = { Min: 'Min', T: 'Min', Hour: 'Hour', H: 'Hour', Day: 'Day', D: 'Day', Week: 'Week', W: 'Week', Month: 'Month', M: 'Month' };

/** Alpaca's timeframes: [1-59]Min, [1-23]Hour, 1Day, 1Week, [1,2,3,4,6,12]Month. */
export function timeframeOf(request: ExchangeRequest): Timeframe {
  const raw = request.query.get('timeframe');
  if (raw === null || raw === '') throw badRequest('missing timeframe');
  const m = TIMEFRAME.exec(raw);
  const amount = Number(m?.[1]);
  const unit = UNITS[m?.[2] ?? ''];
  const ok =
    unit !== undefined &&
    ((unit === 'Min' && amount >= 1 && amount <= 59) ||
      (unit === 'Hour' && amount >= 1 && amount <= 23) ||
      ((unit === 'Day' || unit === 'Week') && amount === 1) ||
      (unit === 'Month' && [1, 2, 3, 4, 6, 12].includes(amount)));
  if (!ok || unit === undefined) throw invalid(`invalid timeframe: ${raw}`);
  return { amount, unit };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/** RFC-3339 or YYYY-MM-DD (a date means New York midnight; as an end it includes the whole day). */
function parseTime(raw: string, name: string, asEnd: boolean): EpochMs {
  if (DATE_ONLY.test(raw)) {
    if (Number.isNaN(Date.parse(raw))) throw invalid(`invalid ${name}: ${raw}`);
    return asEnd ? nyTime(addDays(raw, 1), 0) : nyTime(raw, 0);
  }
  const t = RFC3339.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(t)) throw invalid(`invalid ${name}: ${raw}`);
  // Alpaca's end is inclusive; the market's ranges are half-open.
  return asEnd ? t + 1 : t;
}

export function rangeOf(request: ExchangeRequest, now: EpochMs, defaultStart: EpochMs): { start: EpochMs; end: EpochMs } {
  const startRaw = request.query.get('start');
  const endRaw = request.query.get('end');
  const start = startRaw ? parseTime(startRaw, 'start', false) : defaultStart;
  const end = endRaw ? parseTime(endRaw, 'end', true) : now + 1;
  if (end <= start && endRaw && startRaw) throw invalid('end should not be before start');
  return { start, end };
}

export function limitOf(request: ExchangeRequest, fallback = 1000, max = 10_000): number {
  const raw = request.query.get('limit');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw invalid(`invalid limit: ${raw}`);
  if (n < 1 || n > max) throw invalid(`invalid limit: must be between 1 and ${max}`);
  return n;
}

export function sortOf(request: ExchangeRequest): 'asc' | 'desc' {
  const raw = request.query.get('sort') ?? 'asc';
  if (raw !== 'asc' && raw !== 'desc') throw invalid(`invalid sort: ${raw}`);
  return raw;
}

const STOCK_FEEDS = ['iex', 'sip', 'delayed_sip', 'otc', 'boats', 'overnight'];
const OPTION_FEEDS = ['indicative', 'opra'];

export function checkFeed(request: ExchangeRequest, kind: 'stock' | 'option'): void {
  const feed = request.query.get('feed');
  if (feed === null || feed === '') return;
  if (!(kind === 'stock' ? STOCK_FEEDS : OPTION_FEEDS).includes(feed)) throw invalid(`invalid feed: ${feed}`);
}

export function checkAdjustment(request: ExchangeRequest): void {
  const raw = request.query.get('adjustment');
  if (raw === null || raw === '') return;
  // The synthetic market has no corporate actions, so every adjustment gives the raw bars.
  for (const part of raw.split(',')) {
    if (!['raw', 'split', 'dividend', 'spin-off', 'all'].includes(part)) throw invalid(`invalid adjustment: ${raw}`);
  }
}
