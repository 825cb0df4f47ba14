// Historical option chains with no stored chains: a volatility surface made from the underlying's own closes up to
// the day (an EWMA realised volatility, a seeded daily premium of implied over realised, a term slope and a smile),
// priced by Black-Scholes-Merton (European: a modelling choice for the synthetic surface, said in the README), with a
// bid-ask spread that grows with the price. Deterministic by seed and date, and built from data up to the day only,
// so a backtest over it cannot look ahead.
import type { ChainContract, OptionChainView } from '../../kernel/strategy/options.js';
import { bsmInto } from '../../../src-shared/options/black-scholes.js';
import { newGreeks } from '../../../src-shared/options/types.js';
import { ivRankAndPercentile } from '../iv-metrics.js';

export interface SurfaceSettings {
  seed: number;
  rate: number;
}

const DAY_MS = 86_400_000;

/** EWMA (lambda 0.94) annualised volatility of the last 60 log returns; at least 5%. */
export function ewmaVol(closes: readonly number[]): number {
  const from = Math.max(1, closes.length - 60);
  let variance = 0;
  let n = 0;
  for (let i = from; i < closes.length; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    variance = n === 0 ? r * r : 0.94 * variance + 0.06 * r * r;
    n++;
  }
  return Math.max(0.05, Math.sqrt(variance * 252));
}

/** A uniform number in [-1, 1] from the seed and the date (FNV-1a, then an xorshift mix). */
function noise(seed: number, date: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < date.length; i++) h = Math.imul(h ^ date.charCodeAt(i), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return ((h >>> 0) / 4294967295) * 2 - 1;
}

function strikeStep(price: number): number {
  if (price < 25) return 0.5;
  if (price < 100) return 1;
  if (price < 250) return 2.5;
  if (price < 1000) return 5;
  return 10;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Fridays of the next ten weeks and the third Fridays of the next four months, after `date`. */
export function listedExpirations(date: string): { date: string; days: number }[] {
  const t0 = Date.parse(`${date}T00:00:00Z`);
  const out = new Map<string, number>();
  const dow = new Date(t0).getUTCDay();
  let friday = t0 + (((5 - dow + 7) % 7) || 7) * DAY_MS;
  for (let i = 0; i < 10; i++, friday += 7 * DAY_MS) out.set(isoDay(friday), Math.round((friday - t0) / DAY_MS));
  const d = new Date(t0);
  for (let m = 1; m <= 4; m++) {
    const first = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + m, 1);
    const third = first + (((5 - new Date(first).getUTCDay() + 7) % 7) + 14) * DAY_MS;
    out.set(isoDay(third), Math.round((third - t0) / DAY_MS));
  }
  return [...out].map(([e, days]) => ({ date: e, days })).sort((a, b) => a.days - b.days);
}

export function occ(root: string, expiration: string, type: 'call' | 'put', strike: number): string {
  return `${root}${expiration.slice(2).replaceAll('-', '')}${type === 'call' ? 'C' : 'P'}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

/** Annualised volatility of the last `n` log returns (plain, equally weighted); at least 5%. */
function recentVol(closes: readonly number[], n: number): number {
  const from = Math.max(1, closes.length - n);
  let sum = 0;
  let count = 0;
  for (let i = from; i < closes.length; i++) {
    const r = Math.log(closes[i]! / closes[i - 1]!);
    sum += r * r;
    count++;
  }
  return count === 0 ? 0.2 : Math.max(0.05, Math.sqrt((sum / count) * 252));
}

/**
 * The surface's ATM implied volatility of the day at `days` to expiry: the EWMA realised volatility times a seeded
 * premium, with a term slope that inverts when the last two weeks were wilder than the last three months (as implied
 * term structures do in a stress) and a little seeded noise of its own.
 */
export function atmVolOf(closes: readonly number[], date: string, days: number, settings: SurfaceSettings): number {
  const base = ewmaVol(closes) * (1.1 + 0.15 * noise(settings.seed, date));
  const slope = 0.08 * (1 - recentVol(closes, 10) / recentVol(closes, 60)) + 0.03 * noise(settings.seed ^ 0x2545f491, date);
  return base * Math.max(0.5, 1 + slope * Math.log(Math.max(1, days) / 30));
}

export class SyntheticChain implements OptionChainView {
  readonly spot: number;
  private readonly listed: { date: string; days: number }[];
  private readonly byExpiry = new Map<string, ChainContract[]>();
  private readonly bySymbol = new Map<string, ChainContract>();
  private readonly heldStrikes = new Map<string, Set<number>>();

  constructor(
    private readonly root: string,
    private readonly closes: readonly number[],
    private readonly date: string,
    private readonly settings: SurfaceSettings,
    /** The 30-day ATM IV of earlier sessions and today (for IV rank). */
    private readonly ivHistory: readonly number[],
    /** Contracts still held whose expiry is past the listing window (kept priceable). */
    extra: readonly string[] = [],
  ) {
    this.spot = closes[closes.length - 1]!;
    this.listed = listedExpirations(date);
    for (const symbol of extra) {
      const yy = symbol.slice(root.length, root.length + 2);
      // Two-digit OCC years: 70-99 are 19xx (the daily files reach back to 1995).
      const exp = `${Number(yy) >= 70 ? '19' : '20'}${yy}-${symbol.slice(root.length + 2, root.length + 4)}-${symbol.slice(root.length + 4, root.length + 6)}`;
      // A held strike stays priced even when the grid moved away from it (a new strike step, a big move).
      const strikes = this.heldStrikes.get(exp) ?? new Set<number>();
      strikes.add(Number(symbol.slice(-8)) / 1000);
      this.heldStrikes.set(exp, strikes);
      if (!this.listed.some((e) => e.date === exp)) {
        const days = Math.round((Date.parse(`${exp}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
        if (days >= 0) this.listed.push({ date: exp, days });
      }
    }
    this.listed.sort((a, b) => a.days - b.days);
  }

  expirations(): readonly { date: string; days: number }[] {
    return this.listed;
  }

  atmIv(days: number): number {
    return atmVolOf(this.closes, this.date, days, this.settings);
  }

  atmIv30(): number {
    return this.atmIv(30);
  }

  ivRank(days = 252): number | null {
    const window = this.ivHistory.slice(-days);
    if (window.length < 20) return null;
    return ivRankAndPercentile(window)?.rank ?? null;
  }

  contract(symbol: string): ChainContract | undefined {
    const hit = this.bySymbol.get(symbol);
    if (hit) return hit;
    for (const e of this.listed) if (symbol.startsWith(`${this.root}${e.date.slice(2).replaceAll('-', '')}`)) this.contracts(e.date);
    return this.bySymbol.get(symbol);
  }

  contracts(expiration?: string): readonly ChainContract[] {
    if (expiration === undefined) return this.listed.flatMap((e) => this.contracts(e.date));
    const cached = this.byExpiry.get(expiration);
    if (cached) return cached;
    const entry = this.listed.find((e) => e.date === expiration);
    if (!entry) return [];
    const out = this.price(entry.date, entry.days);
    this.byExpiry.set(expiration, out);
    for (const c of out) this.bySymbol.set(c.symbol, c);
    return out;
  }

  private price(expiration: string, days: number): ChainContract[] {
    const S = this.spot;
    const step = strikeStep(S);
    const each = Math.min(40, Math.ceil((0.4 * S) / step));
    const atm = Math.round(S / step) * step;
    // At least half a day, so an option on its expiry day still has a time value to price.
    const years = Math.max(0.5, days) / 365;
    const base = this.atmIv(days);
    const g = newGreeks();
    const out: ChainContract[] = [];
    const grid: number[] = [];
    for (let i = -each; i <= each; i++) grid.push(Math.round((atm + i * step) * 1000) / 1000);
    for (const k of this.heldStrikes.get(expiration) ?? []) if (!grid.includes(k)) grid.push(k);
    grid.sort((a, b) => a - b);
    for (const strike of grid) {
      if (strike <= 0) continue;
      // Smile in standardised moneyness: puts richer than calls (equity skew), some curvature.
      const z = Math.log(strike / S) / (base * Math.sqrt(years));
      const iv = base * Math.min(2.5, Math.max(0.5, 1 - 0.08 * z + 0.015 * z * z));
      for (const type of ['call', 'put'] as const) {
        bsmInto(type === 'call', S, strike, years, this.settings.rate, 0, iv, g);
        const mid = Math.max(0.01, g.price);
        const half = Math.max(0.025, 0.02 * mid);
        out.push({
          symbol: occ(this.root, expiration, type, strike),
          type,
          strike,
          expiration,
          days,
          bid: Math.max(0, Math.floor((mid - half) * 100) / 100),
          ask: Math.ceil((mid + half) * 100) / 100,
          mid,
          iv,
          delta: g.delta,
          gamma: g.gamma,
          theta: g.theta,
          vega: g.vega,
        });
      }
    }
    return out;
  }
}
