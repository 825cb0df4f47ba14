import type { EpochMs } from '../../../src-shared/time.js';

/** RFC-3339 in UTC with fractional seconds, as the order and activity objects carry them. */
export function rfc3339(time: EpochMs): string {
  return new Date(time).toISOString();
}

export function rfc3339OrNull(time: EpochMs | null): string | null {
  return time === null ? null : rfc3339(time);
}

const NEW_YORK_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface NewYorkParts {
  date: string;
  time: string;
  offsetMinutes: number;
}

function newYorkParts(time: EpochMs): NewYorkParts {
  const parts: Record<string, string> = {};
  for (const part of NEW_YORK_PARTS.formatToParts(new Date(time))) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const clock = `${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.parse(`${date}T${clock}Z`);
  const wholeSeconds = Math.floor(time / 1000) * 1000;
  return { date, time: clock, offsetMinutes: Math.round((asUtc - wholeSeconds) / 60_000) };
}

/** The New York calendar date (YYYY-MM-DD) of an instant. */
export function newYorkDate(time: EpochMs): string {
  return newYorkParts(time).date;
}

/**
 * Exchange-local RFC-3339 (`2022-05-16T16:32:24.143-04:00`), as GET /v2/clock answers; fractional seconds only
 * when the instant has them, like the recorded next_open/next_close.
 */
export function newYorkRfc3339(time: EpochMs): string {
  const { date, time: clock, offsetMinutes } = newYorkParts(time);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const ms = ((time % 1000) + 1000) % 1000;
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  return `${date}T${clock}${fraction}${offset}`;
}

/** HH:MM in New York, as the calendar's open/close. */
export function newYorkHourMinute(time: EpochMs): string {
  return newYorkParts(time).time.slice(0, 5);
}
