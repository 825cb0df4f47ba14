import { formatClock, formatExchangeTime } from './format.js';

/**
 * Whether figures read from main are current: when they were last read, and since when every refresh has failed.
 * A panel keeps showing the last figures while the broker cannot be reached, so it must say they are old.
 */
export interface Freshness {
  /** When the figures shown were read (wall clock, epoch ms). */
  readAt: number | undefined;
  /** The first failed refresh after the last good one; undefined while refreshes succeed. */
  staleSince: number | undefined;
  /** Why the last refresh failed. */
  error: string | undefined;
}

export const NEVER_READ: Freshness = { readAt: undefined, staleSince: undefined, error: undefined };

export function refreshed(at: number): Freshness {
  return { readAt: at, staleSince: undefined, error: undefined };
}

/** A failure keeps the first failure's time: "stale since" is when the figures stopped being current. */
export function refreshFailed(current: Freshness, at: number, error: string): Freshness {
  return { readAt: current.readAt, staleSince: current.staleSince ?? at, error };
}

/**
 * "stale since HH:MM:SS ET" on the exchange's clock (the GUI's one convention; `exchangeOffsetMs` moves this
 * page's wall clock onto it), or in local time / UTC when asked; undefined while current.
 */
export function staleLabel(freshness: Freshness, clock: 'local' | 'utc' | { exchangeOffsetMs: number } = 'local'): string | undefined {
  if (freshness.staleSince === undefined) return undefined;
  if (typeof clock === 'object') return `stale since ${formatExchangeTime(freshness.staleSince + clock.exchangeOffsetMs)}`;
  return `stale since ${formatClock(new Date(freshness.staleSince), clock)}`;
}
