import type { Bar } from '../../src-shared/domain/bar.js';
import { columnsFromBars, type BarColumns as SharedBarColumns } from '../../src-shared/domain/bar-columns.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { exactSmaSeries } from './exact-sma.js';
import { indicatorLineSeries } from './indicator-lines.js';

/** One symbol's bars as columns: the engine's hot loop reads typed arrays and allocates nothing per bar. */
export interface BarColumns extends SharedBarColumns {
  symbol: string;
}

export function toColumns(symbol: string, bars: readonly Bar[]): BarColumns {
  for (let i = 1; i < bars.length; i++) {
    if (bars[i]!.t <= bars[i - 1]!.t) throw new CodedError('BAD_REQUEST', `${symbol}: bar ${i} is not later than the bar before it`);
  }
  return { symbol, ...columnsFromBars(bars) };
}

/** Trades of one symbol as columns, in time order. */
export interface TradeColumns {
  t: Float64Array;
  price: Float64Array;
  size: Float64Array;
}

/** Quotes (top of book) of one symbol as columns, in time order. */
export interface QuoteColumns {
  t: Float64Array;
  bid: Float64Array;
  bidSize: Float64Array;
  ask: Float64Array;
  askSize: Float64Array;
}

/** The trades and quotes of one symbol, where the data has them: the engine hands them to onTrade and onQuote. */
export interface TickColumns {
  trades?: TradeColumns;
  quotes?: QuoteColumns;
}

export function toTradeColumns(trades: ReadonlyArray<{ t: number; price: number; size: number }>): TradeColumns {
  return { t: Float64Array.from(trades, (x) => x.t), price: Float64Array.from(trades, (x) => x.price), size: Float64Array.from(trades, (x) => x.size) };
}

export function toQuoteColumns(quotes: ReadonlyArray<{ t: number; bid: number; bidSize: number; ask: number; askSize: number }>): QuoteColumns {
  return {
    t: Float64Array.from(quotes, (x) => x.t),
    bid: Float64Array.from(quotes, (x) => x.bid),
    bidSize: Float64Array.from(quotes, (x) => x.bidSize),
    ask: Float64Array.from(quotes, (x) => x.ask),
    askSize: Float64Array.from(quotes, (x) => x.askSize),
  };
}

/**
 * The data of one run, prepared once and shared by every run over it (a sweep runs thousands): the merged
 * timeline over all symbols (step k is bar `stepBar[k]` of symbol `stepSym[k]`, in time order, symbols in
 * their given order within a timestamp), the distinct timestamps, and a cache of indicator series.
 */
export class MarketData {
  readonly symbols: string[];
  // The timeline is not readonly only so that GrowingMarketData (growing-market-data.ts) can append to it; nothing
  // else writes to it.
  stepSym: Int32Array;
  stepBar: Int32Array;
  /** Index into `times` of each step. */
  stepTime: Int32Array;
  /** Distinct timestamps, ascending. Equity is marked once per entry. */
  times: Float64Array;
  /** First step of each time index (length times.length + 1). */
  timeStart: Int32Array;
  /** Bumped each time bars are appended (GrowingMarketData): a run's indicator lines and longer bars then refresh. */
  version = 0;
  /** True for data that grows while runs over it are warm (GrowingMarketData). */
  get grows(): boolean {
    return false;
  }
  private readonly series = new Map<string, Float64Array>();
  private readonly lineCache = new Map<string, Record<string, Float64Array>>();
  /** Trades and quotes by symbol index (undefined: bars only). */
  readonly ticks: Array<TickColumns | undefined>;

  constructor(readonly columns: readonly BarColumns[]) {
    if (columns.length === 0) throw new CodedError('BAD_REQUEST', 'a backtest needs bars of at least one symbol');
    this.symbols = columns.map((c) => c.symbol);
    if (new Set(this.symbols).size !== this.symbols.length) throw new CodedError('BAD_REQUEST', 'a symbol is given twice');
    const total = columns.reduce((n, c) => n + c.t.length, 0);
    this.stepSym = new Int32Array(total);
    this.stepBar = new Int32Array(total);
    this.stepTime = new Int32Array(total);
    const single = columns.length === 1 ? singleTimeline(columns[0]!.t) : undefined;
    if (single) {
      // One symbol with distinct times: step k is bar k at time k; no merge to do.
      this.stepBar.set(single.steps);
      this.stepTime.set(single.steps);
      // Shared, not copied: nothing writes to a run's times or its bars.
      this.times = columns[0]!.t;
      this.timeStart = single.starts;
      this.ticks = [undefined];
      return;
    }
    // Typed and sized up front: a million pushes onto number[] (and the merge in a constructor that runs once, on
    // the interpreter until on-stack replacement) cost more than the backtest they prepare.
    const times = new Float64Array(total);
    const starts = new Int32Array(total + 1);
    let distinct = 0;
    const next = new Int32Array(columns.length);
    // Many symbols: the merge's order from a heap (total x log symbols, not total x symbols: 75M compares for 500
    // symbols of 300 bars); the same order, so only the loop below that reads it differs.
    const order = columns.length > HEAP_MERGE_ABOVE ? heapMergeOrder(columns, total) : undefined;
    for (let k = 0; k < total; k++) {
      if (order !== undefined) {
        const best = order[k]!;
        const bestT = columns[best]!.t[next[best]!]!;
        if (distinct === 0 || times[distinct - 1] !== bestT) {
          times[distinct] = bestT;
          starts[distinct] = k;
          distinct++;
        }
        this.stepSym[k] = best;
        this.stepBar[k] = next[best]!;
        this.stepTime[k] = distinct - 1;
        next[best]!++;
        continue;
      }
      // k-way merge by time; ties keep the symbols' given order.
      let best = -1;
      let bestT = Infinity;
      for (let s = 0; s < columns.length; s++) {
        const i = next[s]!;
        const col = columns[s]!;
        if (i < col.t.length && col.t[i]! < bestT) {
          bestT = col.t[i]!;
          best = s;
        }
      }
      if (distinct === 0 || times[distinct - 1] !== bestT) {
        times[distinct] = bestT;
        starts[distinct] = k;
        distinct++;
      }
      this.stepSym[k] = best;
      this.stepBar[k] = next[best]!;
      this.stepTime[k] = distinct - 1;
      next[best]!++;
    }
    starts[distinct] = total;
    this.times = times.slice(0, distinct);
    this.timeStart = starts.slice(0, distinct + 1);
    this.ticks = columns.map(() => undefined);
  }

  /** Adds a symbol's trades and quotes (each in non-decreasing time order). */
  setTicks(symbol: string, ticks: TickColumns): void {
    const s = this.symbolIndex(symbol);
    if (s < 0) throw new CodedError('BAD_REQUEST', `trades or quotes for ${symbol}, which has no bars in this run`);
    for (const [kind, t] of [['trade', ticks.trades?.t], ['quote', ticks.quotes?.t]] as const) {
      if (!t) continue;
      for (let i = 1; i < t.length; i++) {
        if (!(t[i]! >= t[i - 1]!)) throw new CodedError('BAD_REQUEST', `${symbol}: ${kind} ${i} is earlier than the ${kind} before it`);
      }
    }
    this.ticks[s] = ticks;
  }

  get steps(): number {
    return this.stepSym.length;
  }

  symbolIndex(symbol: string): number {
    // A map, not indexOf: the portfolio view asks once per symbol per cross-section (60 x 60 compares a day).
    this.indexBySymbol ??= new Map(this.symbols.map((s, i) => [s, i]));
    return this.indexBySymbol.get(symbol) ?? -1;
  }

  private indexBySymbol: Map<string, number> | undefined;

  /** SMA of the close of one symbol, element i after bar i; computed once per data set and period. */
  smaSeries(symbolIndex: number, period: number): Float64Array {
    const key = smaSeriesKey(symbolIndex, period);
    let values = this.series.get(key);
    if (!values) {
      // Bit for bit the streaming Sma's values (exact-sma.ts), at a fraction of its cost.
      values = exactSmaSeries(this.columns[symbolIndex]!.c, period);
      this.series.set(key, values);
    }
    return values;
  }

  /**
   * A warm run's hold on one indicator's lines (see LineFeed). Data that never grows has nothing to feed: its lines
   * are the cached ones, whole.
   */
  indicatorFeed(symbolIndex: number, id: string, params: Readonly<Record<string, number>>, benchmarkIndex = -1): LineFeed {
    const lines = this.indicatorLines(symbolIndex, id, params, benchmarkIndex);
    return { refresh: () => undefined, lines: () => lines };
  }

  /** smaFeed's form for data that never grows: the cached series. */
  smaFeed(symbolIndex: number, period: number): SmaFeed {
    const series = this.smaSeries(symbolIndex, period);
    return { refresh: () => undefined, series: () => series };
  }

  /** Lines of any strategy-API indicator of one symbol (benchmark: a pair indicator's second symbol, or -1); cached. */
  indicatorLines(symbolIndex: number, id: string, params: Readonly<Record<string, number>>, benchmarkIndex = -1): Record<string, Float64Array> {
    const key = `${symbolIndex}:lines:${id}:${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}:${benchmarkIndex}`;
    let lines = this.lineCache.get(key);
    if (!lines) {
      lines = indicatorLineSeries(id, params, this.columns[symbolIndex]!, benchmarkIndex < 0 ? undefined : this.columns[benchmarkIndex]);
      this.lineCache.set(key, lines);
    }
    return lines;
  }

  /** Puts a series computed elsewhere (a sweep's shared memory) into the cache under its key. */
  seedSeries(key: string, values: Float64Array): void {
    this.series.set(key, values);
  }

  /** The time index of the first timestamp at or after `t` (times.length when none). */
  timeIndexAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Symbols above which the timeline is merged with a heap. */
const HEAP_MERGE_ABOVE = 16;

/**
 * The symbol of each step of the merged timeline: by time, ties to the lower symbol index, each symbol's bars in
 * order (the linear merge's order exactly: it takes the first symbol with the smallest next time).
 */
function heapMergeOrder(columns: readonly BarColumns[], total: number): Int32Array {
  const out = new Int32Array(total);
  const next = new Int32Array(columns.length);
  const heap = new Int32Array(columns.length);
  let size = 0;
  const key = (s: number): number => columns[s]!.t[next[s]!]!;
  const less = (a: number, b: number): boolean => {
    const ta = key(a);
    const tb = key(b);
    return ta < tb || (ta === tb && a < b);
  };
  const down = (from: number): void => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) return;
      const r = l + 1;
      const m = r < size && less(heap[r]!, heap[l]!) ? r : l;
      if (!less(heap[m]!, heap[i]!)) return;
      const x = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = x;
      i = m;
    }
  };
  for (let s = 0; s < columns.length; s++) if (columns[s]!.t.length > 0) heap[size++] = s;
  for (let i = (size >> 1) - 1; i >= 0; i--) down(i);
  for (let k = 0; k < total; k++) {
    const s = heap[0]!;
    out[k] = s;
    next[s]!++;
    if (next[s]! >= columns[s]!.t.length) heap[0] = heap[--size]!;
    down(0);
  }
  return out;
}

/** 0..n-1 as the steps and 0..n as the time starts of one symbol whose times all differ; undefined otherwise. */
function singleTimeline(t: Float64Array): { steps: Int32Array; starts: Int32Array } | undefined {
  const n = t.length;
  for (let i = 1; i < n; i++) if (!(t[i]! > t[i - 1]!)) return undefined;
  const starts = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) starts[i] = i;
  return { steps: starts.subarray(0, n), starts };
}

/** The cache key of a close-price SMA series: the same in the main thread and in sweep workers. */
/**
 * One indicator's lines kept for a warm run over growing data: `refresh` feeds the bars appended since, and `lines`
 * returns the same object until the lines move to bigger buffers. A buffer may run past the data's end: element i is
 * read only once bar i exists (at a symbol's cursor), never past it.
 */
export interface LineFeed {
  refresh(): void;
  lines(): Readonly<Record<string, Float64Array>>;
}

/** LineFeed for the SMA of the close. */
export interface SmaFeed {
  refresh(): void;
  series(): Float64Array;
}

export function smaSeriesKey(symbolIndex: number, period: number): string {
  return `${symbolIndex}:sma:${period}`;
}
