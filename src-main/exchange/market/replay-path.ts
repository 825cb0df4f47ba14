import { MINUTE, round2, type DayPath, type MinuteBar } from './intraday.js';
import { Rng } from './prng.js';
import type { TradingSession } from './types.js';

/**
 * The minute path of one replayed day: a seeded walk that honours the stored daily bar exactly. The regular
 * session opens at the day's open, touches its high and its low once each (at seeded minutes) and closes at its
 * close, never leaving [low, high] in between; its minute volumes add up to the day's volume on a U-shaped
 * profile. Pre-market drifts from the previous close to the open and after-hours stays near the close, with
 * small moves (neither is part of the daily bar). The same seed gives the same path.
 */
export interface StoredDay {
  date: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
}

/** Share of the regular session's volume traded in each extended-hours minute, relative to an average minute. */
const EXTENDED_VOLUME = 0.012;

/** A Brownian bridge from a to b over `steps` steps with per-step sd `sd`, each point clamped to [lo, hi]. */
function bridge(rng: Rng, a: number, b: number, steps: number, sd: number, lo: number, hi: number): number[] {
  const walk = [0];
  for (let k = 0; k < steps; k++) walk.push((walk[k] as number) + sd * rng.normal());
  const miss = (walk[steps] as number) - (b - a);
  const out: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const x = a + (walk[k] as number) - (k / steps) * miss;
    out.push(Math.min(hi, Math.max(lo, x)));
  }
  out[0] = a;
  out[steps] = b;
  return out;
}

/** Integer shares of `total` proportional to `weights`, each at least `floor`, adding up to `total` when it can. */
function split(total: number, weights: number[], floor: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const spare = Math.max(0, total - floor * weights.length);
  const parts = weights.map((w) => floor + Math.floor((spare * w) / sum));
  const used = parts.reduce((a, b) => a + b, 0);
  parts[parts.length - 1] = (parts[parts.length - 1] as number) + Math.max(0, total - used);
  return parts;
}

export function buildReplayDayPath(seed: number, symbol: string, day: StoredDay, previousClose: number | undefined, session: TradingSession, volRatio: number): DayPath {
  const rng = Rng.of(seed, symbol, 'replay', day.date);
  const regularCount = Math.round((session.close - session.open) / MINUTE);
  const preCount = Math.round((session.open - session.sessionOpen) / MINUTE);
  const postCount = Math.round((session.sessionClose - session.close) / MINUTE);
  const range = Math.max(day.h - day.l, day.c * 0.001);
  const step = range / Math.sqrt(regularCount) / 2;

  // Regular session: anchors at the open, the high, the low and the close, bridged in time order.
  const kh = 1 + Math.floor(rng.next() * (regularCount - 1));
  let kl = 1 + Math.floor(rng.next() * (regularCount - 1));
  if (kl === kh) kl = kh === 1 ? 2 : kh - 1;
  const anchors = [
    { k: 0, p: day.o },
    { k: kh, p: day.h },
    { k: kl, p: day.l },
    { k: regularCount, p: day.c },
  ].sort((a, b) => a.k - b.k);
  const regular: number[] = [day.o];
  for (let i = 1; i < anchors.length; i++) {
    const from = anchors[i - 1] as { k: number; p: number };
    const to = anchors[i] as { k: number; p: number };
    const segment = bridge(rng, from.p, to.p, to.k - from.k, step, day.l, day.h);
    // Inner points on the cent grid (still inside the range); anchors keep the stored values exactly.
    for (let j = 1; j < segment.length; j++) {
      const inner = j < segment.length - 1;
      regular.push(inner ? Math.min(day.h, Math.max(day.l, round2(segment[j] as number))) : (segment[j] as number));
    }
  }

  const calm = step * 0.3;
  const start = previousClose ?? day.o;
  const pre = bridge(rng, start, day.o, preCount, calm, -Infinity, Infinity).map(round2);
  const post = bridge(rng, day.c, day.c, postCount, calm, -Infinity, Infinity).map(round2);
  pre[preCount] = day.o;
  post[0] = day.c;

  const weights: number[] = [];
  for (let k = 0; k < regularCount; k++) {
    const x = (k + 0.5) / regularCount;
    weights.push((1 + 2.2 * (2 * x - 1) ** 2) * Math.exp(0.35 * rng.normal()));
  }
  const volumes = split(Math.round(day.v), weights, 4);
  const average = Math.max(4, Math.round(day.v / regularCount));

  const minutes: MinuteBar[] = [];
  const push = (t: number, o: number, c: number, v: number, isRegular: boolean, lo: number, hi: number): void => {
    const wick = (): number => Math.abs(rng.normal()) * step * 0.3;
    const h = Math.min(hi, Math.max(o, c, round2(Math.max(o, c) + wick())));
    const l = Math.max(lo, Math.min(o, c, round2(Math.min(o, c) - wick())));
    const n = Math.min(240, Math.max(4, Math.round(v / (isRegular ? 120 : 60))));
    const volume = Math.max(v, n);
    const vw = Math.round(((o + h + l + c) / 4) * 1e4) / 1e4;
    minutes.push({ t, o, h, l, c, v: volume, n, vw, regular: isRegular });
  };
  for (let k = 0; k < preCount; k++) {
    push(session.sessionOpen + k * MINUTE, pre[k] as number, pre[k + 1] as number, Math.max(4, Math.round(average * EXTENDED_VOLUME)), false, 0, Infinity);
  }
  for (let k = 0; k < regularCount; k++) {
    push(session.open + k * MINUTE, regular[k] as number, regular[k + 1] as number, volumes[k] as number, true, day.l, day.h);
  }
  for (let k = 0; k < postCount; k++) {
    push(session.close + k * MINUTE, post[k] as number, post[k + 1] as number, Math.max(4, Math.round(average * EXTENDED_VOLUME)), false, 0, Infinity);
  }
  const count = preCount + regularCount + postCount;
  return { session, minutes, volRatio, minuteVol: new Float64Array(count).fill(step / Math.max(day.c, 0.01)) };
}
