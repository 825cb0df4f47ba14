import { z } from 'zod';

/**
 * Schemas of a bot's protections, their locks and its decision log (issue 14): what the Bots tab shows ("why did it
 * trade, or not?") and what the trader may do about a lock (lift it).
 */
const hours = z.number().positive().max(24 * 366);

/** Protections of one bot (or backtest), after Freqtrade's; each locks against new entries, exits stay allowed. */
export const protectionSettingsSchema = z.strictObject({
  /** After a symbol's position is closed, no new entry in it for this long. */
  cooldown: z.strictObject({ hours }).optional(),
  /** `trades` stop-outs within `lookbackHours` lock the symbol (or the bot, scope 'bot') for `lockHours`. */
  stoplossGuard: z
    .strictObject({ trades: z.number().int().min(1).max(100), lookbackHours: hours, lockHours: hours, scope: z.enum(['symbol', 'bot']).default('symbol') })
    .optional(),
  /** A drawdown of the bot's equity of at least `maxDrawdown` (0.1 = 10%) within `lookbackHours` locks the bot. */
  maxDrawdown: z.strictObject({ maxDrawdown: z.number().gt(0).lt(1), lookbackHours: hours, lockHours: hours }).optional(),
  /** A symbol whose closed trades within `lookbackHours` (at least `trades` of them) made under `minProfit` is locked. */
  lowProfit: z
    .strictObject({ minProfit: z.number().min(-1).max(10), trades: z.number().int().min(1).max(100).default(1), lookbackHours: hours, lockHours: hours })
    .optional(),
});

export const PROTECTION_NAMES = ['cooldown', 'stoploss-guard', 'max-drawdown', 'low-profit'] as const;

export const protectionLockSchema = z.strictObject({
  id: z.string(),
  /** A symbol, or '*' for the whole bot. */
  scope: z.string(),
  protection: z.enum(PROTECTION_NAMES),
  reason: z.string(),
  from: z.number(),
  until: z.number(),
  /** When the trader lifted it early. */
  liftedAt: z.number().optional(),
});

export const DECISION_CODES = ['ORDER_SENT', 'NO_CASH', 'PROTECTION', 'RISK_DENIED', 'STALE_DATA', 'MARKET_CLOSED', 'SHORTING_OFF', 'NO_DATA', 'TOO_SMALL'] as const;

export const decisionSchema = z.strictObject({
  t: z.number(),
  code: z.enum(DECISION_CODES),
  symbol: z.string().optional(),
  side: z.enum(['buy', 'sell']).optional(),
  qty: z.number().optional(),
  reason: z.string(),
  cause: z.string().optional(),
  orderId: z.string().optional(),
});

const botId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -');

export const botLocksRequest = z.strictObject({ id: botId, active: z.boolean().default(true) });
export const botLocksResponse = z.strictObject({ locks: z.array(protectionLockSchema) });
export const unlockBotRequest = z.strictObject({ id: botId, lockId: z.string().min(1).max(200) });
export const botDecisionsRequest = z.strictObject({ id: botId, limit: z.number().int().min(1).max(5_000).default(200) });
export const botDecisionsResponse = z.strictObject({ decisions: z.array(decisionSchema) });
export const botProtectionsRequest = z.strictObject({ id: botId, protections: protectionSettingsSchema });
