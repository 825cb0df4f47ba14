import type { BarColumns } from '../backtest/market-data.js';
import { volatilityRegime } from './regime.js';
import type { ScoredOutcome, Signal } from './signal.js';

/**
 * Scores each signal whose horizon has ended by the last bar of its symbol's columns: close at the signal's bar to
 * close `horizonBars` bars later; a hit when that return has the signal's sign (a zero move is a miss: the view
 * earned nothing). Signals still running are left out. The columns must end at the scan's time: scoring looks
 * no further than they reach.
 */
export function scoreSignals(signals: readonly Signal[], columnsOf: (symbol: string) => BarColumns | undefined, periodsPerYear: number): ScoredOutcome[] {
  const out: ScoredOutcome[] = [];
  for (const s of signals) {
    const col = columnsOf(s.symbol);
    if (!col) continue;
    const end = s.barIndex + s.horizonBars;
    if (end >= col.t.length) continue;
    const entry = col.c[s.barIndex]!;
    const exit = col.c[end]!;
    if (!(entry > 0) || !(exit > 0)) continue;
    const realizedReturn = exit / entry - 1;
    const signed = s.direction === 'up' ? realizedReturn : -realizedReturn;
    out.push({
      strategy: s.strategy,
      symbol: s.symbol,
      direction: s.direction,
      source: s.source,
      rawConfidence: s.rawConfidence,
      magnitude: s.magnitude ?? null,
      regime: volatilityRegime(col.c, s.barIndex, periodsPerYear),
      generatedAt: s.generatedAt,
      endedAt: col.t[end]!,
      horizonBars: s.horizonBars,
      realizedReturn,
      hit: signed > 0,
      magnitudeError: s.magnitude === undefined ? null : signed - Math.abs(s.magnitude),
    });
  }
  return out;
}
