// The daily implied-volatility figures recorded per underlying (Alpaca keeps no IV history): ATM IV and 25-delta
// skew per expiry from a chain, the 30-day constant-maturity IV from those, and IV rank and percentile over a window.
import type { ChainRow, IvPoint } from '../../src-shared/ipc/options-schemas.js';
import { nyTime } from '../exchange/market/ny-time.js';

const DAY_MS = 86_400_000;

/** Calendar days from `date` (YYYY-MM-DD) to `expiry`. */
export function daysBetween(date: string, expiry: string): number {
  return Math.round((nyTime(expiry, 12) - nyTime(date, 12)) / DAY_MS);
}

/**
 * One point per expiry: ATM IV at the strike nearest the spot (the mean of the call's and put's IV where both have
 * one), and the 25-delta skew (put IV minus call IV at the deltas nearest -0.25 and 0.25, each within 0.1).
 */
export function ivPointsOf(rows: readonly ChainRow[], spot: number, date: string): IvPoint[] {
  const byExpiry = new Map<string, ChainRow[]>();
  for (const r of rows) {
    if (r.iv === null || r.iv <= 0) continue;
    const list = byExpiry.get(r.expiration) ?? [];
    list.push(r);
    byExpiry.set(r.expiration, list);
  }
  const out: IvPoint[] = [];
  for (const [expiry, list] of [...byExpiry].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const days = daysBetween(date, expiry);
    if (days < 0) continue;
    let atmStrike = list[0]!.strike;
    for (const r of list) if (Math.abs(r.strike - spot) < Math.abs(atmStrike - spot)) atmStrike = r.strike;
    const atm = list.filter((r) => r.strike === atmStrike).map((r) => r.iv!);
    const atmIv = atm.reduce((a, b) => a + b, 0) / atm.length;
    out.push({ date, expiry, days, atmIv, skew25: skewOf(list) });
  }
  return out;
}

function nearestDelta(list: readonly ChainRow[], type: 'call' | 'put', target: number): ChainRow | undefined {
  let best: ChainRow | undefined;
  for (const r of list) {
    if (r.type !== type || !r.greeks) continue;
    if (!best || Math.abs(r.greeks.delta - target) < Math.abs(best.greeks!.delta - target)) best = r;
  }
  return best && Math.abs(best.greeks!.delta - target) <= 0.1 ? best : undefined;
}

function skewOf(list: readonly ChainRow[]): number | null {
  const put = nearestDelta(list, 'put', -0.25);
  const call = nearestDelta(list, 'call', 0.25);
  return put && call ? put.iv! - call.iv! : null;
}

/**
 * The 30-day IV: total variance (iv^2 * days) interpolated linearly in days between the expiries either side of 30
 * days; the nearest expiry's IV when all are on one side. Expiries under 2 days are left out (their IV is noise).
 */
export function iv30Of(points: readonly IvPoint[]): { iv30: number; skew25: number | null } | undefined {
  const usable = points.filter((p) => p.days >= 2).sort((a, b) => a.days - b.days);
  if (usable.length === 0) return undefined;
  const below = [...usable].reverse().find((p) => p.days <= 30);
  const above = usable.find((p) => p.days >= 30);
  if (below && above && above.days !== below.days) {
    const w = (30 - below.days) / (above.days - below.days);
    const variance = (1 - w) * below.atmIv ** 2 * below.days + w * above.atmIv ** 2 * above.days;
    const skew = below.skew25 !== null && above.skew25 !== null ? (1 - w) * below.skew25 + w * above.skew25 : (below.skew25 ?? above.skew25);
    return { iv30: Math.sqrt(variance / 30), skew25: skew };
  }
  const only = below ?? above!;
  return { iv30: only.atmIv, skew25: only.skew25 };
}

/**
 * IV rank (where today sits between the window's low and high, 0..100) and IV percentile (the share of earlier days in
 * the window below today, 0..100). The last value is today. Undefined with fewer than 5 values.
 */
export function ivRankAndPercentile(values: readonly number[]): { rank: number; percentile: number } | undefined {
  if (values.length < 5) return undefined;
  const today = values[values.length - 1]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const rank = hi > lo ? ((today - lo) / (hi - lo)) * 100 : 50;
  const earlier = values.slice(0, -1);
  const percentile = (earlier.filter((v) => v < today).length / earlier.length) * 100;
  return { rank, percentile };
}
