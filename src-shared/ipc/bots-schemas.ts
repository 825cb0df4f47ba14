import { z } from 'zod';
import { TIMEFRAMES } from '../domain/bar.js';
import { protectionSettingsSchema } from './bot-framework-schemas.js';
import { MAX_BOT_SYMBOLS } from './bot-detail-schemas.js';

/**
 * Schemas of the `bots` service: bots are strategies (the backtest's StrategyDefinitions) running live on symbols
 * and a timeframe, their orders through the risk engine under the source `bot:<id>`. States: `stopped`;
 * `running`; `paused` after a definitive broker rejection (stays until the trader resumes it); `halted` when
 * reconciliation found a difference or the risk engine is HALTED; `error` when the strategy threw (the text kept).
 */
export const BOT_STATES = ['stopped', 'starting', 'running', 'paused', 'halted', 'error'] as const;
export type BotState = (typeof BOT_STATES)[number];

const botId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');
const botSymbol = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9.-]{0,9}$/, 'must be a ticker such as AAPL or BRK.B');
const paramValue = z.union([z.number(), z.string().max(200), z.boolean()]);

export const botSchema = z.strictObject({
  id: botId,
  name: z.string().min(1).max(120),
  strategy: z.string(),
  params: z.record(z.string(), paramValue),
  symbols: z.array(z.string()),
  timeframe: z.enum(TIMEFRAMES),
  /** Dollars of the account this bot may have in use (cost of what it holds plus its working buys). */
  allocation: z.string(),
  /** Its protections (cooldown, stop-loss guard, max drawdown, low profit); absent or {}: none. */
  protections: protectionSettingsSchema.optional(),
  state: z.enum(BOT_STATES),
  /** Why it is paused, halted or in error, in words a trader can act on; null when running or stopped normally. */
  reason: z.string().nullable(),
  /** When it entered its state (UTC epoch ms). */
  stateSince: z.number().int(),
  ordersSent: z.number().int().nonnegative(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type BotDto = z.infer<typeof botSchema>;

export const saveBotRequest = z.strictObject({
  /** Absent: a new bot. A running bot cannot be changed (stop it first). */
  id: botId.optional(),
  name: z.string().trim().min(1).max(120),
  strategy: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a strategy name such as sma-cross'),
  params: z.record(z.string().max(64), paramValue).default({}),
  symbols: z.array(botSymbol).min(1).max(MAX_BOT_SYMBOLS),
  /** Absent: the strategy's own timeframe. */
  timeframe: z.enum(TIMEFRAMES).optional(),
  /** Dollars the bot may have in use (e.g. "20000"); absent: kept, or 10000 for a new bot. */
  allocation: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, 'must be dollars such as 20000 or 2500.50')
    .refine((v) => Number(v) > 0, 'must be more than 0')
    .optional(),
  /** Protections of the bot; absent: kept (none for a new bot). */
  protections: protectionSettingsSchema.optional(),
});

export const botIdRequest = z.strictObject({ id: botId });
/** Stop a bot; with cancelOrders, also cancel its working orders at the broker but the exits protecting its positions. */
export const stopBotRequest = z.strictObject({ id: botId, cancelOrders: z.boolean().optional() });
export const botsResponse = z.strictObject({ bots: z.array(botSchema) });
export const setAllBotsRequest = z.strictObject({ running: z.boolean() });

/** The demo set a fresh demo start created (Welcome tab): offered once per data folder; the bots still present. */
export const demoBotsResponse = z.strictObject({ offered: z.boolean(), bots: z.array(botSchema) });
export type DemoBotsDto = z.infer<typeof demoBotsResponse>;
