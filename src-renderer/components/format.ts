const MIB = 1024 * 1024;

export function formatMs(ms: number): string {
  return ms.toFixed(2);
}

export function formatMiB(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}

/** Uptime as d hh:mm:ss, the seconds always visible so a live figure visibly ticks. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const clock = [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
}

export function formatClock(date: Date, zone: 'utc' | 'local'): string {
  const parts = zone === 'utc'
    ? [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getHours(), date.getMinutes(), date.getSeconds()];
  return parts.map((n) => String(n).padStart(2, '0')).join(':');
}

export function formatLogTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${formatClock(date, 'local')}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

/** The exchange's zone: every event time (fills, alerts, orders, chart axes) is shown in it, labelled ET. */
export const EXCHANGE_ZONE = 'America/New_York';
const exchangeClock = new Intl.DateTimeFormat('en-US', { timeZone: EXCHANGE_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const exchangeDate = new Intl.DateTimeFormat('en-CA', { timeZone: EXCHANGE_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** 14:03:21 ET: an event's time on the exchange's clock. */
export function formatExchangeTime(epochMs: number): string {
  return `${exchangeClock.format(epochMs)} ET`;
}

/** 14:03:21.045 ET: a log line's time on the exchange's clock, to the millisecond. */
export function formatExchangeLogTime(epochMs: number): string {
  return `${exchangeClock.format(epochMs)}.${String(((epochMs % 1000) + 1000) % 1000).padStart(3, '0')} ET`;
}

/** 2024-03-06 14:03:21 ET, for lists that span days. */
export function formatExchangeDateTime(epochMs: number): string {
  return `${exchangeDate.format(epochMs)} ${exchangeClock.format(epochMs)} ET`;
}
