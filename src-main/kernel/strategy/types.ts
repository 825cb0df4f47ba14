import type { z } from 'zod';
import type { Bar, Timeframe } from '../../../src-shared/domain/bar.js';
import type { OrderIntent, OrderSide } from '../../../src-shared/domain/order-intent.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { IndicatorLineName, StrategyIndicatorId } from './indicator-catalog.js';
import type { OrderFactory } from './order-factory.js';
import type { InsightInput } from './insight.js';
import type { StrategySchedule } from './schedule.js';

export { STRATEGY_INDICATORS, type IndicatorLineName, type StrategyIndicatorId } from './indicator-catalog.js';
export type { Insight, InsightDirection, InsightInput } from './insight.js';
export type { ScheduleHandler, StrategySchedule } from './schedule.js';

/**
 * The strategy API: everything a strategy may see. The same object runs in the backtest engine and in the live
 * kernel, so nothing here knows which one drives it: time comes from `clock`, data from the handlers, and the
 * world is changed only through `submit`/`cancel`/`replace`. Strategies import this folder and src-shared only
 * (a dependency rule checks it), so they cannot reach the wall clock, timers, files or an adapter.
 */

/** A parameter schema: a zod object whose fields carry defaults and, for numbers, min/max (the search ranges). */
export type ParamsSchema = z.ZodObject<Record<string, z.ZodType>>;

export interface Quote {
  t: EpochMs;
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
}

export interface Trade {
  t: EpochMs;
  price: number;
  size: number;
}

/**
 * A news headline about one or more of the strategy's symbols (onNews), scored by the project's sentiment word
 * list. `t` is when it was published; a strategy gets it before the first bar whose close is after `t`, never
 * earlier (see src-shared/domain/news-cutoff.ts for when a bar closes).
 */
export interface StrategyHeadline {
  id: number;
  t: EpochMs;
  /** Every symbol it names (some may be outside the strategy's universe). */
  symbols: readonly string[];
  headline: string;
  /** Sentiment in [-1, 1] (negative: bad news). */
  score: number;
}

export const ORDER_STATES = ['accepted', 'partially_filled', 'filled', 'canceled', 'expired', 'rejected', 'replaced'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** What a strategy learns about one of its orders. */
export interface OrderUpdate {
  id: string;
  intent: OrderIntent;
  state: OrderState;
  filledQty: number;
  avgFillPrice: number;
  t: EpochMs;
  /** Why it was rejected, canceled or expired, in words a trader can act on. */
  reason?: string;
}

/** One execution of (part of) an order. */
export interface Fill {
  orderId: string;
  symbol: string;
  side: OrderSide;
  qty: number;
  price: number;
  commission: number;
  t: EpochMs;
}

/** A value that the runtime keeps current for the symbol it was made for; read it inside a handler. */
export interface Indicator {
  readonly ready: boolean;
  readonly value: number;
}

/** An indicator with its named lines (Bollinger: middle, upper, lower); `value`/`ready` are the first line's. */
export interface IndicatorLines<I extends StrategyIndicatorId = StrategyIndicatorId> extends Indicator {
  /** One line, kept current like the indicator itself; a name the indicator does not have is refused. */
  line(name: IndicatorLineName<I>): Indicator;
}

export interface IndicatorOptions {
  /** The second symbol of a pair indicator (correlation, beta): its close at each of this symbol's bars. */
  benchmark?: string;
}

export interface IndicatorFactory {
  /** Simple moving average of the close over exactly `period` bars; not ready until the window is full. */
  sma(symbol: string, period: number): Indicator;
  /**
   * Any indicator of the library by id (STRATEGY_INDICATORS), with the library's parameters (missing ones take
   * their defaults; out-of-range ones are refused with the parameter's name). Each value is a function of the
   * symbol's bars up to the one being handled only, the same in backtest and live.
   */
  indicator<I extends StrategyIndicatorId>(symbol: string, id: I, params?: Readonly<Record<string, number>>, options?: IndicatorOptions): IndicatorLines<I>;
}

export interface StrategyClock {
  /** The time of the event being handled (UTC epoch ms): simulated in a backtest, the feed's time live. */
  now(): EpochMs;
}

export interface StrategyLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface PortfolioView {
  cash(): number;
  /** Signed quantity held (negative: short). */
  position(symbol: string): number;
  equity(): number;
}

/** Fields a replacement may change (Alpaca's PATCH /orders/{id}). */
export interface OrderChanges {
  qty?: string;
  limitPrice?: string;
  stopPrice?: string;
  trailPrice?: string;
  timeInForce?: OrderIntent['timeInForce'];
}

export interface StrategyContext {
  /** The symbols this run or bot trades (the run's data, or the bot's symbols), in their given order. */
  readonly universe: readonly string[];
  /** Calls at each session's open or close and on the first trading day of a week or month (exchange calendar). */
  readonly schedule: StrategySchedule;
  readonly clock: StrategyClock;
  readonly log: StrategyLogger;
  readonly indicators: IndicatorFactory;
  readonly portfolio: PortfolioView;
  readonly orders: OrderFactory;
  /**
   * Sends an order; returns its client order id. A refused order comes back as a `rejected` update. `reason`
   * (words: why this order) travels with the order into the run's order list or the bot's decision log.
   */
  submit(intent: OrderIntent, reason?: string): string;
  /**
   * The last `count` completed bars of `symbol` on `timeframe` (oldest first; fewer while history is short). The
   * run's own timeframe reads its bars; a longer one (a 1Min strategy reading 1Day) gets only bars whose period has
   * ended by the bar being handled: never the forming one. A timeframe shorter than the run's is refused.
   */
  bars(symbol: string, timeframe: Timeframe, count: number): readonly Bar[];
  /**
   * An insight instead of an order: the runtime's portfolio layer turns the active insights into target positions
   * within the bot's capital, risk and protections may cut them, and its execution layer sends the difference.
   */
  emitInsight(insight: InsightInput): void;
  cancel(orderId: string): void;
  /** Replaces a working order; returns the new order's id (the old one becomes `replaced`). */
  replace(orderId: string, changes: OrderChanges): string;
}

/** The handlers a strategy instance provides; all optional. `bar` is only valid during the call. */
export interface StrategyHandlers {
  onStart?(): void;
  onBar?(symbol: string, bar: Readonly<Bar>): void;
  /**
   * Once per timestamp, after every symbol's bar at that time went to onBar: the latest completed bar of every
   * symbol of the universe that has one (a symbol without a bar at `t` shows its previous one; check `bar.t`).
   * The map is only valid during the call.
   */
  onCrossSection?(t: EpochMs, bars: ReadonlyMap<string, Readonly<Bar>>): void;
  /**
   * Strategies whose `needs` include 'news': each headline about its symbols, in time order, before the first bar
   * whose close is after its publication (one published at or after a bar's close comes after that bar's onBar).
   * Live, a headline is delivered when the wire brings it, which may be after a bar it belonged to.
   */
  onNews?(headline: Readonly<StrategyHeadline>): void;
  onQuote?(symbol: string, quote: Readonly<Quote>): void;
  onTrade?(symbol: string, trade: Readonly<Trade>): void;
  onFill?(fill: Readonly<Fill>): void;
  onOrderUpdate?(update: Readonly<OrderUpdate>): void;
  onStop?(): void;
}

/** The bot families of the design; a strategy belongs to one (the Bots tab and `workstation strategies` group by it). */
export const STRATEGY_FAMILIES = ['stock', 'arbitrage', 'options', 'microstructure', 'ml', 'ensemble'] as const;
export type StrategyFamily = (typeof STRATEGY_FAMILIES)[number];

/** Kinds of data a strategy reads; a run or bot that cannot supply one cannot host it. */
export const DATA_NEEDS = ['bars', 'quotes', 'trades', 'options', 'news'] as const;
export type DataNeed = (typeof DATA_NEEDS)[number];

export interface StrategyDefinition<S extends ParamsSchema = ParamsSchema> {
  name: string;
  description: string;
  /** Its family; absent means 'stock' (the strategies written before families existed). */
  family?: StrategyFamily;
  /** The data it reads; absent means bars only. */
  needs?: readonly DataNeed[];
  /** Fewest symbols it can trade (2 for a pair); absent means 1. */
  minSymbols?: number;
  params: S;
  timeframe: Timeframe;
  /** Symbols it trades; empty means whatever symbols the run is given. */
  universe: readonly string[];
  /** Bars needed before the first decision can be made, for the given parameters (walk-forward warm-up). */
  warmup(params: z.output<S>): number;
  create(params: z.output<S>, ctx: StrategyContext): StrategyHandlers;
  /**
   * Optional: the indicator series it will ask for with these parameters (for every symbol of the run). An
   * optimisation sweep computes each distinct series once and shares it with its workers; a series not declared
   * is still computed when asked for, only once per worker instead of once per sweep.
   */
  indicators?(params: z.output<S>): readonly IndicatorRequest[];
  /**
   * Optional: bars of other timeframes it reads through ctx.bars, and how many (a live bot fetches that much
   * history for each before it starts; a backtest builds them from the run's bars).
   */
  extraBars?(params: z.output<S>): readonly BarsRequest[];
}

export interface BarsRequest {
  timeframe: Timeframe;
  count: number;
}

export type IndicatorRequest =
  | { kind: 'sma'; period: number }
  | { kind: 'indicator'; id: StrategyIndicatorId; params: Readonly<Record<string, number>> };

/** Keeps the schema's type when declaring a strategy. */
export function defineStrategy<S extends ParamsSchema>(definition: StrategyDefinition<S>): StrategyDefinition<S> {
  return definition;
}
