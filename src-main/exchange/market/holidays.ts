import { addDays, weekday, ymd } from './ny-time.js';

/**
 * NYSE full holidays and early closes by rule. Fixed-date holidays falling on a Saturday are observed on the
 * Friday before (except New Year's Day, whose Saturday case is not observed because the Friday belongs to the
 * previous year's books), on a Sunday the Monday after.
 */
function nthWeekday(year: number, month: number, dow: number, n: number): string {
  const first = ymd(year, month, 1);
  const offset = (dow - weekday(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, dow: number): string {
  const nextFirst = month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1);
  const last = addDays(nextFirst, -1);
  const back = (weekday(last) - dow + 7) % 7;
  return addDays(last, -back);
}

function observed(date: string): string {
  const dow = weekday(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

/** Easter Sunday (Anonymous Gregorian algorithm). */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

const holidayCache = new Map<number, Set<string>>();

export function holidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<string>();
  const newYear = ymd(year, 1, 1);
  if (weekday(newYear) !== 6) days.add(observed(newYear));
  days.add(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  days.add(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  days.add(addDays(easter(year), -2)); // Good Friday
  days.add(lastWeekday(year, 5, 1)); // Memorial Day
  if (year >= 2022) days.add(observed(ymd(year, 6, 19))); // Juneteenth, an NYSE holiday since 2022
  days.add(observed(ymd(year, 7, 4)));
  days.add(nthWeekday(year, 9, 1, 1)); // Labor Day
  days.add(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  days.add(observed(ymd(year, 12, 25)));
  // The next year's New Year's Day on a Saturday is not observed on this year's Dec 31 (NYSE rule).
  holidayCache.set(year, days);
  return days;
}

export function isHoliday(date: string): boolean {
  return holidays(Number(date.slice(0, 4))).has(date);
}

/** Early close (13:00) days: the day after Thanksgiving, Christmas Eve, and July 3 when they are trading days. */
export function isEarlyClose(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const dow = weekday(date);
  if (dow === 0 || dow === 6 || isHoliday(date)) return false;
  if (date === addDays(nthWeekday(year, 11, 4, 4), 1)) return true;
  if (date === ymd(year, 12, 24)) return true;
  // July 3 closes early when July 4 is a weekday holiday (not when July 3 is itself the observed holiday).
  if (date === ymd(year, 7, 3) && weekday(ymd(year, 7, 4)) !== 6 && weekday(ymd(year, 7, 4)) !== 0) return true;
  return false;
}

export function isTradingDay(date: string): boolean {
  const dow = weekday(date);
  return dow !== 0 && dow !== 6 && !isHoliday(date);
}
