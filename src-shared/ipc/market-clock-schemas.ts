import { z } from 'zod';

export const MARKET_SESSIONS = ['pre', 'regular', 'post', 'closed'] as const;

/**
 * The exchange's clock (New York), as main last read it from the broker's /v2/clock, moved on by the time since:
 * in demo the local exchange may run a simulated clock, so this is the time fills, quotes and alerts carry.
 * Times are UTC epoch ms; the GUI shows them in America/New_York, labelled ET.
 */
export const marketClockSchema = z.strictObject({
  /** The exchange's time now. */
  now: z.number().int(),
  /** Main's wall clock when it answered, so the GUI can tick the exchange's clock on between reads. */
  wallNow: z.number().int(),
  /** The exchange's clock is not the wall clock (demo outside trading hours): more than a minute apart. */
  simulated: z.boolean(),
  session: z.enum(MARKET_SESSIONS),
  nextOpen: z.number().int().nullable(),
  nextClose: z.number().int().nullable(),
  /** 'broker': read from the broker's clock; 'calendar': no reading yet, the wall clock and the NYSE calendar. */
  source: z.enum(['broker', 'calendar']),
});
export type MarketClock = z.infer<typeof marketClockSchema>;
