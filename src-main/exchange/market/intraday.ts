import type { EpochMs } from '../../../src-shared/time.js';
import type { DayState } from './daily-process.js';
import { Rng } from './prng.js';
import type { SymbolProfile } from './symbols.js';
import type { Bar, TradingSession } from './types.js';

/**
 * The intraday model of one symbol-day: a minute path from the previous session's end to the day's end
 * (04:00-20:00 New York), built as a Brownian bridge so it lands exactly on the daily process. Each minute's
 * share of the day's variance and volume follows the intraday profile: quiet extended hours and a U-shaped
 * regular session (busy open and close). Minute increments mix a market factor shared by all symbols (same
 * stream for everyone that day) with the symbol's own noise, in the proportion of the day's correlation.
 */
export const MINUTE = 60_000;

/** A minute of one symbol's path: a bar without its symbol, marked regular or extended hours. */
export interface MinuteBar extends Omit<Bar, 'symbol'> {
  regular: boolean;
}

export interface DayPath {
  session: TradingSession;
  minutes: MinuteBar[];
  /** Vol ratio of the day (day vol / long-run vol), which widens spreads. */
  volRatio: number;
  /** Per-minute standard deviation of log returns, for tick noise. */
  minuteVol: Float64Array;
}

export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Weight of a minute in the day's variance and volume: U-shaped in regular hours, low outside. */
function profileWeight(t: EpochMs, session: TradingSession): { variance: number; volume: number; regular: boolean } {
  if (t < session.open || t >= session.close) return { variance: 0.12, volume: 0.012, regular: false };
  const x = (t - session.open) / (session.close - session.open);
  const u = 1 + 2.2 * (2 * x - 1) ** 2;
  return { variance: u, volume: u, regular: true };
}

export function buildDayPath(seed: number, profile: SymbolProfile, day: DayState, session: TradingSession): DayPath {
  const count = Math.round((session.sessionClose - session.sessionOpen) / MINUTE);
  const weights = new Float64Array(count);
  const volumeWeights = new Float64Array(count);
  const regular: boolean[] = [];
  let totalWeight = 0;
  let totalRegularVolume = 0;
  for (let k = 0; k < count; k++) {
    const w = profileWeight(session.sessionOpen + k * MINUTE, session);
    weights[k] = w.variance;
    volumeWeights[k] = w.volume;
    regular.push(w.regular);
    totalWeight += w.variance;
    if (w.regular) totalRegularVolume += w.volume;
  }
  const market = Rng.of(seed, 'intraday-market', day.date);
  const own = Rng.of(seed, profile.symbol, 'intraday', day.date);
  const minuteVol = new Float64Array(count);
  // Cumulative noise path S and cumulative variance share V, then the bridge L_k = S_k - V_k (S_N - delta).
  const path = new Float64Array(count + 1);
  const share = new Float64Array(count + 1);
  const idio = Math.sqrt(1 - day.rho ** 2);
  for (let k = 0; k < count; k++) {
    const sd = day.vol * Math.sqrt((weights[k] as number) / totalWeight);
    minuteVol[k] = sd;
    const z = day.rho * market.studentT4() + idio * own.studentT4();
    path[k + 1] = (path[k] as number) + sd * z;
    share[k + 1] = (share[k] as number) + (weights[k] as number) / totalWeight;
  }
  const delta = day.endLog - day.startLog;
  const miss = (path[count] as number) - delta;
  const price = (k: number): number => round2(Math.exp(day.startLog + (path[k] as number) - (share[k] as number) * miss));
  const minutes: MinuteBar[] = [];
  let open = price(0);
  for (let k = 0; k < count; k++) {
    const close = price(k + 1);
    const sd = minuteVol[k] as number;
    const h = Math.max(open, close, round2(Math.max(open, close) * Math.exp(Math.abs(own.normal()) * sd * 0.6)));
    const l = Math.min(open, close, round2(Math.min(open, close) * Math.exp(-Math.abs(own.normal()) * sd * 0.6)));
    const isRegular = regular[k] as boolean;
    const volumeShare = (volumeWeights[k] as number) / totalRegularVolume;
    const avgSize = isRegular ? 120 : 60;
    let v = Math.max(4, Math.round(day.volume * volumeShare * Math.exp(0.35 * own.normal() - 0.06)));
    // A few trades a second at most (four a minute at least, so every bar's extremes are traded).
    const n = Math.min(240, Math.max(4, Math.round(v / avgSize)));
    v = Math.max(v, n);
    // VWAP of the minute from its range (the ticks are not generated for bars; see ticks.ts).
    const vw = Math.round(((open + h + l + close) / 4) * 1e4) / 1e4;
    minutes.push({ t: session.sessionOpen + k * MINUTE, o: open, h, l, c: close, v, n, vw, regular: isRegular });
    open = close;
  }
  return { session, minutes, volRatio: day.vol / day.longVol, minuteVol };
}
