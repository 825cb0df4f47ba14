import { brierScore, reliabilityBins } from '../../src-shared/discovery/calibration.js';
import { Calibrator } from './calibrator.js';
import type { ScoredOutcome, StrategyCalibration } from './signal.js';

/**
 * The reliability diagram that proves the calibration, made honestly: each outcome is predicted by a calibrator
 * fitted only on outcomes that had ended before its signal was generated (what the scanner could have reported at
 * the time), never by one that has seen it. The calibrator is refitted whenever the known record has grown by a
 * tenth (and at least 10 outcomes), so the cost stays near n log n.
 */
export function prequentialCalibration(outcomes: readonly ScoredOutcome[], strategies: readonly string[]): StrategyCalibration[] {
  const byStart = outcomes.slice().sort((a, b) => a.generatedAt - b.generatedAt);
  const byEnd = outcomes.slice().sort((a, b) => a.endedAt - b.endedAt);
  const pairs = new Map<string, Array<{ predicted: number; hit: boolean }>>(strategies.map((s) => [s, []]));
  let known = 0;
  let fittedAt = -1;
  let calibrator = new Calibrator([]);
  for (const o of byStart) {
    while (known < byEnd.length && byEnd[known]!.endedAt < o.generatedAt) known++;
    if (fittedAt < 0 || known >= Math.max(fittedAt + 10, fittedAt * 1.1)) {
      calibrator = new Calibrator(byEnd.slice(0, known));
      fittedAt = known;
    }
    const predicted = calibrator.calibrate(o.strategy, o.regime, o.rawConfidence, o.magnitude ?? undefined).probability;
    let list = pairs.get(o.strategy);
    if (!list) pairs.set(o.strategy, (list = []));
    list.push({ predicted, hit: o.hit });
  }
  return [...pairs].map(([strategy, list]) => {
    const hits = list.reduce((n, p) => n + (p.hit ? 1 : 0), 0);
    return { strategy, samples: list.length, hitRate: list.length > 0 ? hits / list.length : null, brier: brierScore(list), reliability: reliabilityBins(list) };
  });
}
