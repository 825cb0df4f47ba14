import type { z } from 'zod';
import type { Bar } from '../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { ParamsSchema, StrategyClock, StrategyFamily, StrategyLogger } from './types.js';

/**
 * The strategy API of the OptionsBot: what an option strategy sees at each session close of its underlying. The same
 * view can be served by the option backtest (a chain from the synthetic surface, or recorded snapshots) and, later,
 * by a live bot reading the options service. Everything in it depends only on data up to the bar being handled.
 * Strategies import this folder and src-shared only, like the stock ones.
 */

export interface ChainContract {
  symbol: string;
  type: 'call' | 'put';
  strike: number;
  /** YYYY-MM-DD */
  expiration: string;
  /** Calendar days to expiry. */
  days: number;
  bid: number;
  ask: number;
  mid: number;
  iv: number;
  /** Greeks in Alpaca's units (delta per 1.00 of the underlying, theta per calendar day, vega per vol point). */
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
}

export interface OptionChainView {
  /** The underlying's price the chain was built at (the bar's close). */
  readonly spot: number;
  /** Expirations listed now, nearest first, with their days to expiry. */
  expirations(): readonly { date: string; days: number }[];
  /** Contracts of one expiration (or all), by strike then call before put. */
  contracts(expiration?: string): readonly ChainContract[];
  /** A contract by symbol, if listed now. */
  contract(symbol: string): ChainContract | undefined;
  /** IV rank 0..100 of the 30-day ATM IV over the last `days` sessions (null while the history is shorter than 20). */
  ivRank(days?: number): number | null;
  /** The 30-day constant-maturity ATM IV now. */
  atmIv30(): number;
  /** The ATM IV of the expiry nearest `days` out. */
  atmIv(days: number): number;
}

export interface OptionLeg {
  symbol: string;
  side: 'buy' | 'sell';
  /** Contracts per strategy unit (ratio_qty). */
  ratio: number;
}

/** An open structure: the legs sent together, in units, with what it cost (negative: a credit). */
export interface OptionPosition {
  id: string;
  tag: string;
  legs: readonly OptionLeg[];
  units: number;
  /** Net premium per unit at the open, in dollars per share (debit positive, credit negative). */
  openPrice: number;
  openedAt: EpochMs;
  /** What closing it would bring now per unit at mid, in dollars per share (a debit structure: positive). */
  value(): number;
  /** Position greeks, all units and the multiplier included. */
  delta(): number;
}

export interface OptionPortfolioView {
  cash(): number;
  equity(): number;
  shares(): number;
  positions(): readonly OptionPosition[];
}

export interface OptionStrategyContext {
  readonly underlying: string;
  readonly clock: StrategyClock;
  readonly log: StrategyLogger;
  readonly portfolio: OptionPortfolioView;
  /** The chain at the current bar's close. */
  chain(): OptionChainView;
  /** Closes of the underlying up to the current bar (oldest first, at most `count`). */
  closes(count: number): readonly number[];
  /** Opens a structure of `units` at the chain's quotes; returns its id, or undefined when refused (a reason is logged). */
  open(tag: string, legs: readonly OptionLeg[], units: number, reason: string): string | undefined;
  close(positionId: string, reason: string): void;
  /** Buys (positive) or sells (negative) shares of the underlying at the close. */
  trade(shares: number, reason: string): void;
}

export interface OptionStrategyHandlers {
  /** Once per session, after its bar closed; the chain is built from data up to this bar. */
  onBar(bar: Readonly<Bar>): void;
}

export interface OptionStrategyDefinition<S extends ParamsSchema = ParamsSchema> {
  name: string;
  description: string;
  family: Extract<StrategyFamily, 'options' | 'arbitrage'>;
  needs: readonly ['bars', 'options'];
  params: S;
  /** Sessions of underlying history needed before the first decision. */
  warmup(params: z.output<S>): number;
  create(params: z.output<S>, ctx: OptionStrategyContext): OptionStrategyHandlers;
}

export function defineOptionStrategy<S extends ParamsSchema>(definition: OptionStrategyDefinition<S>): OptionStrategyDefinition<S> {
  return definition;
}

/** Units whose maximum loss (per unit, dollars) stays within `share` of the equity. */
export function unitsForMaxLoss(equity: number, share: number, maxLossPerUnit: number): number {
  if (!(maxLossPerUnit > 0)) return 0;
  return Math.max(0, Math.floor((equity * share) / maxLossPerUnit));
}

/** The contract of `type` whose delta is nearest `target` (puts: a negative target). */
export function nearestDelta(contracts: readonly ChainContract[], type: 'call' | 'put', target: number): ChainContract | undefined {
  let best: ChainContract | undefined;
  for (const c of contracts) if (c.type === type && (!best || Math.abs(c.delta - target) < Math.abs(best.delta - target))) best = c;
  return best;
}

/** The contract of `type` whose strike is nearest `strike`. */
export function nearestStrike(contracts: readonly ChainContract[], type: 'call' | 'put', strike: number): ChainContract | undefined {
  let best: ChainContract | undefined;
  for (const c of contracts) if (c.type === type && (!best || Math.abs(c.strike - strike) < Math.abs(best.strike - strike))) best = c;
  return best;
}

/** The expiration whose days to expiry lie in [min, max], nearest `target`. */
export function expiryIn(chain: OptionChainView, min: number, max: number, target = (min + max) / 2): string | undefined {
  let best: { date: string; days: number } | undefined;
  for (const e of chain.expirations()) if (e.days >= min && e.days <= max && (!best || Math.abs(e.days - target) < Math.abs(best.days - target))) best = e;
  return best?.date;
}
