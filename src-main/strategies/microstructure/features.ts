import type { EpochMs } from '../../../src-shared/time.js';
import type { Quote, Trade } from '../../kernel/strategy/types.js';
import { EwmaVolatility, TradeArrivals } from './estimators.js';

/**
 * Microstructure features of one symbol from its top-of-book quotes and trades, for strategies, the ML features and
 * the scanner to call: pure arithmetic over what it was fed, nothing read from elsewhere.
 */

export function mid(q: Pick<Quote, 'bid' | 'ask'>): number {
  return (q.bid + q.ask) / 2;
}

/** Quoted spread in dollars. */
export function spread(q: Pick<Quote, 'bid' | 'ask'>): number {
  return q.ask - q.bid;
}

/** Top-of-book size imbalance (bidSize - askSize) / (bidSize + askSize), in [-1, 1]; 0 for an empty book. */
export function imbalance(q: Pick<Quote, 'bidSize' | 'askSize'>): number {
  const total = q.bidSize + q.askSize;
  return total > 0 ? (q.bidSize - q.askSize) / total : 0;
}

/** The size-weighted mid (microprice): leans toward the side with less size, where the next move tends to go. */
export function microprice(q: Pick<Quote, 'bid' | 'ask' | 'bidSize' | 'askSize'>): number {
  const total = q.bidSize + q.askSize;
  return total > 0 ? (q.bid * q.askSize + q.ask * q.bidSize) / total : mid(q);
}

/**
 * One step of order-flow imbalance (Cont, Kukanov and Stoikov, "The price impact of order book events", 2014,
 * eq. 2) between successive quotes: size added at or above the old best bid counts as buying pressure, size
 * removed from it as selling; the ask side mirrors it.
 *   e = 1{Pb >= Pb'} qb - 1{Pb <= Pb'} qb' - 1{Pa <= Pa'} qa + 1{Pa >= Pa'} qa'   (primes: the previous quote)
 */
export function ofiStep(prev: Pick<Quote, 'bid' | 'bidSize' | 'ask' | 'askSize'>, next: Pick<Quote, 'bid' | 'bidSize' | 'ask' | 'askSize'>): number {
  let e = 0;
  if (next.bid >= prev.bid) e += next.bidSize;
  if (next.bid <= prev.bid) e -= prev.bidSize;
  if (next.ask <= prev.ask) e -= next.askSize;
  if (next.ask >= prev.ask) e += prev.askSize;
  return e;
}

/** A sum over the last `windowMs` of time-stamped values (exact, not decayed). */
export class WindowSum {
  private readonly t: number[] = [];
  private readonly v: number[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly windowMs: number) {}

  add(t: EpochMs, value: number): void {
    this.t.push(t);
    this.v.push(value);
    this.total += value;
    this.trim(t);
  }

  /** The sum of values added in (t - window, t]. */
  sum(t: EpochMs): number {
    this.trim(t);
    return this.total;
  }

  get count(): number {
    return this.t.length - this.head;
  }

  private trim(t: EpochMs): void {
    while (this.head < this.t.length && this.t[this.head]! <= t - this.windowMs) {
      this.total -= this.v[this.head]!;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.t.length) {
      this.t.splice(0, this.head);
      this.v.splice(0, this.head);
      this.head = 0;
      // Re-add from scratch now and then: a long run of += and -= drifts.
      this.total = this.v.reduce((a, b) => a + b, 0);
    }
  }
}

export interface MicrostructureSnapshot {
  t: EpochMs;
  mid: number;
  spread: number;
  /** Spread over mid, in basis points. */
  spreadBps: number;
  imbalance: number;
  microprice: number;
  /** Order-flow imbalance summed over the window, in shares. */
  ofi: number;
  /** The OFI over the mean displayed depth (bid + ask size) of the window's quotes: comparable across symbols. */
  ofiNormalised: number;
  /** Trades per second (decayed count). */
  tradeIntensity: number;
  /** Volatility of the mid's log-returns per second, and scaled to one minute. */
  volatilityPerSecond: number;
  volatilityPerMinute: number;
  quotes: number;
  trades: number;
}

export interface FeatureOptions {
  /** Window of the order-flow imbalance (default 10 s). */
  ofiWindowMs?: number;
  /** Half-life of the volatility and trade-rate estimates (default 60 s). */
  halfLifeMs?: number;
  /** Price increment, for the floor of the trade-distance estimate (default 0.01). */
  tick?: number;
}

/** The running features of one symbol: feed it quotes and trades in time order, read `snapshot` at any time. */
export class MicrostructureFeatures {
  private last: Quote | undefined;
  private readonly ofi: WindowSum;
  private readonly depth: WindowSum;
  readonly volatility: EwmaVolatility;
  readonly arrivals: TradeArrivals;
  private quoteCount = 0;

  constructor(options: FeatureOptions = {}) {
    const window = options.ofiWindowMs ?? 10_000;
    this.ofi = new WindowSum(window);
    this.depth = new WindowSum(window);
    this.volatility = new EwmaVolatility(options.halfLifeMs ?? 60_000);
    this.arrivals = new TradeArrivals(options.halfLifeMs ?? 60_000, (options.tick ?? 0.01) / 2);
  }

  onQuote(q: Readonly<Quote>): void {
    // A one-sided or crossed quote (a halt, an auction) carries no mid and no flow.
    if (!(q.bid > 0 && q.ask > q.bid)) return;
    if (this.last) this.ofi.add(q.t, ofiStep(this.last, q));
    this.depth.add(q.t, q.bidSize + q.askSize);
    this.volatility.update(q.t, mid(q));
    this.last = { t: q.t, bid: q.bid, bidSize: q.bidSize, ask: q.ask, askSize: q.askSize };
    this.quoteCount++;
  }

  onTrade(trade: Readonly<Trade>): void {
    this.arrivals.update(trade.t, trade.price, this.last ? mid(this.last) : NaN);
  }

  /** The last valid quote (undefined before one). */
  get quote(): Readonly<Quote> | undefined {
    return this.last;
  }

  snapshot(t: EpochMs): MicrostructureSnapshot | undefined {
    const q = this.last;
    if (!q) return undefined;
    const m = mid(q);
    const ofi = this.ofi.sum(t);
    const depthSum = this.depth.sum(t);
    const depthCount = this.depth.count;
    const meanDepth = depthCount > 0 ? depthSum / depthCount : 0;
    const v = this.volatility.variancePerSecond;
    return {
      t,
      mid: m,
      spread: spread(q),
      spreadBps: (spread(q) / m) * 10_000,
      imbalance: imbalance(q),
      microprice: microprice(q),
      ofi,
      ofiNormalised: meanDepth > 0 ? ofi / meanDepth : 0,
      tradeIntensity: this.arrivals.rate(t),
      volatilityPerSecond: Math.sqrt(v),
      volatilityPerMinute: Math.sqrt(v * 60),
      quotes: this.quoteCount,
      trades: this.arrivals.trades,
    };
  }
}

/**
 * The features at time `t` of one symbol's quotes and trades (each in time order; those after `t` are not read):
 * the one-call form for the scanner and the ML feature builder, which hold the ticks as arrays.
 */
export function microstructureFeaturesAt(quotes: readonly Readonly<Quote>[], trades: readonly Readonly<Trade>[], t: EpochMs, options: FeatureOptions = {}): MicrostructureSnapshot | undefined {
  const f = new MicrostructureFeatures(options);
  let j = 0;
  for (const q of quotes) {
    if (q.t > t) break;
    while (j < trades.length && trades[j]!.t < q.t) f.onTrade(trades[j++]!);
    f.onQuote(q);
  }
  while (j < trades.length && trades[j]!.t <= t) f.onTrade(trades[j++]!);
  return f.snapshot(t);
}
