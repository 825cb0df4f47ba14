// Multi-leg positions: value and greeks now, P/L at expiry or at any date before it, breakevens, maximum profit and
// loss, and the probability of profit. Each option leg is priced with Black-Scholes-Merton at its own implied
// volatility (European exercise, the usual choice of strategy analysers; the GUI redraws this as the trader drags).
import { bsmInto, bsmPrice } from './black-scholes.js';
import { normCdf } from './normal.js';
import { type Greeks, newGreeks, OptionsError } from './types.js';

export interface Leg {
  kind: 'call' | 'put' | 'stock';
  side: 'buy' | 'sell';
  /** Contracts for options, shares for stock. */
  quantity: number;
  /** Price per share paid (buy) or received (sell) when the leg was opened. */
  premium: number;
  /** Options: strike. */
  strike?: number;
  /** Options: years from now to this leg's expiry. */
  years?: number;
  /** Options: the implied volatility the leg is valued at before its expiry. */
  vol?: number;
  /** Shares per unit of quantity: 100 for an option contract, 1 for stock unless given. */
  multiplier?: number;
}

export interface Market {
  spot: number;
  rate: number;
  dividend: number;
}

function units(leg: Leg): number {
  const mult = leg.multiplier ?? (leg.kind === 'stock' ? 1 : 100);
  return (leg.side === 'buy' ? 1 : -1) * leg.quantity * mult;
}

/** Refuses a leg that cannot be valued, naming it (1-based) and the field. */
export function validateLegs(legs: readonly Leg[]): void {
  if (legs.length === 0) throw new OptionsError('OPTION_BAD_INPUT', 'a position needs at least one leg');
  legs.forEach((leg, i) => {
    const name = `leg ${i + 1}`;
    if (!(leg.quantity > 0) || !Number.isFinite(leg.quantity)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: quantity must be above 0, got ${leg.quantity}`);
    if (!(leg.premium >= 0) || !Number.isFinite(leg.premium)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: price must be at or above 0, got ${leg.premium}`);
    if (leg.multiplier !== undefined && !(leg.multiplier > 0)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: multiplier must be above 0, got ${leg.multiplier}`);
    if (leg.kind === 'stock') return;
    if (!(leg.strike! > 0) || !Number.isFinite(leg.strike)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: strike must be above 0, got ${leg.strike}`);
    if (!(leg.years! > 0) || !Number.isFinite(leg.years)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: years to expiry must be above 0, got ${leg.years}`);
    if (!(leg.vol! > 0) || !Number.isFinite(leg.vol)) throw new OptionsError('OPTION_BAD_INPUT', `${name}: implied volatility must be above 0 (0.25 for 25%), got ${leg.vol}`);
  });
}

/** The value per share of one leg at spot `s`, `t` years from now (intrinsic once the leg has expired). */
export function legValueAt(leg: Leg, s: number, t: number, m: Market): number {
  if (leg.kind === 'stock') return s;
  const k = leg.strike!;
  const left = leg.years! - t;
  if (left <= 1e-12) return leg.kind === 'call' ? (s > k ? s - k : 0) : k > s ? k - s : 0;
  if (s <= 0) return leg.kind === 'call' ? 0 : k * Math.exp(-m.rate * left);
  return bsmPrice(leg.kind === 'call', s, k, left, m.rate, m.dividend, leg.vol!);
}

/** Profit or loss of the whole position, in dollars, at spot `s` and `t` years from now. */
export function pnlAt(legs: readonly Leg[], s: number, t: number, m: Market): number {
  let total = 0;
  for (const leg of legs) total += units(leg) * (legValueAt(leg, s, t, m) - leg.premium);
  return total;
}

/** The earliest option expiry (the date "at expiry" refers to); 0 for a stock-only position. */
export function firstExpiry(legs: readonly Leg[]): number {
  let t = Infinity;
  for (const leg of legs) if (leg.kind !== 'stock' && leg.years! < t) t = leg.years!;
  return t === Infinity ? 0 : t;
}

/** Value (mark at the legs' volatilities) and greeks of the position now, in dollars (per-share greeks x units). */
export function positionGreeks(legs: readonly Leg[], m: Market, out: Greeks = newGreeks()): Greeks {
  out.price = out.delta = out.gamma = out.vega = out.theta = out.rho = 0;
  const g = newGreeks();
  for (const leg of legs) {
    const u = units(leg);
    if (leg.kind === 'stock') {
      out.price += u * m.spot;
      out.delta += u;
      continue;
    }
    bsmInto(leg.kind === 'call', m.spot, leg.strike!, leg.years!, m.rate, m.dividend, leg.vol!, g);
    out.price += u * g.price;
    out.delta += u * g.delta;
    out.gamma += u * g.gamma;
    out.vega += u * g.vega;
    out.theta += u * g.theta;
    out.rho += u * g.rho;
  }
  return out;
}

export interface PositionAnalysis {
  /** Years from now the analysis is for (the first expiry unless given). */
  years: number;
  /** Net premium: positive is a debit paid, negative a credit received. */
  netPremium: number;
  breakevens: number[];
  /** The largest P/L at that date, or 'unbounded' when it grows without limit as the price rises. */
  maxProfit: number | 'unbounded';
  /** The most negative P/L at that date (a loss is negative), or 'unbounded'. */
  maxLoss: number | 'unbounded';
  /** Chance the P/L is above 0 at that date, the underlying lognormal at `vol`. */
  probabilityOfProfit: number;
  /** The volatility used for the probability: the legs' implied volatilities weighted by quantity. */
  vol: number;
}

/** Sorted distinct prices where the P/L can bend at date t: strikes of legs expired by then. */
function kinks(legs: readonly Leg[], t: number): number[] {
  const out = new Set<number>();
  for (const leg of legs) if (leg.kind !== 'stock' && leg.years! <= t + 1e-12) out.add(leg.strike!);
  return [...out].sort((a, b) => a - b);
}

/** P/L slope as the price goes to infinity: every call and share moves one for one with it. */
function tailSlope(legs: readonly Leg[]): number {
  let slope = 0;
  for (const leg of legs) if (leg.kind !== 'put') slope += units(leg);
  return slope;
}

/**
 * The prices the analysis samples: the kinks alone when the P/L is piecewise linear at t (every option leg expired),
 * else a fine grid to three times the larger of spot and the highest strike, plus the kinks.
 */
function samplePoints(legs: readonly Leg[], t: number, m: Market): { xs: number[]; linear: boolean } {
  const ks = kinks(legs, t);
  const linear = legs.every((leg) => leg.kind === 'stock' || leg.years! <= t + 1e-12);
  if (linear) return { xs: [0, ...ks, (ks[ks.length - 1] ?? m.spot) * 2 + m.spot], linear };
  let top = m.spot;
  for (const leg of legs) if (leg.strike !== undefined && leg.strike > top) top = leg.strike;
  top *= 3;
  const steps = 2000;
  const xs = new Set<number>(ks);
  for (let i = 0; i <= steps; i++) xs.add((top * i) / steps);
  return { xs: [...xs].sort((a, b) => a - b), linear };
}

export function analysePosition(legs: readonly Leg[], m: Market, years?: number): PositionAnalysis {
  validateLegs(legs);
  const t = years ?? firstExpiry(legs);
  const { xs, linear } = samplePoints(legs, t, m);
  const f = (s: number): number => pnlAt(legs, s, t, m);
  const ys = xs.map(f);
  const breakevens: number[] = [];
  let maxP = -Infinity;
  let minP = Infinity;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i]!;
    if (y > maxP) maxP = y;
    if (y < minP) minP = y;
    if (i === 0) continue;
    const y0 = ys[i - 1]!;
    if (y === 0 && y0 !== 0) breakevens.push(xs[i]!);
    else if (y0 < 0 !== y < 0 && y !== 0 && y0 !== 0) breakevens.push(linear ? xs[i - 1]! + ((xs[i]! - xs[i - 1]!) * -y0) / (y - y0) : bisect(f, xs[i - 1]!, xs[i]!, y0));
  }
  // Beyond the last sample the P/L runs at the tail slope.
  const slope = tailSlope(legs);
  const lastX = xs[xs.length - 1]!;
  const lastY = ys[ys.length - 1]!;
  if (slope !== 0 && lastY !== 0 && lastY > 0 !== slope > 0) breakevens.push(lastX - lastY / slope);
  const netPremium = legs.reduce((sum, leg) => sum + units(leg) * leg.premium, 0);
  const vol = positionVol(legs);
  return {
    years: t,
    netPremium,
    breakevens,
    maxProfit: slope > 0 ? 'unbounded' : maxP,
    maxLoss: slope < 0 ? 'unbounded' : minP,
    probabilityOfProfit: probabilityOfProfit(legs, m, t, vol, breakevens),
    vol,
  };
}

function bisect(f: (s: number) => number, a: number, b: number, fa: number): number {
  for (let i = 0; i < 100 && b - a > 1e-10 * (1 + b); i++) {
    const mid = 0.5 * (a + b);
    const fm = f(mid);
    if (fm < 0 === fa < 0) {
      a = mid;
      fa = fm;
    } else b = mid;
  }
  return 0.5 * (a + b);
}

function positionVol(legs: readonly Leg[]): number {
  let w = 0;
  let sum = 0;
  for (const leg of legs) {
    if (leg.kind === 'stock') continue;
    w += leg.quantity;
    sum += leg.quantity * leg.vol!;
  }
  return w > 0 ? sum / w : 0;
}

/** P(P/L > 0 at t) with ln S_t ~ N(ln S + (r - q - vol^2/2) t, vol^2 t): the P/L keeps one sign between breakevens. */
function probabilityOfProfit(legs: readonly Leg[], m: Market, t: number, vol: number, breakevens: readonly number[]): number {
  const f = (s: number): number => pnlAt(legs, s, t, m);
  const sd = vol * Math.sqrt(t);
  if (!(sd > 0)) return f(m.spot * Math.exp((m.rate - m.dividend) * t)) > 0 ? 1 : 0;
  const mean = Math.log(m.spot) + (m.rate - m.dividend - 0.5 * vol * vol) * t;
  const cdf = (s: number): number => (s <= 0 ? 0 : s === Infinity ? 1 : normCdf((Math.log(s) - mean) / sd));
  const edges = [0, ...breakevens, Infinity];
  let p = 0;
  for (let i = 1; i < edges.length; i++) {
    const a = edges[i - 1]!;
    const b = edges[i]!;
    const probe = b === Infinity ? (a > 0 ? a * 2 : m.spot) : 0.5 * (a + b);
    if (f(probe) > 0) p += cdf(b) - cdf(a);
  }
  return p;
}

/** P/L at `count` evenly spaced prices from `from` to `to`, `t` years from now (the curve the GUI draws). */
export function payoffCurve(legs: readonly Leg[], m: Market, t: number, from: number, to: number, count: number): Array<{ spot: number; pnl: number }> {
  const out: Array<{ spot: number; pnl: number }> = [];
  for (let i = 0; i < count; i++) {
    const s = count === 1 ? from : from + ((to - from) * i) / (count - 1);
    out.push({ spot: s, pnl: pnlAt(legs, s, t, m) });
  }
  return out;
}
