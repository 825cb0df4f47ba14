import type { EpochMs } from '../../../src-shared/time.js';

/**
 * New York local time without a time-zone library: the UTC offset of an instant comes from
 * Intl.DateTimeFormat (which carries the tz database, DST included), and a local wall time is turned into an
 * instant by guessing with the standard offset and correcting once.
 */
const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

// Made on first use: the first Intl formatter loads the zone data, a noticeable part of the CLI's start, and many
// importers (a CSV backtest) never ask for New York time.
let formatter: Intl.DateTimeFormat | undefined;
function nyFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return formatter;
}

export interface NyParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_HOUR = 3_600_000;
/**
 * New York's offset changes only on a whole UTC hour (DST starts and ends at 2:00 local, 07:00 or 06:00 UTC), so one
 * Intl call per UTC hour is enough: the synthetic market asks for New York parts many times a tick, and each Intl call
 * costs microseconds (it was a third of the demo exchange's CPU). Before 1900 (local mean time, whose one change fell
 * mid-hour) every instant goes through Intl.
 */
const CACHE_FROM = Date.UTC(1900, 0, 1);
const offsetByHour = new Map<number, number>();

function cachedOffsetMs(time: EpochMs): number | undefined {
  if (time < CACHE_FROM) return undefined;
  const hour = Math.floor(time / MS_PER_HOUR);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = hour * MS_PER_HOUR;
    const p = intlParts(start);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    // Hours are visited in runs (a clock moving forward, one backtest's span): a full map is simply started again.
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** New York wall-clock parts of an instant. */
export function nyParts(time: EpochMs): NyParts {
  const offset = cachedOffsetMs(time);
  if (offset === undefined) return intlParts(time);
  const local = new Date(time + offset);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: local.getUTCSeconds() };
}

/** The same parts from the tz database through Intl (what the cache is filled from, and is tested against). */
export function intlParts(time: EpochMs): NyParts {
  const parts: Record<string, number> = {};
  for (const part of nyFormatter().formatToParts(new Date(time))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of New York from UTC at an instant, in minutes (-240 in summer, -300 in winter). */
export function nyOffsetMinutes(time: EpochMs): number {
  const p = nyParts(time);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(time / 1000) * 1000) / MS_PER_MINUTE);
}

/** The instant of a New York wall time on a date (YYYY-MM-DD). Market times never fall in a DST gap. */
export function nyTime(date: string, hour: number, minute = 0): EpochMs {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  const guess = wall + 300 * MS_PER_MINUTE;
  const offset = nyOffsetMinutes(guess);
  return wall - offset * MS_PER_MINUTE;
}

/**
 * The New York day last asked for, as [start, end) instants: the market asks for the date of nearly the same
 * instant many times a tick (every symbol, every 20 ms), and each Intl call costs microseconds.
 */
let lastDay: { start: EpochMs; end: EpochMs; date: string } | undefined;

/** The New York date (YYYY-MM-DD) of an instant. */
export function nyDate(time: EpochMs): string {
  if (lastDay && time >= lastDay.start && time < lastDay.end) return lastDay.date;
  const p = nyParts(time);
  const date = ymd(p.year, p.month, p.day);
  lastDay = { start: nyTime(date, 0), end: nyTime(addDays(date, 1), 0), date };
  return date;
}

export function ymd(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic in UTC, no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY);
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Day of the week of a YYYY-MM-DD date, 0 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** Formats an instant as New York local RFC-3339 with its offset, as Alpaca's clock does. */
export function nyIso(time: EpochMs): string {
  const p = nyParts(time);
  const offset = nyOffsetMinutes(time);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const hms = `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}`;
  return `${ymd(p.year, p.month, p.day)}T${hms}${off}`;
}
