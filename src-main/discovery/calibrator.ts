import { applyIsotonic, fitIsotonic, type IsotonicModel } from '../../src-shared/discovery/calibration.js';
import type { CalibrationBasis, ScoredOutcome, VolatilityRegime } from './signal.js';

/** Fewest outcomes of a (strategy, regime) cell before it is used on its own instead of the strategy's whole record. */
export const MIN_CELL_OUTCOMES = 30;

interface Cell {
  model: IsotonicModel;
  /** Mean move in the signal's direction (a fraction). */
  meanMove: number;
  /** Mean of realized move minus expected magnitude, over outcomes that gave a magnitude (0: none did). */
  meanMagnitudeError: number;
  samples: number;
}

export interface Calibrated {
  /** Probability that the direction is right. */
  probability: number;
  /** Expected move in the signal's direction (a fraction; negative: the record says it tends to go the other way). */
  expectedMove: number;
  basis: CalibrationBasis;
  samples: number;
}

function cellOf(outcomes: readonly ScoredOutcome[]): Cell {
  let move = 0;
  let err = 0;
  let withMagnitude = 0;
  for (const o of outcomes) {
    move += o.direction === 'up' ? o.realizedReturn : -o.realizedReturn;
    if (o.magnitudeError !== null) {
      err += o.magnitudeError;
      withMagnitude++;
    }
  }
  return {
    model: fitIsotonic(outcomes.map((o) => ({ confidence: o.rawConfidence, hit: o.hit }))),
    meanMove: outcomes.length > 0 ? move / outcomes.length : 0,
    meanMagnitudeError: withMagnitude > 0 ? err / withMagnitude : 0,
    samples: outcomes.length,
  };
}

/**
 * Confidence earned from the record: per strategy and volatility regime, the isotonic map from raw confidence to
 * hit rate (src-shared/discovery/calibration.ts says why isotonic), falling back to the strategy's whole record
 * when the regime's cell has fewer than MIN_CELL_OUTCOMES, and to no knowledge (0.5, no expected move) when the
 * strategy has no record at all.
 */
export class Calibrator {
  private readonly byStrategy = new Map<string, Cell>();
  /** Strategy, then regime: nested maps, so neither the fit nor a lookup builds a key string per outcome. */
  private readonly byCell = new Map<string, Map<VolatilityRegime, Cell>>();

  constructor(outcomes: readonly ScoredOutcome[]) {
    const groups = new Map<string, { all: ScoredOutcome[]; regimes: Map<VolatilityRegime, ScoredOutcome[]> }>();
    for (const o of outcomes) {
      let g = groups.get(o.strategy);
      if (!g) groups.set(o.strategy, (g = { all: [], regimes: new Map() }));
      g.all.push(o);
      let c = g.regimes.get(o.regime);
      if (!c) g.regimes.set(o.regime, (c = []));
      c.push(o);
    }
    for (const [k, g] of groups) {
      this.byStrategy.set(k, cellOf(g.all));
      const cells = new Map<VolatilityRegime, Cell>();
      for (const [regime, c] of g.regimes) if (c.length >= MIN_CELL_OUTCOMES) cells.set(regime, cellOf(c));
      if (cells.size > 0) this.byCell.set(k, cells);
    }
  }

  calibrate(strategy: string, regime: VolatilityRegime, rawConfidence: number, magnitude?: number): Calibrated {
    const cell = this.byCell.get(strategy)?.get(regime);
    const whole = this.byStrategy.get(strategy);
    const use = cell ?? whole;
    if (!use) return { probability: 0.5, expectedMove: magnitude !== undefined ? Math.abs(magnitude) : 0, basis: 'none', samples: 0 };
    const expectedMove = magnitude !== undefined ? Math.abs(magnitude) + use.meanMagnitudeError : use.meanMove;
    return { probability: applyIsotonic(use.model, rawConfidence), expectedMove, basis: cell ? 'strategy+regime' : 'strategy', samples: use.samples };
  }
}
