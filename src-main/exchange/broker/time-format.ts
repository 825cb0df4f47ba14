import type { EpochMs } from '../../../src-shared/time.js';
import { nyOffsetMinutes, nyParts } from '../market/ny-time.js';

/** RFC-3339 in UTC with fractional seconds, as the order and activity objects carry them. */
export function rfc3339(time: EpochMs): string {
  return new Date(time).toISOString();
}

export function rfc3339OrNull(time: EpochMs | null): string | null {
  return time === null ? null : rfc3339(time);
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * Exchange-local RFC-3339 (`2022-05-16T16:32:24.143-04:00`), as GET /v2/clock answers; fractional seconds only
 * when the instant has them, like the recorded next_open/next_close.
 */
export function newYorkRfc3339(time: EpochMs): string {
  const p = nyParts(time);
  const offsetMinutes = nyOffsetMinutes(time);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  const ms = ((time % 1000) + 1000) % 1000;
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}${fraction}${offset}`;
}

/** HH:MM in New York, as the calendar's open/close. */
export function newYorkHourMinute(time: EpochMs): string {
  const p = nyParts(time);
  return `${two(p.hour)}:${two(p.minute)}`;
}
