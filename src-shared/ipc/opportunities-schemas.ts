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

/** The latest list, and how many distinct opportunities the scanner has found today (New York date). */
export const opportunitiesLatestResponse = z.strictObject({
  list: opportunityListSchema,
  /** Distinct (symbol, strategy, direction, signal time) rows first seen today by this run of the scanner. */
  discoveredToday: z.number().int().min(0),
  /** False until a window first asks: the scanner starts on demand, so a host that nobody watches does no scans. */
  running: z.boolean(),
});
export type OpportunitiesLatest = z.output<typeof opportunitiesLatestResponse>;

/** One bin of a reliability diagram (src-shared/discovery/calibration.ts, ReliabilityBin). */
export const reliabilityBinSchema = z.strictObject({
  from: z.number().min(0).max(1),
  to: z.number().min(0).max(1),
  predicted: z.number().min(0).max(1).nullable(),
  observed: z.number().min(0).max(1).nullable(),
  count: z.number().int().min(0),
});

/** A strategy's record: each outcome predicted by a calibrator fitted only on outcomes ended before it. */
export const strategyCalibrationSchema = z.strictObject({
  strategy: z.string(),
  samples: z.number().int().min(0),
  hitRate: z.number().min(0).max(1).nullable(),
  brier: z.number().min(0).nullable(),
  reliability: z.array(reliabilityBinSchema).max(100),
});
export type StrategyCalibrationDto = z.output<typeof strategyCalibrationSchema>;

export const opportunitiesReliabilityResponse = z.strictObject({
  asOf: z.number(),
  calibration: z.array(strategyCalibrationSchema).max(100),
});
export type OpportunitiesReliability = z.output<typeof opportunitiesReliabilityResponse>;
