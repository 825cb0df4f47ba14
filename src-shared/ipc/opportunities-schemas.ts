import { z } from 'zod';

/** Most rows one published list carries (the best ones: the list is ranked). */
export const MAX_PUBLISHED_OPPORTUNITIES = 500;

/** One row of the scanner's ranked list, as the GUI receives it (src-main/discovery/signal.ts, Opportunity). */
export const opportunitySchema = z.strictObject({
  symbol: z.string().min(1).max(32),
  strategy: z.string().min(1).max(64),
  family: z.enum(['stock', 'arbitrage', 'options', 'microstructure', 'ml', 'ensemble']),
  direction: z.enum(['up', 'down']),
  /** Calibrated probability that the direction is right over the horizon. */
  confidence: z.number().min(0).max(1),
  rawConfidence: z.number().min(0).max(1),
  /** Expected return over the horizon (a fraction; negative for a down view). */
  expectedReturn: z.number().finite(),
  /** In bars of the scan's timeframe. */
  horizon: z.number().int().positive(),
  reason: z.string().max(500),
  source: z.enum(['insight', 'order']),
  regime: z.enum(['calm', 'normal', 'turbulent']),
  generatedAt: z.number(),
  barsAgo: z.number().int().min(0),
  calibratedOn: z.enum(['strategy+regime', 'strategy', 'none']),
  samples: z.number().int().min(0),
});
export type OpportunityDto = z.output<typeof opportunitySchema>;

/** A scan's ranked list, published after every bar close of the scan's timeframe (and on request). */
export const opportunityListSchema = z.strictObject({
  /** The bars' time the scan is as of (0: no scan yet). */
  asOf: z.number(),
  /** Wall time the list was made. */
  scannedAt: z.number(),
  timeframe: z.string(),
  symbols: z.number().int().min(0),
  strategies: z.array(z.string()).max(100),
  /** How long the worker took, bar close to list (ms). */
  scanMs: z.number().min(0),
  opportunities: z.array(opportunitySchema).max(MAX_PUBLISHED_OPPORTUNITIES),
  /** Strategies left out of the scan, with why. */
  skipped: z.array(z.strictObject({ strategy: z.string(), reason: z.string() })).max(100),
  /** Why there is no list (no universe yet, the worker failed), in words; absent when there is one. */
  problem: z.string().max(500).optional(),
});
export type OpportunityList = z.output<typeof opportunityListSchema>;
