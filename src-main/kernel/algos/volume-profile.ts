import type { Bar } from '../../../src-shared/domain/bar.js';

/**
 * An intraday volume profile for VWAP: the average share of a day's volume traded in each of `slices` equal
 * buckets of the session window [sessionStartMs, sessionStartMs + windowMs), measured over past days' intraday
 * bars. `dayStart(t)` gives the session start of the day a bar belongs to (exchange calendar).
 */
export function volumeProfileFromBars(bars: ReadonlyArray<Pick<Bar, 't' | 'v'>>, slices: number, windowMs: number, dayStart: (t: number) => number): number[] {
  if (!Number.isInteger(slices) || slices < 1) throw new Error('slices must be a positive whole number');
  const perDay = new Map<number, number[]>();
  for (const bar of bars) {
    const start = dayStart(bar.t);
    const offset = bar.t - start;
    if (offset < 0 || offset >= windowMs) continue;
    const bucket = Math.floor((offset / windowMs) * slices);
    const day = perDay.get(start) ?? new Array<number>(slices).fill(0);
    day[bucket] = (day[bucket] ?? 0) + bar.v;
    perDay.set(start, day);
  }
  const profile = new Array<number>(slices).fill(0);
  let days = 0;
  for (const day of perDay.values()) {
    const total = day.reduce((a, b) => a + b, 0);
    if (total <= 0) continue;
    days += 1;
    day.forEach((v, i) => (profile[i] = (profile[i] ?? 0) + v / total));
  }
  // No history: an even profile (VWAP falls back to TWAP).
  return days === 0 ? new Array<number>(slices).fill(1 / slices) : profile.map((p) => p / days);
}

const DAY_MS = 86_400_000;

/** Where VWAP reads past volume: the venue's one-minute bars. */
export interface MinuteVolumeSource {
  clock(): Promise<{ now: number }>;
  minuteVolumes?(symbol: string, start: number, end: number): Promise<Array<{ t: number; v: number }>>;
}

/**
 * VWAP's profile for a parent starting now and running `windowMs`: the same clock window [now, now + window) on
 * each of the past `days` days (24-hour steps on the broker's clock, so a daylight-saving change shifts one day
 * by an hour), from one-minute bars. Days without volume in the window (weekends, holidays) do not count.
 */
export function recentWindowProfile(bars: ReadonlyArray<{ t: number; v: number }>, slices: number, windowMs: number, now: number): { profile: number[]; days: number } {
  const dayStart = (t: number): number => now - Math.ceil((now - t) / DAY_MS) * DAY_MS;
  const inWindow = bars.filter((b) => b.t < now && b.t - dayStart(b.t) < windowMs);
  const days = new Set(inWindow.filter((b) => b.v > 0).map((b) => dayStart(b.t))).size;
  return { profile: volumeProfileFromBars(inWindow, slices, windowMs, dayStart), days };
}

/** Fetches the past week's bars for the window and builds the profile; an even profile and 0 days without any. */
export async function historicalVwapProfile(source: MinuteVolumeSource, symbol: string, slices: number, windowMs: number, days = 7): Promise<{ profile: number[]; days: number }> {
  if (!source.minuteVolumes || windowMs <= 0 || windowMs > DAY_MS) return { profile: new Array<number>(slices).fill(1 / slices), days: 0 };
  const { now } = await source.clock();
  const bars = await source.minuteVolumes(symbol, now - days * DAY_MS, now - DAY_MS + windowMs);
  return recentWindowProfile(bars, slices, windowMs, now);
}
