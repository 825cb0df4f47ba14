import { z } from 'zod';
import type { EpochMs } from '../../../src-shared/time.js';

/**
 * An insight: a strategy's view on one symbol (LEAN's Insight, reduced to what our portfolio layer reads). It is
 * active from `generatedAt` until its horizon ends (a time span, or a number of the symbol's bars); a newer
 * insight on the same symbol from the same strategy replaces it. `flat` asks for no position.
 */
export const INSIGHT_DIRECTIONS = ['up', 'flat', 'down'] as const;
export type InsightDirection = (typeof INSIGHT_DIRECTIONS)[number];

export const insightInput = z
  .strictObject({
    symbol: z.string().min(1),
    direction: z.enum(INSIGHT_DIRECTIONS),
    /** 0..1: how sure; the confidence-weighted portfolio sizes by it. */
    confidence: z.number().min(0).max(1),
    /** Expected move over the horizon, as a fraction (0.02 = 2%); optional. */
    magnitude: z.number().finite().optional(),
    horizonBars: z.number().int().positive().optional(),
    horizonMs: z.number().positive().optional(),
    /** Why, in words: it travels with every order the insight causes. */
    reason: z.string().min(1).max(500),
    /** Ties the legs of a pair or basket together (they expire together). */
    group: z.string().max(100).optional(),
  })
  .refine((i) => (i.horizonBars === undefined) !== (i.horizonMs === undefined), { message: 'give exactly one of horizonBars and horizonMs' });

export type InsightInput = z.input<typeof insightInput>;

export interface Insight {
  id: string;
  symbol: string;
  direction: InsightDirection;
  confidence: number;
  magnitude?: number;
  reason: string;
  group?: string;
  generatedAt: EpochMs;
  /** Time horizon: inactive from this time on (undefined: counted in bars). */
  expiresAt?: EpochMs;
  /** Bar horizon: the symbol's bars still to come before it expires (undefined: a time horizon). */
  barsLeft?: number;
}

/** Checks an insight as a strategy gave it; a bad one is refused with the field's name. */
export function makeInsight(input: InsightInput, id: string, now: EpochMs): Insight {
  const parsed = insightInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InsightError(`bad insight${issue.path.length > 0 ? ` (${issue.path.join('.')})` : ''}: ${issue.message}`);
  }
  const i = parsed.data;
  return {
    id,
    symbol: i.symbol,
    direction: i.direction,
    confidence: i.confidence,
    ...(i.magnitude !== undefined ? { magnitude: i.magnitude } : {}),
    reason: i.reason,
    ...(i.group !== undefined ? { group: i.group } : {}),
    generatedAt: now,
    ...(i.horizonMs !== undefined ? { expiresAt: now + i.horizonMs } : {}),
    ...(i.horizonBars !== undefined ? { barsLeft: i.horizonBars } : {}),
  };
}

/** A refused insight: the strategy's mistake (a bad field), thrown at the emitInsight call. */
export class InsightError extends Error {
  readonly code = 'BAD_REQUEST';
}
