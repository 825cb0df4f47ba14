import { CodedError } from '../../../src-shared/ipc/errors.js';
import type { EpochMs } from '../../../src-shared/time.js';

/** Earnings dates per symbol (New York dates, YYYY-MM-DD). */
export type EarningsCalendar = ReadonlyArray<{ symbol: string; date: string }>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads an earnings calendar the trader gives (Alpaca has none): `symbol,date` per line, date as YYYY-MM-DD; a
 * header line, blank lines and `#` comments are skipped, extra columns (time of day, estimates) are ignored.
 * A bad line is refused with its number.
 */
export function parseEarningsCalendar(text: string, file = 'calendar file'): EarningsCalendar {
  const out: Array<{ symbol: string; date: string }> = [];
  const lines = text.split(/\r?\n/);
  let headerSeen = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [rawSymbol, rawDate] = line.split(',').map((f) => f.trim());
    if (out.length === 0 && !headerSeen && !DATE.test(rawDate ?? '')) {
      headerSeen = true; // the first content line may be a header
      continue;
    }
    const symbol = (rawSymbol ?? '').toUpperCase();
    if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol) || !DATE.test(rawDate ?? '') || Number.isNaN(Date.parse(`${rawDate}T00:00:00Z`))) {
      throw new CodedError('BAD_REQUEST', `${file} line ${i + 1}: expected "SYMBOL,YYYY-MM-DD", got "${line}"`);
    }
    out.push({ symbol, date: rawDate! });
  }
  if (out.length === 0) throw new CodedError('BAD_REQUEST', `${file} has no earnings dates`);
  return out;
}

/** A news item as Alpaca's /v1beta1/news gives it, reduced to what the date finder reads. */
export interface NewsHeadline {
  headline: string;
  symbols: readonly string[];
  createdAt: EpochMs;
}

/** Headlines that report results (not previews, not dates being set): "Q3 earnings", "reports third-quarter results", "beats estimates". */
const REPORTED =
  /\b(reports?|posts?|announces?|delivers?)\b.*\b(earnings|results|eps|profit|revenue)\b|\b(q[1-4]|first|second|third|fourth)[- ](quarter|qtr)?\s*(earnings|results)\b|\b(beats?|miss(es)?|tops?)\b.*\b(estimates?|expectations|consensus)\b/i;
const NOT_YET = /\b(preview|ahead of|to report|will report|expected to|sets date|scheduled|what to expect|conference call)\b/i;

/**
 * Earnings dates guessed from news headlines, the only earnings signal Alpaca carries. Unreliable by nature (a
 * headline can be about another company's results, or arrive a day late), so it is a fallback to a calendar file:
 * the date is the New York date the headline was published, one per symbol and date.
 */
export function earningsDatesFromHeadlines(items: readonly NewsHeadline[]): EarningsCalendar {
  const seen = new Set<string>();
  const out: Array<{ symbol: string; date: string }> = [];
  for (const item of items) {
    if (!REPORTED.test(item.headline) || NOT_YET.test(item.headline)) continue;
    const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(item.createdAt);
    for (const symbol of item.symbols) {
      const key = `${symbol}|${date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ symbol, date });
    }
  }
  return out;
}
