import { z } from 'zod';
import { tradingMode } from './schemas.js';

/** What the trader types to switch to live trading (or to unlock it after a restart in live mode). */
export const LIVE_CONFIRMATION_PHRASE = 'LIVE';

/** Where the workstation trades now, what it would start in next time, and which keys exist (never their values). */
export const tradingStatus = z.strictObject({
  mode: tradingMode,
  /** Live only: the trader confirmed real-money trading for this session; without it orders stay locked. */
  liveConfirmed: z.boolean(),
  /** The mode stored for the next start. */
  storedMode: tradingMode,
  keys: z.strictObject({ paper: z.boolean(), live: z.boolean() }),
  /** Where orders go in this mode, e.g. "https://paper-api.…" or the local exchange's loopback address. */
  tradingHost: z.string().nullable(),
  /** Why the mode differs from what was asked, or what is still needed (e.g. live is locked until confirmed). */
  notice: z.string().nullable(),
  /** A switch is under way: services are restarting. */
  switching: z.boolean(),
});
export type TradingStatus = z.infer<typeof tradingStatus>;

export const setTradingModeRequest = z.strictObject({
  mode: tradingMode,
  /** Required for live: the phrase above, typed by the trader. */
  confirmation: z.string().max(64).optional(),
});
export type SetTradingModeRequest = z.infer<typeof setTradingModeRequest>;
