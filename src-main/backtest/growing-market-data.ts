import type { Bar } from '../../src-shared/domain/bar.js';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { exactSmaSeries } from './exact-sma.js';
import { IndicatorLineStream } from './indicator-lines.js';
import { MarketData, type BarColumns, type LineFeed, type SmaFeed } from './market-data.js';

const FIELDS = ['t', 'o', 'h', 'l', 'c', 'v'] as const;

interface Buffers {
  t: Float64Array;
  o: Float64Array;
  h: Float64Array;
  l: Float64Array;
  c: Float64Array;
  v: Float64Array;
  length: number;
}

function bigger<T extends Float64Array | Int32Array>(a: T, need: number): T {
  if (a.length >= need) return a;
  const out = new (a.constructor as new (n: number) => T)(Math.max(16, need, a.length * 2));
  out.set(a);
  return out;
}

/**
 * Market data that grows at its end: a live scan keeps one run of each strategy warm over it and hands each run only
 * the timestamps appended since its last advance (engine.ts startEngine). Every column and the merged timeline live
 * in buffers that double when full, so appending a timestamp copies nothing of the history. The result is the same
 * MarketData a fresh constructor would build over the same bars: steps in time order, symbols in their given order
 * within a timestamp. Indicator series are extended on their next read, not recomputed: an SMA from the last
 * `period` bars (its value is the exactly rounded window sum over the period, whatever computed it), any other
 * indicator by feeding its streaming form, kept since, only the new bars (the same updates in the same order).
 */
export class GrowingMarketData extends MarketData {
  private readonly buffers: Buffers[];
  private sym: Int32Array;
  private bar: Int32Array;
  private stepT: Int32Array;
  private timesBuf: Float64Array;
  private startsBuf: Int32Array;
  private used: number;

  /**
   * `buffers`: each column's arrays at their full capacity (the columns are views of their first `length`). Every
   * buffer starts at twice what it holds, as the first append would double it: the live scanner's first close then
   * copies no history (it did, for every column, stream and SMA at once: the slowest close of a session).
   */
  private constructor(columns: BarColumns[], buffers: Buffers[]) {
    super(columns);
    this.buffers = buffers;
    this.used = this.stepSym.length;
    this.sym = bigger(this.stepSym, 2 * this.used);
    this.bar = bigger(this.stepBar, 2 * this.used);
    this.stepT = bigger(this.stepTime, 2 * this.used);
    this.timesBuf = bigger(this.times, 2 * this.times.length);
    this.startsBuf = bigger(this.timeStart, 2 * this.timeStart.length);
  }

  /** Copies the bars (the caller's arrays are never written to). */
  static from(columns: readonly BarColumns[]): GrowingMarketData {
    const buffers = columns.map((c): Buffers => {
      const n = c.t.length;
      const copy = (a: Float64Array): Float64Array => {
        const out = new Float64Array(Math.max(16, 2 * n));
        out.set(a.subarray(0, n));
        return out;
      };
      return { t: copy(c.t), o: copy(c.o), h: copy(c.h), l: copy(c.l), c: copy(c.c), v: copy(c.v), length: n };
    });
    const views = columns.map((c, k): BarColumns => {
      const b = buffers[k]!;
      const n = b.length;
      return { symbol: c.symbol, t: b.t.subarray(0, n), o: b.o.subarray(0, n), h: b.h.subarray(0, n), l: b.l.subarray(0, n), c: b.c.subarray(0, n), v: b.v.subarray(0, n) };
    });
    return new GrowingMarketData(views, buffers);
  }

  override get grows(): boolean {
    return true;
  }

  get lastTime(): number {
    return this.times.length > 0 ? this.times[this.times.length - 1]! : -Infinity;
  }

  /**
   * Appends one timestamp: a bar at `t` for some of the symbols (each once), later than every bar so far. A bar at
   * or before the last time, or of a symbol the data does not have, is refused (BAD_REQUEST): the caller rebuilds.
   */
  appendTime(t: number, bars: ReadonlyArray<{ symbol: string; bar: Bar }>): void {
    if (!(t > this.lastTime)) throw new CodedError('BAD_REQUEST', `a bar at ${new Date(t).toISOString()} is not later than the data's last`);
    const order: Array<{ s: number; bar: Bar }> = [];
    for (const { symbol, bar } of bars) {
      const s = this.symbolIndex(symbol);
      if (s < 0) throw new CodedError('BAD_REQUEST', `${symbol} is not in this data`);
      if (bar.t !== t) throw new CodedError('BAD_REQUEST', `${symbol}: a bar at ${bar.t} in the timestamp ${t}`);
      order.push({ s, bar });
    }
    order.sort((a, b) => a.s - b.s);
    for (let k = 1; k < order.length; k++) if (order[k]!.s === order[k - 1]!.s) throw new CodedError('BAD_REQUEST', `${this.symbols[order[k]!.s]} has two bars at ${t}`);
    if (order.length === 0) return;
    const n = this.times.length;
    const need = this.used + order.length;
    this.sym = bigger(this.sym, need);
    this.bar = bigger(this.bar, need);
    this.stepT = bigger(this.stepT, need);
    this.timesBuf = bigger(this.timesBuf, n + 1);
    this.startsBuf = bigger(this.startsBuf, n + 2);
    const columns = this.columns as BarColumns[];
    for (const { s, bar } of order) {
      const b = this.buffers[s]!;
      const i = b.length;
      if (i === b.t.length) for (const f of FIELDS) b[f] = bigger(b[f], i + 1);
      for (const f of FIELDS) b[f][i] = bar[f];
      b.length = i + 1;
      columns[s] = { symbol: this.symbols[s]!, t: b.t.subarray(0, i + 1), o: b.o.subarray(0, i + 1), h: b.h.subarray(0, i + 1), l: b.l.subarray(0, i + 1), c: b.c.subarray(0, i + 1), v: b.v.subarray(0, i + 1) };
      this.sym[this.used] = s;
      this.bar[this.used] = i;
      this.stepT[this.used] = n;
      this.used++;
    }
    this.timesBuf[n] = t;
    this.startsBuf[n] = this.used - order.length;
    this.startsBuf[n + 1] = this.used;
    this.stepSym = this.sym.subarray(0, this.used);
    this.stepBar = this.bar.subarray(0, this.used);
    this.stepTime = this.stepT.subarray(0, this.used);
    this.times = this.timesBuf.subarray(0, n + 1);
    this.timeStart = this.startsBuf.subarray(0, n + 2);
    this.version++;
  }

  private readonly smas = new Map<string, { buf: Float64Array; len: number }>();
  private readonly streams = new Map<string, IndicatorLineStream>();

  override smaSeries(symbolIndex: number, period: number): Float64Array {
    const known = this.smaRecord(symbolIndex, period);
    this.extendSma(symbolIndex, period, known);
    return known.buf.subarray(0, known.len);
  }

  override smaFeed(symbolIndex: number, period: number): SmaFeed {
    const known = this.smaRecord(symbolIndex, period);
    const refresh = () => this.extendSma(symbolIndex, period, known);
    refresh();
    return { refresh, series: () => known.buf };
  }

  private smaRecord(symbolIndex: number, period: number): { buf: Float64Array; len: number } {
    const key = `${symbolIndex}:${period}`;
    let known = this.smas.get(key);
    if (!known) {
      const c = this.columns[symbolIndex]!.c;
      // Room for as many bars again (see the constructor).
      known = { buf: bigger(exactSmaSeries(c, period), 2 * c.length), len: c.length };
      this.smas.set(key, known);
    }
    return known;
  }

  private extendSma(symbolIndex: number, period: number, known: { buf: Float64Array; len: number }): void {
    const c = this.columns[symbolIndex]!.c;
    const n = c.length;
    if (known.len >= n) return;
    if (known.buf.length < n) known.buf = bigger(known.buf, n);
    // The windows that end at the new bars need only the period - 1 bars before them.
    const from = Math.max(0, known.len - period + 1);
    const tail = exactSmaSeries(c.subarray(from), period);
    known.buf.set(tail.subarray(known.len - from), known.len);
    known.len = n;
  }

  /** Streams by the parameters object a run passes again on each refresh: no key to build per symbol per close. */
  private readonly byParams = new WeakMap<object, Map<string, IndicatorLineStream>>();

  override indicatorLines(symbolIndex: number, id: string, params: Readonly<Record<string, number>>, benchmarkIndex = -1): Record<string, Float64Array> {
    const stream = this.stream(symbolIndex, id, params, benchmarkIndex);
    stream.extend(this.columns[symbolIndex]!, benchmarkIndex < 0 ? undefined : this.columns[benchmarkIndex]);
    return stream.lines();
  }

  /** The stream bound once: each refresh only feeds it, with no lookup, and no new lines object unless it grew. */
  override indicatorFeed(symbolIndex: number, id: string, params: Readonly<Record<string, number>>, benchmarkIndex = -1): LineFeed {
    const stream = this.stream(symbolIndex, id, params, benchmarkIndex);
    const refresh = () => stream.extend(this.columns[symbolIndex]!, benchmarkIndex < 0 ? undefined : this.columns[benchmarkIndex]);
    refresh();
    return { refresh, lines: () => stream.bufferLines() };
  }

  private stream(symbolIndex: number, id: string, params: Readonly<Record<string, number>>, benchmarkIndex: number): IndicatorLineStream {
    let known = this.byParams.get(params);
    if (!known) this.byParams.set(params, (known = new Map()));
    const short = `${symbolIndex}:${id}:${benchmarkIndex}`;
    let stream = known.get(short);
    if (!stream) {
      const key = `${symbolIndex}:${id}:${JSON.stringify(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)))}:${benchmarkIndex}`;
      stream = this.streams.get(key);
      if (!stream) this.streams.set(key, (stream = new IndicatorLineStream(id, params, benchmarkIndex >= 0, true)));
      known.set(short, stream);
    }
    return stream;
  }
}
