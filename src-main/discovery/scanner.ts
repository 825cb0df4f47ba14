import type { Timeframe } from '../../src-shared/domain/bar.js';
import type { EpochMs } from '../../src-shared/time.js';
import { MarketData, type BarColumns } from '../backtest/market-data.js';
import { periodsPerYear } from '../backtest/metrics.js';
import type { StrategyDefinition, StrategyFamily } from '../kernel/strategy/types.js';
import { barAtOrBefore, captureSignals } from './capture.js';
import { Calibrator } from './calibrator.js';
import { volatilityRegime } from './regime.js';
import { prequentialCalibration } from './reliability.js';
import { scoreSignals } from './scoring.js';
import type { Opportunity, ScanResult, ScoredOutcome, Signal } from './signal.js';

/** Horizon given to a signal read from an order (a strategy that emits no insight says none). */
export const DEFAULT_ORDER_HORIZON_BARS = 5;

export interface ScanStrategy {
  definition: StrategyDefinition;
  params: unknown;
}

export interface ScanRequest {
  /** The universe's bars (any length; only bars at or before `asOf` are read). */
  columns: readonly BarColumns[];
  strategies: readonly ScanStrategy[];
  /** Scan as of this time (default: the latest bar of any symbol). */
  asOf?: EpochMs;
  /** Read only the last N bars of each symbol up to asOf (a live scan's bound on work); default: all. */
  window?: number;
  orderHorizonBars?: number;
  /** Outcomes scored before (the store's record); only those ended by asOf are used. */
  priorOutcomes?: readonly ScoredOutcome[];
  timeframe?: Timeframe;
  /** Leave out the reliability diagrams (a live scan on every bar makes them on request instead). */
  withReliability?: boolean;
}

export interface ScanOutput extends ScanResult {
  /** Outcomes scored in this scan (the live scanner stores them). */
  outcomes: ScoredOutcome[];
}

/** Columns cut to bars at or before `asOf`, the last `window` of them. */
function clip(col: BarColumns, asOf: number, window: number | undefined): BarColumns | undefined {
  const end = barAtOrBefore(col.t, asOf) + 1;
  if (end <= 0) return undefined;
  const start = window === undefined ? 0 : Math.max(0, end - window);
  if (start === 0 && end === col.t.length) return col;
  const cut = (a: Float64Array): Float64Array => a.subarray(start, end);
  return { symbol: col.symbol, t: cut(col.t), o: cut(col.o), h: cut(col.h), l: cut(col.l), c: cut(col.c), v: cut(col.v) };
}

export function outcomeKey(o: Pick<ScoredOutcome, 'strategy' | 'symbol' | 'generatedAt' | 'direction' | 'source'>): string {
  return `${o.strategy}\u0000${o.symbol}\u0000${o.generatedAt}\u0000${o.direction}\u0000${o.source}`;
}

/**
 * The opportunity scanner's pure core. Every strategy runs in a shadow run over the universe's bars up to `asOf`
 * (capture.ts); its signals whose horizon has ended are scored against the bars that followed (still up to asOf);
 * the record, with the prior one, calibrates each strategy's confidence per volatility regime; the signals still
 * running at asOf (the latest per strategy and symbol) become the ranked list: by calibrated confidence, then by
 * the size of the expected return, then by symbol and strategy. Nothing after asOf is read: the bars are cut first.
 */
export function scan(request: ScanRequest): ScanOutput {
  const asOf = request.asOf ?? request.columns.reduce((m, c) => (c.t.length > 0 ? Math.max(m, c.t[c.t.length - 1]!) : m), -Infinity);
  const perYear = periodsPerYear(request.timeframe ?? '1Day');
  const horizon = request.orderHorizonBars ?? DEFAULT_ORDER_HORIZON_BARS;
  const columns: BarColumns[] = [];
  for (const c of request.columns) {
    const cut = clip(c, asOf, request.window);
    if (cut) columns.push(cut);
  }
  const skipped: ScanResult['skipped'] = [];
  if (columns.length === 0) return { asOf, opportunities: [], calibration: [], skipped, outcomes: [] };
  const bySymbol = new Map(columns.map((c) => [c.symbol, c]));
  const data = new MarketData(columns);
  const signals: Signal[] = [];
  for (const s of request.strategies) {
    const min = s.definition.minSymbols ?? 1;
    if (columns.length < min) {
      skipped.push({ strategy: s.definition.name, reason: `trades at least ${min} symbols; the universe has ${columns.length}` });
      continue;
    }
    try {
      for (const signal of captureSignals(s.definition, s.params, data, { orderHorizonBars: horizon })) signals.push(signal);
    } catch (error) {
      skipped.push({ strategy: s.definition.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const outcomes = scoreSignals(signals, (symbol) => bySymbol.get(symbol), perYear);
  const all = outcomeRecord(request.priorOutcomes, asOf, outcomes);
  // The latest running signal per strategy and symbol.
  const running = signals.filter((s) => s.barIndex + s.horizonBars >= bySymbol.get(s.symbol)!.t.length);
  const opportunities = rankOpportunities(running, all, bySymbol, familiesOf(request.strategies), perYear);
  const names = request.strategies.map((s) => s.definition.name).filter((n) => !skipped.some((k) => k.strategy === n));
  const calibration = request.withReliability === false ? [] : prequentialCalibration(all, names);
  return { asOf, opportunities, calibration, skipped, outcomes };
}

export function familiesOf(strategies: readonly ScanStrategy[]): Map<string, StrategyFamily> {
  return new Map(strategies.map((s) => [s.definition.name, s.definition.family ?? 'stock']));
}

/**
 * The record the calibration learns from: the prior outcomes ended by asOf, then this scan's (an outcome scored
 * again replaces the earlier one with the same strategy, symbol, time, direction and source), in that order: the
 * calibrator's sums depend on it to the last bit.
 */
export function outcomeRecord(prior: readonly ScoredOutcome[] | undefined, asOf: number, scored: Iterable<ScoredOutcome>): ScoredOutcome[] {
  const record = new Map<string, ScoredOutcome>();
  for (const o of prior ?? []) if (o.endedAt <= asOf) record.set(outcomeKey(o), o);
  for (const o of scored) record.set(outcomeKey(o), o);
  return [...record.values()];
}

/**
 * The ranked list from the signals still running (in the order they were captured: per strategy, in time order):
 * the latest per strategy and symbol, its confidence calibrated on the record in the symbol's volatility regime now;
 * by calibrated confidence, then by the size of the expected return, then by symbol and strategy.
 */
export function rankOpportunities(
  running: Iterable<Signal>,
  record: readonly ScoredOutcome[],
  bySymbol: ReadonlyMap<string, BarColumns>,
  families: ReadonlyMap<string, StrategyFamily>,
  perYear: number,
): Opportunity[] {
  const calibrator = new Calibrator(record);
  const latest = new Map<string, Signal>();
  for (const s of running) {
    const key = `${s.strategy}\u0000${s.symbol}`;
    const prev = latest.get(key);
    if (!prev || s.generatedAt >= prev.generatedAt) latest.set(key, s);
  }
  const opportunities: Opportunity[] = [];
  for (const s of latest.values()) {
    const col = bySymbol.get(s.symbol)!;
    const regime = volatilityRegime(col.c, col.t.length - 1, perYear);
    const c = calibrator.calibrate(s.strategy, regime, s.rawConfidence, s.magnitude);
    const sign = s.direction === 'up' ? 1 : -1;
    opportunities.push({
      symbol: s.symbol,
      strategy: s.strategy,
      family: families.get(s.strategy) ?? 'stock',
      direction: s.direction,
      confidence: c.probability,
      rawConfidence: s.rawConfidence,
      expectedReturn: sign * c.expectedMove,
      horizon: s.horizonBars,
      reason: s.reason,
      source: s.source,
      regime,
      generatedAt: s.generatedAt,
      barsAgo: col.t.length - 1 - s.barIndex,
      calibratedOn: c.basis,
      samples: c.samples,
    });
  }
  opportunities.sort(
    (a, b) =>
      b.confidence - a.confidence ||
      Math.abs(b.expectedReturn) - Math.abs(a.expectedReturn) ||
      (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0) ||
      (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0),
  );
  return opportunities;
}
