import { z } from 'zod';
import { decisionSchema, protectionLockSchema } from './bot-framework-schemas.js';
import { fillRecordSchema, orderRecordSchema, positionRecordSchema } from './order-schemas.js';

/**
 * What the Bots tab shows beyond a bot's settings (issue 14): a summary per row (allocation in use, P&L, win rate,
 * open positions, locks, last decisions) and a bot's detail (warm-up, indicator values, orders and fills, equity
 * curve, locks, decisions), and the universes a new bot may trade. All figures come from the bot's own sub-ledger
 * (its fills by client order id), never from the account.
 */

/** Strategy families as the founding design groups bots (the kernel's STRATEGY_FAMILIES; a unit test keeps them equal). */
export const STRATEGY_FAMILY_NAMES = ['stock', 'arbitrage', 'options', 'microstructure', 'ml', 'ensemble'] as const;
export const strategyFamily = z.enum(STRATEGY_FAMILY_NAMES);
export type StrategyFamilyName = z.infer<typeof strategyFamily>;

const botId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
const money = z.string().regex(/^-?\d+(\.\d+)?$/);

export const botSummarySchema = z.strictObject({
  id: botId,
  family: strategyFamily,
  allocation: money,
  /** Cost basis of what it holds: the part of the allocation in use. */
  invested: money,
  /** Cash + what it holds at the latest price the bot saw. */
  equity: money,
  realizedPl: money,
  unrealizedPl: money,
  /** realizedPl + unrealizedPl. */
  pl: money,
  /** Closed round trips (flat to flat) and how many made money; winRate null before the first. */
  trades: z.number().int().nonnegative(),
  wins: z.number().int().nonnegative(),
  winRate: z.number().min(0).max(1).nullable(),
  openPositions: z.number().int().nonnegative(),
  /** Protection locks in force now. */
  locks: z.number().int().nonnegative(),
  /** Newest decisions first (at most 3). */
  lastDecisions: z.array(decisionSchema),
});
export type BotSummaryDto = z.infer<typeof botSummarySchema>;

export const botSummariesResponse = z.strictObject({ summaries: z.array(botSummarySchema) });

export const botPositionSchema = positionRecordSchema.extend({
  /** The latest price the bot saw (its stream's last minute close, else its last fill); null when none. */
  lastPrice: money.nullable(),
  unrealizedPl: money,
});

export const botWarmupSchema = z.strictObject({
  /** Bars of the bot's timeframe each symbol needs before the strategy decides (its warm-up). */
  needed: z.number().int().nonnegative(),
  /** Completed bars held per symbol (history fetched at start, then the stream's). */
  symbols: z.array(z.strictObject({ symbol: z.string(), bars: z.number().int().nonnegative(), lastClose: z.number().nullable() })),
  /** Symbols holding at least `needed` bars. */
  ready: z.number().int().nonnegative(),
});

export const botIndicatorValueSchema = z.strictObject({
  symbol: z.string(),
  /** The indicator and its parameters, e.g. "rsi(period=14)". */
  name: z.string(),
  /** Each output line's latest value; null while it is still warming up. */
  lines: z.record(z.string(), z.number().nullable()),
});

export const equityPointSchema = z.strictObject({ t: z.number(), equity: z.number() });

/** A microstructure bot (its strategy reads quotes): per symbol, what it holds, its working quotes and its fills' markouts. */
export const botMicrostructureSchema = z.strictObject({
  /** Seconds after a fill at which its markout is taken. */
  horizonSec: z.number().positive(),
  /** Order requests (place, replace, cancel) in the last 60 s: the bot's and all bots', with their limits. */
  requests: z.strictObject({ used: z.number().int().nonnegative(), limit: z.number().int().positive(), globalUsed: z.number().int().nonnegative(), globalLimit: z.number().int().positive() }).nullable(),
  symbols: z.array(
    z.strictObject({
      symbol: z.string(),
      inventory: z.number(),
      /** The bot's working limit orders: its best bid and ask (price, unfilled shares); null when that side is not quoted. */
      bid: z.strictObject({ price: z.number(), qty: z.number() }).nullable(),
      ask: z.strictObject({ price: z.number(), qty: z.number() }).nullable(),
      /** Fills measured (their horizon passed) and still waiting. */
      fills: z.number().int().nonnegative(),
      pending: z.number().int().nonnegative(),
      /** Dollars per share, quantity-weighted: earned against the mid at the fill, against the mid after the horizon, and the difference. */
      effectiveSpread: z.number(),
      realisedSpread: z.number(),
      adverseSelection: z.number(),
    }),
  ),
});
export type BotMicrostructureDto = z.infer<typeof botMicrostructureSchema>;

export const botDetailRequest = z.strictObject({ id: botId, limit: z.number().int().min(1).max(1000).default(200) });
export const botDetailResponse = z.strictObject({
  summary: botSummarySchema,
  cash: money,
  positions: z.array(botPositionSchema),
  /** Null while the bot is not running (warm-up and indicators live in the running bot). */
  warmup: botWarmupSchema.nullable(),
  indicators: z.array(botIndicatorValueSchema),
  /** Its orders (algo children too), newest first. */
  orders: z.array(orderRecordSchema),
  /** Fills of its orders, newest first. */
  fills: z.array(fillRecordSchema),
  /** Equity over time since this start (one point a minute at most; the first is the allocation at the start). */
  equity: z.array(equityPointSchema),
  /** Every lock it has had, newest first (lifted ones carry liftedAt; in force: until > clock and not lifted). */
  locks: z.array(protectionLockSchema),
  /** The bot's clock (the feed's time; simulated in demo), to tell locks in force from ended ones. */
  clock: z.number(),
  decisions: z.array(decisionSchema),
  /** Running microstructure bots only. */
  microstructure: botMicrostructureSchema.optional(),
});
export type BotDetailDto = z.infer<typeof botDetailResponse>;

/** A named list of symbols a bot may trade: the demo exchange's (all it lists, or a shaped part), or a saved watchlist. */
export const universeSchema = z.strictObject({
  /** `demo`, `demo:stocks`, `demo:pairs`... (src-main/bots/universes.ts), or `watchlist:<name>`. */
  id: z.string(),
  name: z.string(),
  source: z.enum(['exchange', 'watchlist']),
  symbols: z.array(z.string()),
});
export const universesResponse = z.strictObject({ universes: z.array(universeSchema) });
export type UniverseDto = z.infer<typeof universeSchema>;

/** The most symbols one bot may trade (the founding design's bots trade 58 and more). */
export const MAX_BOT_SYMBOLS = 200;
