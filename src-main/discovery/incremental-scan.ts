import type { Bar, Timeframe } from '../../src-shared/domain/bar.js';
import type { BarColumns } from '../backtest/market-data.js';
import { GrowingMarketData } from '../backtest/growing-market-data.js';
import { periodsPerYear } from '../backtest/metrics.js';
import type { StrategyFamily } from '../kernel/strategy/types.js';
import { barAtOrBefore, startCapture, type SignalCapture } from './capture.js';
import { prequentialCalibration } from './reliability.js';
import { DEFAULT_ORDER_HORIZON_BARS, familiesOf, outcomeKey, outcomeRecord, rankOpportunities, type ScanOutput, type ScanStrategy } from './scanner.js';
import { scoreSignals } from './scoring.js';
import type { ExternalSignal, ScanResult, ScoredOutcome, Signal } from './signal.js';

export interface IncrementalScanOptions {
  strategies: readonly ScanStrategy[];
  orderHorizonBars?: number;
  timeframe?: Timeframe;
}

/** One strategy's warm run and every signal it has given since the data was built. */
interface Run {
  name: string;
  capture: SignalCapture | undefined;
  /** Why the strategy is left out (too few symbols, or it failed: its signals are then dropped, as a fresh scan would). */
  skipped: string | undefined;
  signals: Signal[];
  /** outcomes[i]: signal i's outcome once its horizon has ended (undefined while running, or with no valid price). */
  outcomes: Array<ScoredOutcome | undefined>;
  /** Indices of the signals still running, ascending. */
  open: number[];
  /** The outcome keys of its signals (outcomeRecord's), to know whether two could replace one another. */
  keys: Set<string>;
  /** Two of its signals share a key: the record must then be deduplicated as outcomeRecord does. */
  duplicates: boolean;
}

/**
 * The opportunity scanner kept warm between closes. The bars live in growing data, and one shadow run of each
 * strategy (capture.ts) stays started over them; a close appends its bars and advances each run over that timestamp
 * only, so it costs work in proportion to symbols x strategies, not to the history. Signals are scored as their
 * horizons end; the ranked list is built from the signals still running.
 *
 * The answer is the one scan() gives over the same bars (the whole of them: no window): the same runs see the same
 * bars in the same order, indicator series are recomputed over the grown columns (each value depends only on bars up
 * to its own), and the record is assembled in scan()'s order, so calibration's sums agree to the last bit. Where that
 * cannot hold it starts again from the bars: a bar at or before the last timestamp (a late or corrected bar: the
 * runs have already passed that time) or of a symbol the data lacks.
 *
 * What is not incremental: the record behind calibration is refitted on each scan from every outcome so far (sorting
 * them by raw confidence: the isotonic fit), which grows with the number of scored signals, not with bars x strategies.
 * The record itself is assembled without a key per outcome when none can replace another (see record).
 */
export class IncrementalScanner {
  private data: GrowingMarketData | undefined;
  private runs: Run[] = [];
  private pending: Array<{ symbol: string; bar: Bar }> = [];
  private stale = true;
  private readonly horizon: number;
  private readonly perYear: number;
  /** Views from other sources (news), each once by strategy, symbol and time; kept across rebuilds. */
  private readonly external = new Map<string, ExternalSignal>();
  private readonly families: Map<string, StrategyFamily>;
  /** How many times the runs were built from the bars (the first scan, then each late or corrected bar). */
  rebuilds = 0;

  constructor(
    /** Every bar so far, per symbol (the worker's UniverseBars): read when the runs are (re)built. */
    private readonly source: () => readonly BarColumns[],
    private readonly options: IncrementalScanOptions,
  ) {
    this.horizon = options.orderHorizonBars ?? DEFAULT_ORDER_HORIZON_BARS;
    this.perYear = periodsPerYear(options.timeframe ?? '1Day');
    this.families = familiesOf(options.strategies);
  }

  /** A closed bar the source has just taken in (UniverseBars.add accepted it); the next scan takes it in here. */
  add(symbol: string, bar: Bar): void {
    this.pending.push({ symbol, bar });
  }

  /** The source changed in a way bars cannot say (a new load): the next scan builds from it. */
  reset(): void {
    this.stale = true;
    this.pending = [];
  }

  scan(options: { priorOutcomes?: readonly ScoredOutcome[]; withReliability?: boolean; external?: readonly ExternalSignal[] } = {}): ScanOutput {
    let scored: ScoredOutcome[];
    const fresh: ExternalSignal[] = [];
    for (const e of options.external ?? []) {
      const key = `${e.strategy}\u0000${e.symbol}\u0000${e.generatedAt}`;
      if (this.external.has(key)) continue;
      this.external.set(key, e);
      fresh.push(e);
    }
    if (this.stale || !this.data || !this.appendPending(this.data)) scored = this.build();
    else {
      this.addExternal(fresh);
      scored = this.advance();
    }
    this.pending = [];
    this.stale = false;
    const data = this.data;
    const skipped: ScanResult['skipped'] = this.runs.flatMap((r) => (r.skipped !== undefined ? [{ strategy: r.name, reason: r.skipped }] : []));
    if (!data) return { asOf: -Infinity, opportunities: [], calibration: [], skipped: [], outcomes: [] };
    const asOf = data.lastTime;
    const record = this.record(asOf, options.priorOutcomes);
    const running: Signal[] = [];
    for (const r of this.runs) for (const i of r.open) running.push(r.signals[i]!);
    const bySymbol = new Map(data.columns.map((c) => [c.symbol, c]));
    const opportunities = rankOpportunities(running, record, bySymbol, this.families, this.perYear);
    const names = this.runs.filter((r) => r.skipped === undefined).map((r) => r.name);
    const calibration = options.withReliability === false ? [] : prequentialCalibration(record, names);
    return { asOf, opportunities, calibration, skipped, outcomes: scored };
  }

  /** Appends the pending bars, a timestamp at a time; false when one cannot be appended (the runs must be rebuilt). */
  private appendPending(data: GrowingMarketData): boolean {
    if (this.pending.length === 0) return true;
    const byTime = new Map<number, Map<string, Bar>>();
    for (const { symbol, bar } of this.pending) {
      if (bar.t <= data.lastTime || data.symbolIndex(symbol) < 0) return false;
      let at = byTime.get(bar.t);
      if (!at) byTime.set(bar.t, (at = new Map()));
      // A bar at the same time again replaces the one before it (a corrected bar before the scan took it in).
      at.set(symbol, bar);
    }
    for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
      data.appendTime(t, [...byTime.get(t)!].map(([symbol, bar]) => ({ symbol, bar })));
    }
    return true;
  }

  /** Starts every run over the source's bars; answers every outcome scored. */
  private build(): ScoredOutcome[] {
    this.rebuilds++;
    const columns = this.source().filter((c) => c.t.length > 0);
    this.data = columns.length > 0 ? GrowingMarketData.from(columns) : undefined;
    this.runs = this.options.strategies.map((strategy) => ({ name: strategy.definition.name, capture: undefined, skipped: undefined, signals: [], outcomes: [], open: [], keys: new Set(), duplicates: false }));
    const data = this.data;
    if (!data) return [];
    this.options.strategies.forEach((strategy, k) => {
      const r = this.runs[k]!;
      const min = strategy.definition.minSymbols ?? 1;
      if (columns.length < min) {
        r.skipped = `trades at least ${min} symbols; the universe has ${columns.length}`;
        return;
      }
      try {
        r.capture = startCapture(strategy.definition, strategy.params, data, { orderHorizonBars: this.horizon });
      } catch (error) {
        this.fail(r, error);
      }
    });
    this.addExternal([...this.external.values()]);
    return this.advance();
  }

  /**
   * External views join the open signals of their source's run (after the strategies' runs), at the symbol's last
   * bar at or before their time; a view of a symbol without bars by then is left out.
   */
  private addExternal(list: readonly ExternalSignal[]): void {
    const data = this.data;
    if (!data) return;
    for (const e of list.slice().sort((a, b) => a.generatedAt - b.generatedAt)) {
      const s = data.symbolIndex(e.symbol);
      if (s < 0) continue;
      const barIndex = barAtOrBefore(data.columns[s]!.t, e.generatedAt);
      if (barIndex < 0) continue;
      let r = this.runs.find((x) => x.name === e.strategy && x.capture === undefined && x.skipped === undefined);
      if (!r) this.runs.push((r = { name: e.strategy, capture: undefined, skipped: undefined, signals: [], outcomes: [], open: [], keys: new Set(), duplicates: false }));
      this.families.set(e.strategy, e.family);
      r.open.push(r.signals.length);
      const signal: Signal = { strategy: e.strategy, symbol: e.symbol, direction: e.direction, rawConfidence: e.rawConfidence, horizonBars: e.horizonBars, reason: e.reason, source: 'insight', generatedAt: e.generatedAt, barIndex };
      r.signals.push(signal);
      this.noteKey(r, signal);
      r.outcomes.push(undefined);
    }
  }

  /** Advances every run over the timestamps appended since; scores the signals whose horizon has now ended. */
  private advance(): ScoredOutcome[] {
    const data = this.data!;
    const columnsOf = (symbol: string): BarColumns | undefined => {
      const s = data.symbolIndex(symbol);
      return s < 0 ? undefined : data.columns[s];
    };
    const scored: ScoredOutcome[] = [];
    for (const r of this.runs) {
      if (r.skipped !== undefined) continue;
      if (r.capture) {
        let fresh: Signal[];
        try {
          fresh = r.capture.advance();
        } catch (error) {
          this.fail(r, error);
          continue;
        }
        for (const s of fresh) {
          r.open.push(r.signals.length);
          r.signals.push(s);
          this.noteKey(r, s);
          r.outcomes.push(undefined);
        }
      }
      const still: number[] = [];
      for (const i of r.open) {
        const s = r.signals[i]!;
        if (s.barIndex + s.horizonBars < data.columns[data.symbolIndex(s.symbol)]!.t.length) {
          const [o] = scoreSignals([s], columnsOf, this.perYear);
          if (o) {
            r.outcomes[i] = o;
            scored.push(o);
          }
        } else still.push(i);
      }
      r.open = still;
    }
    return scored;
  }

  /**
   * outcomeRecord's answer. With no prior record and no two signals of a strategy under one key (the usual case:
   * an outcome's key holds its strategy), no outcome replaces another and the record is the outcomes in order: no
   * key is built per outcome per scan, which cost a few milliseconds a close at a few thousand outcomes.
   */
  private record(asOf: number, prior: readonly ScoredOutcome[] | undefined): ScoredOutcome[] {
    const names = new Set<string>();
    let distinct = prior === undefined;
    for (const r of this.runs) {
      if (r.duplicates || names.has(r.name)) distinct = false;
      names.add(r.name);
    }
    return distinct ? [...this.scoredInOrder()] : outcomeRecord(prior, asOf, this.scoredInOrder());
  }

  /** Notes a signal's key in its run (see record). */
  private noteKey(r: Run, s: Signal): void {
    const key = outcomeKey(s);
    if (r.keys.has(key)) r.duplicates = true;
    else r.keys.add(key);
  }

  /** Every outcome so far in scan()'s order: strategy by strategy, each in the order its signals were given. */
  private *scoredInOrder(): Generator<ScoredOutcome> {
    for (const r of this.runs) for (const o of r.outcomes) if (o) yield o;
  }

  private fail(r: Run, error: unknown): void {
    r.skipped = error instanceof Error ? error.message : String(error);
    r.capture = undefined;
    r.signals = [];
    r.outcomes = [];
    r.open = [];
    r.keys = new Set();
    r.duplicates = false;
  }
}
