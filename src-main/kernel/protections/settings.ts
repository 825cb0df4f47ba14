import { z } from 'zod';

/**
 * Protections of one bot (or one backtest), after Freqtrade's: each, when it trips, locks a symbol or the whole bot
 * against new entries (exits stay allowed) until its lock ends or the trader lifts it. Durations are in hours of
 * the bot's clock (simulated in a backtest). All off unless given.
 */
const hours = z.number().positive().max(24 * 366);

export const protectionSettings = z.strictObject({
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

export type ProtectionSettings = z.output<typeof protectionSettings>;
export type ProtectionName = 'cooldown' | 'stoploss-guard' | 'max-drawdown' | 'low-profit';

/** One lock: a symbol, or '*' for the whole bot. */
export interface ProtectionLock {
  id: string;
  scope: string;
  protection: ProtectionName;
  reason: string;
  from: number;
  until: number;
  /** Lifted early by the trader (time), or undefined. */
  liftedAt?: number;
}
