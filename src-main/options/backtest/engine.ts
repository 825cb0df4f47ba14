// The option backtest: one underlying's daily bars, a chain per session (the synthetic surface by default), and an
// OptionsBot strategy deciding at each close. Fills at the quote's mid plus a fraction of the half spread,
// commissions per contract, expiry with exercise and assignment (in the money by $0.01 or more, shares delivered at
// the strike, as the local exchange and Alpaca do), and a warning for a short call held across an ex-dividend date.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { ParamsSchema } from '../../kernel/strategy/types.js';
import type { ChainContract, OptionChainView, OptionLeg, OptionPosition, OptionStrategyContext, OptionStrategyDefinition } from '../../kernel/strategy/options.js';
import { atmVolOf, SyntheticChain, type SurfaceSettings } from './synthetic-chain.js';

export interface DailyRow extends Bar {
  /** YYYY-MM-DD of the session. */
  date: string;
  /** Dividend-adjusted close when known (a change in close/adjClose marks an ex-dividend date). */
  adjClose?: number;
}

export interface OptionBacktestOptions {
  cash?: number;
  seed?: number;
  rate?: number;
  /** Share of the half spread paid on each fill: 0 fills at mid, 1 at the bid or ask (default 0.5). */
  spreadFraction?: number;
  commissionPerContract?: number;
  /** A chain source other than the synthetic surface (recorded snapshots). */
  chainAt?: (closes: readonly number[], row: DailyRow, held: readonly string[]) => OptionChainView;
}

export interface OptionFill {
  date: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  commission: number;
  reason: string;
}

export interface OptionEvent {
  date: string;
  kind: 'exercise' | 'assignment' | 'expiry';
  symbol: string;
  qty: number;
  shares: number;
  strike: number;
}

export interface ClosedStructure {
  tag: string;
  openedOn: string;
  closedOn: string;
  units: number;
  pnl: number;
  reason: string;
}

export interface OptionBacktestResult {
  strategy: string;
  underlying: string;
  sessions: number;
  fills: OptionFill[];
  events: OptionEvent[];
  closed: ClosedStructure[];
  warnings: string[];
  equity: { date: string; value: number }[];
  finalValue: number;
  totalReturn: number;
  maxDrawdown: number;
  /** SHA-256 of the fills and events (golden tests compare it). */
  fillsHash: string;
}

interface HeldLeg extends OptionLeg {
  /** Contracts still open (units x ratio, signed: negative short). */
  qty: number;
}

interface Held {
  id: string;
  tag: string;
  legs: HeldLeg[];
  units: number;
  openPrice: number;
  openedAt: number;
  openedOn: string;
  cashAtOpen: number;
  realised: number;
}

const MULTIPLIER = 100;

function strikeOf(symbol: string): number {
  return Number(symbol.slice(-8)) / 1000;
}
function typeOf(symbol: string): 'call' | 'put' {
  return symbol.charAt(symbol.length - 9) === 'C' ? 'call' : 'put';
}
function expiryOf(symbol: string): string {
  const s = symbol.slice(-15, -9);
  // OCC years have two digits; history before 2000 (the daily files start in 1995) reads 70-99 as 19xx.
  return `${Number(s.slice(0, 2)) >= 70 ? '19' : '20'}${s.slice(0, 2)}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
}

/**
 * The worst value at expiry of option legs (signed contracts), as a positive loss in dollars: the payoff is piecewise
 * linear, so its minimum over [0, inf) is at 0, at a strike, or beyond the top strike when more calls are short than
 * long (covered by shares when `callsCovered`, so that side is left out).
 */
function worstLoss(legs: readonly { symbol: string; qty: number }[], callsCovered: boolean): number {
  const payoff = (s: number): number =>
    legs.reduce((v, l) => {
      const k = strikeOf(l.symbol);
      const intrinsic = typeOf(l.symbol) === 'call' ? Math.max(0, s - k) : Math.max(0, k - s);
      if (callsCovered && typeOf(l.symbol) === 'call' && l.qty < 0) return v;
      return v + intrinsic * l.qty * MULTIPLIER;
    }, 0);
  let worst = payoff(0);
  for (const l of legs) worst = Math.min(worst, payoff(strikeOf(l.symbol)));
  return Math.max(0, -worst);
}

export function backtestOptions<S extends ParamsSchema>(definition: OptionStrategyDefinition<S>, params: z.output<S>, underlying: string, rows: readonly DailyRow[], options: OptionBacktestOptions = {}): OptionBacktestResult {
  const settings: SurfaceSettings = { seed: options.seed ?? 1, rate: options.rate ?? 0.04 };
  const spreadFraction = options.spreadFraction ?? 0.5;
  const commission = options.commissionPerContract ?? 0.65;
  const start = options.cash ?? 100_000;
  let cash = start;
  let shares = 0;
  let nextId = 1;
  const held: Held[] = [];
  const fills: OptionFill[] = [];
  const events: OptionEvent[] = [];
  const closed: ClosedStructure[] = [];
  const warnings: string[] = [];
  const equity: { date: string; value: number }[] = [];
  const closes: number[] = [];
  const ivHistory: number[] = [];
  let row: DailyRow = rows[0]!;
  let chain: OptionChainView | undefined;
  const heldSymbols = (): string[] => held.flatMap((h) => h.legs.filter((l) => l.qty !== 0).map((l) => l.symbol));
  const currentChain = (): OptionChainView => {
    chain ??= options.chainAt ? options.chainAt(closes, row, heldSymbols()) : new SyntheticChain(underlying, closes, row.date, settings, ivHistory, heldSymbols());
    return chain;
  };
  const mark = (symbol: string): ChainContract | undefined => currentChain().contract(symbol);
  /** Mid of a held contract; its intrinsic value if the chain cannot price it. */
  const midOf = (symbol: string): number => mark(symbol)?.mid ?? Math.max(0, typeOf(symbol) === 'call' ? row.c - strikeOf(symbol) : strikeOf(symbol) - row.c);
  const structureValue = (h: Held): number => {
    let v = 0;
    for (const l of h.legs) {
      if (l.qty === 0) continue;
      v += (l.side === 'buy' ? 1 : -1) * midOf(l.symbol) * l.ratio;
    }
    return v;
  };
  const view = (h: Held): OptionPosition => ({
    id: h.id,
    tag: h.tag,
    legs: h.legs.map(({ symbol, side, ratio }) => ({ symbol, side, ratio })),
    units: h.units,
    openPrice: h.openPrice,
    openedAt: h.openedAt,
    value: () => structureValue(h),
    delta: () => h.legs.reduce((d, l) => d + (mark(l.symbol)?.delta ?? 0) * l.qty * MULTIPLIER, 0),
  });
  const portfolioValue = (): number => {
    let v = cash + shares * row.c;
    for (const h of held) for (const l of h.legs) if (l.qty !== 0) v += midOf(l.symbol) * l.qty * MULTIPLIER;
    return v;
  };
  const fillPrice = (c: ChainContract, side: 'buy' | 'sell'): number => (side === 'buy' ? c.mid + spreadFraction * (c.ask - c.mid) : Math.max(0, c.mid - spreadFraction * (c.mid - c.bid)));
  const finish = (h: Held, reason: string): void => {
    closed.push({ tag: h.tag, openedOn: h.openedOn, closedOn: row.date, units: h.units, pnl: Math.round(h.realised * 100) / 100, reason });
    held.splice(held.indexOf(h), 1);
  };

  const ctx: OptionStrategyContext = {
    underlying,
    clock: { now: () => row.t },
    log: { info: () => undefined, warn: (message) => warnings.push(`${row.date}: ${message}`) },
    portfolio: { cash: () => cash, equity: portfolioValue, shares: () => shares, positions: () => held.map(view) },
    chain: currentChain,
    closes: (count) => closes.slice(-count),
    open: (tag, legs, units, reason) => {
      if (units < 1 || legs.length === 0) return undefined;
      const priced = legs.map((l) => ({ l, c: mark(l.symbol) }));
      if (priced.some((p) => !p.c)) {
        warnings.push(`${row.date}: ${tag} not opened: a leg is not listed`);
        return undefined;
      }
      let net = 0;
      let fees = 0;
      for (const { l, c } of priced) {
        const price = fillPrice(c!, l.side);
        net += (l.side === 'buy' ? 1 : -1) * price * l.ratio;
        fees += commission * l.ratio * units;
      }
      const cashAfter = cash - net * units * MULTIPLIER - fees;
      // As the local exchange and Alpaca: short calls need shares or long calls, and the rest of the worst loss at
      // expiry is held in cash (cash-secured), beside what the open structures already hold.
      const legsNow = legs.map((l) => ({ symbol: l.symbol, qty: (l.side === 'buy' ? 1 : -1) * l.ratio * units }));
      const netCalls = legsNow.filter((l) => typeOf(l.symbol) === 'call').reduce((s, l) => s + l.qty, 0) + held.reduce((s, h) => s + h.legs.filter((l) => typeOf(l.symbol) === 'call').reduce((a, l) => a + l.qty, 0), 0);
      if (netCalls < 0 && -netCalls * MULTIPLIER > Math.max(0, shares)) {
        warnings.push(`${row.date}: ${tag} not opened: uncovered short calls`);
        return undefined;
      }
      const reserve = worstLoss(legsNow, netCalls < 0) + held.reduce((s, h) => s + worstLoss(h.legs, netCalls < 0), 0);
      if (cashAfter < reserve) {
        warnings.push(`${row.date}: ${tag} not opened: it needs ${(reserve - cashAfter).toFixed(2)} more cash`);
        return undefined;
      }
      const h: Held = { id: `S${nextId++}`, tag, legs: [], units, openPrice: net, openedAt: row.t, openedOn: row.date, cashAtOpen: cash, realised: 0 };
      for (const { l, c } of priced) {
        const price = fillPrice(c!, l.side);
        const qty = l.ratio * units;
        fills.push({ date: row.date, symbol: l.symbol, side: l.side, qty, price: Math.round(price * 10000) / 10000, commission: commission * qty, reason });
        h.legs.push({ ...l, qty: l.side === 'buy' ? qty : -qty });
      }
      h.realised = -(net * units * MULTIPLIER) - fees;
      cash = cashAfter;
      held.push(h);
      return h.id;
    },
    close: (id, reason) => {
      const h = held.find((x) => x.id === id);
      if (!h) return;
      for (const l of h.legs) {
        if (l.qty === 0) continue;
        const c = mark(l.symbol);
        const side = l.qty > 0 ? 'sell' : 'buy';
        const price = c ? fillPrice(c, side) : 0;
        const qty = Math.abs(l.qty);
        const flow = (side === 'sell' ? 1 : -1) * price * qty * MULTIPLIER - commission * qty;
        cash += flow;
        h.realised += flow;
        fills.push({ date: row.date, symbol: l.symbol, side, qty, price: Math.round(price * 10000) / 10000, commission: commission * qty, reason });
        l.qty = 0;
      }
      finish(h, reason);
    },
    trade: (wanted, reason) => {
      // No margin: a purchase is cut to what the cash pays for.
      const qty = wanted > 0 ? Math.min(wanted, Math.floor(Math.max(0, cash) / row.c)) : wanted;
      if (qty === 0) return;
      cash -= qty * row.c;
      shares += qty;
      fills.push({ date: row.date, symbol: underlying, side: qty > 0 ? 'buy' : 'sell', qty: Math.abs(qty), price: row.c, commission: 0, reason });
    },
  };

  const handlers = definition.create(params, ctx);
  const warmup = definition.warmup(params);
  let peak = start;
  let maxDrawdown = 0;
  let previousRatio: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    row = rows[i]!;
    chain = undefined;
    closes.push(row.c);
    ivHistory.push(atmVolOf(closes, row.date, 30, settings));
    // Expiry at this session's close: every leg expiring today or earlier settles at the close.
    for (const h of [...held]) {
      for (const l of h.legs) {
        if (l.qty === 0 || expiryOf(l.symbol) > row.date) continue;
        const strike = strikeOf(l.symbol);
        const type = typeOf(l.symbol);
        const itm = (type === 'call' ? row.c - strike : strike - row.c) >= 0.01 - 1e-9;
        if (itm) {
          // Long calls and short puts take shares; long puts and short calls deliver them.
          const delivered = (type === 'call' ? 1 : -1) * l.qty * MULTIPLIER;
          shares += delivered;
          cash -= delivered * strike;
          // What the delivery is worth at the close against the strike: the structure's result on these legs.
          h.realised += delivered * (row.c - strike);
          events.push({ date: row.date, kind: l.qty > 0 ? 'exercise' : 'assignment', symbol: l.symbol, qty: l.qty, shares: delivered, strike });
        } else {
          events.push({ date: row.date, kind: 'expiry', symbol: l.symbol, qty: l.qty, shares: 0, strike });
        }
        l.qty = 0;
      }
      if (h.legs.every((l) => l.qty === 0)) finish(h, 'expired');
    }
    // Ex-dividend: the close/adjusted-close ratio moves on the day the dividend comes off.
    if (row.adjClose !== undefined && row.adjClose > 0) {
      const ratio = row.c / row.adjClose;
      if (previousRatio !== undefined && Math.abs(ratio / previousRatio - 1) > 1e-4 && held.some((h) => h.legs.some((l) => l.qty < 0 && typeOf(l.symbol) === 'call'))) {
        warnings.push(`${row.date}: short call held across an ex-dividend date: early assignment is likely when the dividend exceeds the call's time value`);
      }
      previousRatio = ratio;
    }
    if (i >= warmup) handlers.onBar(row);
    const value = portfolioValue();
    equity.push({ date: row.date, value: Math.round(value * 100) / 100 });
    peak = Math.max(peak, value);
    maxDrawdown = Math.max(maxDrawdown, peak > 0 ? (peak - value) / peak : 0);
  }
  const finalValue = equity.length > 0 ? equity[equity.length - 1]!.value : start;
  return {
    strategy: definition.name,
    underlying,
    sessions: rows.length,
    fills,
    events,
    closed,
    warnings,
    equity,
    finalValue,
    totalReturn: finalValue / start - 1,
    maxDrawdown,
    fillsHash: createHash('sha256').update(JSON.stringify({ fills, events })).digest('hex'),
  };
}
