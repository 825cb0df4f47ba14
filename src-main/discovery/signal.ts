import type { InsightDirection } from '../kernel/strategy/insight.js';
import type { StrategyFamily } from '../kernel/strategy/types.js';
import type { EpochMs } from '../../src-shared/time.js';
import type { ReliabilityBin } from '../../src-shared/discovery/calibration.js';

/**
 * Where a signal came from. `insight`: the strategy emitted it (with its own confidence and horizon). `order`: the
 * strategy only sends orders, so the scanner reads an order that opens or adds to a position as a view in its
 * direction (raw confidence 0.5, the scanner's default horizon); its confidence then comes from calibration alone.
 */
export type SignalSource = 'insight' | 'order';

/** A view on one symbol from one strategy at one bar, before calibration. */
export interface Signal {
  strategy: string;
  symbol: string;
  direction: Exclude<InsightDirection, 'flat'>;
  /** 0..1 as the strategy gave it (0.5 for order signals). */
  rawConfidence: number;
  /** The strategy's expected move over the horizon (a fraction), when it gave one. */
  magnitude?: number;
  /** Horizon in the symbol's bars. */
  horizonBars: number;
  reason: string;
  source: SignalSource;
  generatedAt: EpochMs;
  /** Index of the symbol's bar at generatedAt in its bar columns. */
  barIndex: number;
}

export const VOLATILITY_REGIMES = ['calm', 'normal', 'turbulent'] as const;
export type VolatilityRegime = (typeof VOLATILITY_REGIMES)[number];

/** A signal whose horizon has ended, with what happened. */
export interface ScoredOutcome {
  strategy: string;
  symbol: string;
  direction: 'up' | 'down';
  source: SignalSource;
  rawConfidence: number;
  magnitude: number | null;
  regime: VolatilityRegime;
  generatedAt: EpochMs;
  endedAt: EpochMs;
  horizonBars: number;
  /** The close-to-close return of the symbol over the horizon. */
  realizedReturn: number;
  hit: boolean;
  /** Realized move in the signal's direction minus the expected magnitude (null: no magnitude given). */
  magnitudeError: number | null;
}

/** Which outcomes the reported confidence was calibrated on. */
export type CalibrationBasis = 'strategy+regime' | 'strategy' | 'none';

/** One row of the scanner's ranked list. */
export interface Opportunity {
  symbol: string;
  strategy: string;
  family: StrategyFamily;
  direction: 'up' | 'down';
  /** Calibrated probability that the direction is right over the horizon (0..1). */
  confidence: number;
  rawConfidence: number;
  /** Expected return of the symbol over the horizon (signed: negative for a down view). */
  expectedReturn: number;
  /** In the symbol's bars. */
  horizon: number;
  reason: string;
  source: SignalSource;
  regime: VolatilityRegime;
  generatedAt: EpochMs;
  /** Bars since the signal (0: at the scan's bar). */
  barsAgo: number;
  calibratedOn: CalibrationBasis;
  /** Outcomes behind the calibration. */
  samples: number;
}

export interface StrategyCalibration {
  strategy: string;
  samples: number;
  hitRate: number | null;
  brier: number | null;
  /** Predicted (as known before each outcome) against observed. */
  reliability: ReliabilityBin[];
}

export interface ScanResult {
  asOf: EpochMs;
  opportunities: Opportunity[];
  calibration: StrategyCalibration[];
  /** Strategies left out, with why (too few symbols, a required input). */
  skipped: Array<{ strategy: string; reason: string }>;
}

/**
 * A view from outside the bar strategies (the news insight source): the scanner ranks it beside theirs while it
 * runs, and scores it against the bars when its horizon ends, so its confidence is calibrated like theirs.
 */
export interface ExternalSignal {
  strategy: string;
  family: StrategyFamily;
  symbol: string;
  direction: 'up' | 'down';
  rawConfidence: number;
  horizonBars: number;
  reason: string;
  generatedAt: EpochMs;
}
