import type { EpochMs } from '../../../src-shared/time.js';
import { MINUTE, round2, type MinuteBar } from './intraday.js';
import { Rng } from './prng.js';
import type { SymbolProfile } from './symbols.js';
import type { StockQuote, StockTrade } from './types.js';

/**
 * Trades and quotes inside one minute, generated on demand from the minute bar so they aggregate back to it:
 * the first trade is at the open, the last at the close, one trade at the high and one at the low, and the
 * sizes add up to the bar's volume (the bar's VWAP is an estimate, the one thing the ticks do not reproduce).
 * One quote a second, around the last trade, with a spread that widens with the day's volatility and outside
 * regular hours.
 */
const EXCHANGES = ['V', 'P', 'Q', 'N', 'K', 'Z', 'D'];
const BASE_SPREAD = 0.00015;

export interface MinuteTicks {
  trades: StockTrade[];
  quotes: StockQuote[];
}

export function minuteTicks(seed: number, profile: SymbolProfile, bar: MinuteBar, volRatio: number, anchor: EpochMs): MinuteTicks {
  const rng = Rng.of(seed, profile.symbol, 'ticks', bar.t);
  const n = bar.n;
  const offsets: number[] = [];
  for (let i = 0; i < n; i++) offsets.push(Math.floor(rng.next() * 60_000));
  offsets.sort((a, b) => a - b);
  for (let i = 1; i < n; i++) if ((offsets[i] as number) <= (offsets[i - 1] as number)) offsets[i] = (offsets[i - 1] as number) + 1;
  // Distinct times within the minute (n <= 240, so the bumps never spill over).
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
  const spreadFraction = BASE_SPREAD * Math.max(0.5, volRatio) * (bar.regular ? 1 : 3);
  const quotes: StockQuote[] = [];
  let j = 0;
  for (let s = 0; s < 60; s++) {
    const t = bar.t + s * 1000 + Math.floor(rng.next() * 1000);
    while (j < n && (trades[j] as StockTrade).t <= t) j++;
    const ref = j === 0 ? bar.o : (trades[j - 1] as StockTrade).price;
    const spread = Math.max(0.01, ref * spreadFraction * (0.6 + 0.8 * rng.next()));
    const bid = Math.floor((ref - spread / 2) * 100) / 100;
    let ask = Math.ceil((ref + spread / 2) * 100) / 100;
    if (ask <= bid) ask = round2(bid + 0.01);
    quotes.push({
      symbol: profile.symbol,
      t,
      bidPrice: round2(bid),
      bidSize: 1 + Math.floor(rng.next() * 12),
      bidExchange: EXCHANGES[Math.floor(rng.next() * EXCHANGES.length)] as string,
      askPrice: round2(ask),
      askSize: 1 + Math.floor(rng.next() * 12),
      askExchange: EXCHANGES[Math.floor(rng.next() * EXCHANGES.length)] as string,
      conditions: ['R'],
      tape: profile.tape,
    });
  }
  return { trades, quotes };
}
