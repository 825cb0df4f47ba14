import type { EpochMs } from '../../../src-shared/time.js';
import { MINUTE, round2, type MinuteBar } from './intraday.js';
import { Rng } from './prng.js';
import type { SymbolProfile } from './symbols.js';
import { quoteUpdateOffsets } from './quote-flow.js';
import type { StockQuote, StockTrade } from './types.js';

/**
 * Trades and quotes inside one minute, generated on demand from the minute bar so they aggregate back to it:
 * the first trade is at the open, the last at the close, one trade at the high and one at the low, and the
 * sizes add up to the bar's volume (the bar's VWAP is an estimate, the one thing the ticks do not reproduce).
 * One heartbeat quote a second, and between them a clustered flow of quote updates (quote-flow.ts: several a
 * second for a liquid name), each around the last trade, with a spread that widens with the day's volatility, with the
 * minute's own range and outside regular hours, and displayed sizes that thin out as the spread widens (a wide
 * book is a thin one). Trade times cluster: they gather around a few bursts in the minute (a Neyman-Scott
 * process) rather than spreading uniformly, so the gaps between trades are overdispersed against a Poisson
 * stream, as real prints are. Everything is a function of (seed, symbol, minute): deterministic by seed. The
 * times come from a second random stream so that prices and sizes, drawn from the first, are the same as before.
 */
const EXCHANGES = ['V', 'P', 'Q', 'N', 'K', 'Z', 'D'];
const BASE_SPREAD = 0.00015;
/** A minute's high-low range (as a fraction of its open) at which the spread is its base width. */
const TYPICAL_MINUTE_RANGE = 0.0008;
/** Mean half-width of a burst of trades, ms. */
const BURST_MS = 600;

/**
 * n distinct offsets in [0, 60000), ascending, gathered around a few burst centres. `u` are the n uniforms the
 * first stream draws for the trades (which burst each joins); the centres and the spread inside a burst come from
 * `times`.
 */
function clusteredOffsets(u: readonly number[], times: Rng): number[] {
  const n = u.length;
  const bursts = 1 + Math.floor(n / 6);
  const centres: number[] = [];
  for (let k = 0; k < bursts; k++) centres.push(times.next() * 60_000);
  const top = 59_999 - n;
  const out = u.map((x) => {
    const centre = centres[Math.min(bursts - 1, Math.floor(x * bursts))] as number;
    const away = -Math.log(1 - times.next()) * BURST_MS * (times.next() < 0.5 ? -1 : 1);
    return Math.max(0, Math.min(top, Math.floor(centre + away)));
  });
  out.sort((a, b) => a - b);
  // Distinct times: the bumps stay below 60,000 because every offset started at most 59,999 - n.
  for (let i = 1; i < n; i++) if ((out[i] as number) <= (out[i - 1] as number)) out[i] = (out[i - 1] as number) + 1;
  return out;
}

/** Two time-ordered lists as one; on equal times the first list's element comes first. */
function mergeByTime<T extends { t: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length || k < b.length) {
    if (k >= b.length || (i < a.length && (a[i] as T).t <= (b[k] as T).t)) out.push(a[i++] as T);
    else out.push(b[k++] as T);
  }
  return out;
}

export interface MinuteTicks {
  trades: StockTrade[];
  quotes: StockQuote[];
}

export function minuteTicks(seed: number, profile: SymbolProfile, bar: MinuteBar, volRatio: number, anchor: EpochMs): MinuteTicks {
  const rng = Rng.of(seed, profile.symbol, 'ticks', bar.t);
  const n = bar.n;
  const draws: number[] = [];
  for (let i = 0; i < n; i++) draws.push(rng.next());
  const offsets = clusteredOffsets(draws, Rng.of(seed, profile.symbol, 'tick-times', bar.t));
  const prices: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = n === 1 ? 1 : i / (n - 1);
    const p = bar.o + (bar.c - bar.o) * x + (rng.next() - 0.5) * (bar.h - bar.l) * 0.6;
    prices.push(round2(Math.min(bar.h, Math.max(bar.l, p))));
  }
  prices[0] = bar.o;
  prices[n - 1] = bar.c;
  const inner = n - 2;
  const ih = 1 + Math.floor(rng.next() * inner);
  let il = 1 + Math.floor(rng.next() * inner);
  if (il === ih) il = ih === 1 ? 2 : ih - 1;
  prices[ih] = bar.h;
  prices[il] = bar.l;
  const weights: number[] = [];
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(rng.normal());
    weights.push(w);
    totalWeight += w;
  }
  const sizes = weights.map((w) => Math.max(1, Math.floor(((bar.v - n) * w) / totalWeight) + 1));
  const used = sizes.reduce((a, b) => a + b, 0);
  sizes[n - 1] = Math.max(1, (sizes[n - 1] as number) + bar.v - used);
  const idBase = Math.floor((bar.t - anchor) / MINUTE) * 1000;
  const trades: StockTrade[] = [];
  for (let i = 0; i < n; i++) {
    const size = sizes[i] as number;
    const conditions = bar.regular ? ['@'] : ['@', 'T'];
    if (size < 100) conditions.push('I');
    trades.push({
      symbol: profile.symbol,
      t: bar.t + (offsets[i] as number),
      id: idBase + i + 1,
      price: prices[i] as number,
      size,
      exchange: EXCHANGES[Math.floor(rng.next() * EXCHANGES.length)] as string,
      conditions,
      tape: profile.tape,
    });
  }
  // The minute's range widens (or narrows) the spread around the day's level: 0.6x for a still minute, up to 3x.
  const minuteRange = bar.o > 0 ? (bar.h - bar.l) / bar.o : 0;
  const rangeFactor = 0.6 + 0.4 * Math.min(6, minuteRange / TYPICAL_MINUTE_RANGE);
  const spreadFraction = BASE_SPREAD * Math.max(0.5, volRatio) * (bar.regular ? 1 : 3) * rangeFactor;
  let j = 0;
  /** The book at `t`, around the last trade at or before it (call in time order: `j` only moves forward). */
  const quoteAt = (t: number, draw: Rng): StockQuote => {
    while (j < n && (trades[j] as StockTrade).t <= t) j++;
    const ref = j === 0 ? bar.o : (trades[j - 1] as StockTrade).price;
    const spread = Math.max(0.01, ref * spreadFraction * (0.6 + 0.8 * draw.next()));
    const bid = Math.floor((ref - spread / 2) * 100) / 100;
    let ask = Math.ceil((ref + spread / 2) * 100) / 100;
    if (ask <= bid) ask = round2(bid + 0.01);
    // Displayed size (round lots) thins as the spread widens in cents: a 1-cent book shows up to 12 lots.
    const depth = 12 / Math.max(1, Math.round((ask - bid) * 100) / 2);
    return {
      symbol: profile.symbol,
      t,
      bidPrice: round2(bid),
      bidSize: 1 + Math.floor(draw.next() * depth),
      bidExchange: EXCHANGES[Math.floor(draw.next() * EXCHANGES.length)] as string,
      askPrice: round2(ask),
      askSize: 1 + Math.floor(draw.next() * depth),
      askExchange: EXCHANGES[Math.floor(draw.next() * EXCHANGES.length)] as string,
      conditions: ['R'],
      tape: profile.tape,
    };
  };
  // The heartbeat: one quote in each second, drawn from the first stream as before this file had a quote flow.
  const heartbeat: StockQuote[] = [];
  for (let s = 0; s < 60; s++) heartbeat.push(quoteAt(bar.t + s * 1000 + Math.floor(rng.next() * 1000), rng));
  // The quote flow between heartbeats (quote-flow.ts), from its own stream so the heartbeat stays as it was.
  const flowRng = Rng.of(seed, profile.symbol, 'quote-flow', bar.t);
  const flowTimes = quoteUpdateOffsets(
    trades.map((tr) => tr.t - bar.t),
    flowRng,
  );
  j = 0;
  const flow = flowTimes.map((offset) => quoteAt(bar.t + offset, flowRng));
  const quotes = mergeByTime(heartbeat, flow);
  return { trades, quotes };
}
