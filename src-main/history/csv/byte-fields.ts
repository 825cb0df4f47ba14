// Readers of one CSV field straight from the file's bytes, without making a string. Each writes its value into a
// column (a Float64Array) and returns a small integer: a double returned from a function that is not inlined is
// boxed on the heap, and a million rows of six fields made about 100 MB of garbage that way.

export const COMMA = 44;
export const NEWLINE = 10;
export const CR = 13;
export const QUOTE = 34;
export const SPACE = 32;
export const TAB = 9;
const DOT = 46;
const DASH = 45;
const COLON = 58;
const ZERO = 48;
const MS_PER_DAY = 86_400_000;
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);

/** What timeInto read: not a layout it knows (the caller takes the slow path), a time as written, a wall time. */
export const TIME_SLOW = 0;
export const TIME_AS_WRITTEN = 1;
export const TIME_ZONELESS = 2;

/**
 * A decimal without sign or exponent and with at most 15 digits, read from `start` up to the first byte that is
 * neither a digit nor the one dot: the digits as an integer (exact below 2^53) divided by an exact power of ten is
 * one correctly rounded division, the same double Number() gives. Writes `out[row]` and returns where the number
 * ended, or -1 (nothing written) for no digits or too many: the caller then takes the slow, exact path.
 */
export function decimalInto(bytes: Uint8Array, start: number, limit: number, out: Float64Array, row: number): number {
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  let at = start;
  for (; at < limit; at++) {
    const d = bytes[at]! - ZERO;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    } else if (d === DOT - ZERO && fraction < 0) fraction = 0;
    else break;
  }
  if (digits === 0 || digits > 15) return -1;
  out[row] = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return at;
}

function twoDigits(bytes: Uint8Array, at: number): number {
  const a = bytes[at]! - ZERO;
  const b = bytes[at + 1]! - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Minute bars repeat the same date hundreds of times: the last date's bytes and its epoch day are kept, so most
 * rows compare eight bytes instead of validating and converting a calendar date.
 */
export class DayCache {
  key = -1;
  ms = 0;
}

/** YYYYMMDD of the ten bytes at `start` as one integer, or -1 when they are not YYYY-MM-DD digits. */
function dateKey(bytes: Uint8Array, start: number): number {
  if (bytes[start + 4] !== DASH || bytes[start + 7] !== DASH) return -1;
  const hi = twoDigits(bytes, start);
  const lo = twoDigits(bytes, start + 2);
  const month = twoDigits(bytes, start + 5);
  const day = twoDigits(bytes, start + 8);
  if (hi < 0 || lo < 0 || month < 0 || day < 0) return -1;
  return (hi * 100 + lo) * 10_000 + month * 100 + day;
}

/**
 * The common time layouts from the bytes `start..end` (the whole field): YYYY-MM-DD; YYYY-MM-DD[T ]HH:MM[:SS[.fff]]
 * with Z or no zone; whole epoch seconds or milliseconds (up to 15 digits, told apart by size as the slow path
 * does). Writes the epoch ms (for a zoneless time: its wall time read as UTC) into `out[row]` and returns
 * TIME_AS_WRITTEN or TIME_ZONELESS, or TIME_SLOW (nothing written) for anything else: the slow path reads it or
 * words the refusal.
 */
export function timeInto(bytes: Uint8Array, start: number, end: number, out: Float64Array, row: number, days: DayCache): number {
  const length = end - start;
  if (length < 10 || bytes[start + 4] !== DASH) return epochInto(bytes, start, end, out, row);
  const key = dateKey(bytes, start);
  if (key < 0) return TIME_SLOW;
  let date: number;
  if (key === days.key) date = days.ms;
  else {
    const year = Math.floor(key / 10_000);
    const month = Math.floor(key / 100) % 100;
    const day = key % 100;
    if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return TIME_SLOW;
    date = daysFromCivil(year, month, day) * MS_PER_DAY;
    days.key = key;
    days.ms = date;
  }
  if (length === 10) {
    out[row] = date;
    return TIME_AS_WRITTEN;
  }
  const sep = bytes[start + 10];
  if ((sep !== 84 && sep !== 116 && sep !== SPACE) || length < 16 || bytes[start + 13] !== COLON) return TIME_SLOW;
  const hour = twoDigits(bytes, start + 11);
  const minute = twoDigits(bytes, start + 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return TIME_SLOW;
  let at = start + 16;
  let second = 0;
  let ms = 0;
  if (at < end && bytes[at] === COLON) {
    second = twoDigits(bytes, at + 1);
    if (second < 0 || second > 59 || at + 3 > end) return TIME_SLOW;
    at += 3;
    if (at < end && bytes[at] === DOT) {
      at++;
      let scale = 100;
      const digitsFrom = at;
      while (at < end && bytes[at]! >= ZERO && bytes[at]! <= ZERO + 9) {
        if (scale >= 1) ms += (bytes[at]! - ZERO) * scale;
        scale /= 10;
        at++;
      }
      if (at === digitsFrom || at - digitsFrom > 9) return TIME_SLOW;
      ms = Math.floor(ms);
    }
  }
  const t = date + hour * 3_600_000 + minute * 60_000 + second * 1000 + ms;
  if (at === end) {
    out[row] = t;
    return TIME_ZONELESS;
  }
  if (at + 1 === end && (bytes[at] === 90 || bytes[at] === 122)) {
    out[row] = t;
    return TIME_AS_WRITTEN;
  }
  return TIME_SLOW;
}

/** Plain whole epoch seconds or milliseconds (up to 15 digits). */
function epochInto(bytes: Uint8Array, start: number, end: number, out: Float64Array, row: number): number {
  if (end - start > 15 || end === start) return TIME_SLOW;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i]! - ZERO;
    if (d < 0 || d > 9) return TIME_SLOW;
    n = n * 10 + d;
  }
  out[row] = n >= 1e11 ? n : n * 1000;
  return TIME_AS_WRITTEN;
}
