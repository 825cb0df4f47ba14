import type { Bar } from '../../../src-shared/domain/bar.js';

/**
 * An intraday volume profile for VWAP: the average share of a day's volume traded in each of `slices` equal
 * buckets of the session window [sessionStartMs, sessionStartMs + windowMs), measured over past days' intraday
 * bars. `dayStart(t)` gives the session start of the day a bar belongs to (exchange calendar).
 */
export function volumeProfileFromBars(bars: readonly Bar[], slices: number, windowMs: number, dayStart: (t: number) => number): number[] {
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
