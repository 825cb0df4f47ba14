import { DAY_MS, type TickKind } from '../history/ticks/tick-columns.js';
import type { TickStore } from '../history/ticks/tick-store.js';
import type { LiveQuote, LiveTrade } from './types.js';

export interface TickRecorderOptions {
  store: TickStore;
  /** Flush the buffers this often (default 1000 ms). */
  flushEveryMs?: number;
  /** Or as soon as this many ticks wait, whichever comes first (default 20,000). */
  maxRows?: number;
  /** Keeps the live stream on a recorded symbol while recording (returns the release). */
  hold(symbol: string): () => void;
  onError(message: string, error: unknown): void;
}

/** A growable set of Float64 columns: appending a tick is a few stores, not an object. */
class ColumnBuffer {
  n = 0;
  cols: Float64Array[];
  constructor(width: number) {
    this.cols = Array.from({ length: width }, () => new Float64Array(256));
  }
  push(values: readonly number[]): void {
    if (this.n === this.cols[0]!.length) {
      this.cols = this.cols.map((c) => {
        const bigger = new Float64Array(c.length * 2);
        bigger.set(c);
        return bigger;
      });
    }
    for (let i = 0; i < values.length; i++) this.cols[i]![this.n] = values[i]!;
    this.n++;
  }
  take(): Float64Array[] {
    const out = this.cols.map((c) => c.slice(0, this.n));
    this.n = 0;
    return out;
  }
}

/**
 * Records the live stream's quotes and trades of the symbols the trader turned on into the tick store. A tick is
 * appended to an in-memory column buffer; every second (or at `maxRows`) each buffer becomes one chunk, all in one
 * transaction: one SQLite write a second whatever the tick rate, a BLOB insert of ~40 bytes a quote, well under a
 * millisecond for the few thousand ticks a second IEX gives. The switch is persisted in history.sqlite.
 */
export class TickRecorder {
  private readonly on = new Map<string, () => void>();
  private readonly buffers = new Map<string, { quotes: ColumnBuffer; trades: ColumnBuffer }>();
  private pending = 0;
  private day: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Ticks written so far (diagnostics and tests). */
  written = 0;
  flushes = 0;

  constructor(private readonly options: TickRecorderOptions) {
    for (const { symbol } of options.store.recordingSymbols()) this.on.set(symbol, options.hold(symbol));
    this.timer = setInterval(() => this.flush(), options.flushEveryMs ?? 1000);
    // Days recorded before a restart are compacted on the first flush.
    this.day = 0;
    this.timer.unref();
  }

  /** Turns recording of one symbol on or off (persisted); returns the symbols recorded. */
  set(symbol: string, on: boolean): string[] {
    this.options.store.setRecording(symbol, on);
    const sym = symbol.trim().toUpperCase();
    if (on && !this.on.has(sym)) this.on.set(sym, this.options.hold(sym));
    if (!on) {
      this.flushSymbol(sym);
      this.on.get(sym)?.();
      this.on.delete(sym);
      this.buffers.delete(sym);
    }
    return this.symbols();
  }

  symbols(): string[] {
    return [...this.on.keys()].sort();
  }

  quote(q: LiveQuote): void {
    if (!this.on.has(q.symbol) || !(q.bid > 0 && q.ask > 0)) return;
    this.bufferOf(q.symbol).quotes.push([q.t, q.bid, q.bidSize, q.ask, q.askSize]);
    this.counted();
  }

  trade(t: LiveTrade): void {
    if (!this.on.has(t.symbol) || !(t.price > 0)) return;
    this.bufferOf(t.symbol).trades.push([t.t, t.price, t.size]);
    this.counted();
  }

  /** Writes every buffer as chunks in one transaction; on the first flush of a new UTC day, compacts the days before. */
  flush(now = Date.now()): void {
    const today = Math.floor(now / DAY_MS);
    if (this.day !== undefined && today > this.day) this.compactBefore(today);
    this.day = today;
    if (this.pending === 0) return;
    this.pending = 0;
    const writes: Array<[string, TickKind, Float64Array[]]> = [];
    for (const [symbol, b] of this.buffers) {
      if (b.quotes.n > 0) writes.push([symbol, 'quotes', b.quotes.take()]);
      if (b.trades.n > 0) writes.push([symbol, 'trades', b.trades.take()]);
    }
    try {
      this.options.store.db.transaction(() => {
        for (const [symbol, kind, c] of writes) {
          this.written += this.options.store.append(symbol, kind, kind === 'quotes'
            ? { t: c[0]!, bid: c[1]!, bidSize: c[2]!, ask: c[3]!, askSize: c[4]! }
            : { t: c[0]!, price: c[1]!, size: c[2]! });
        }
      })();
      this.flushes++;
    } catch (error) {
      this.options.onError('could not record ticks into the history store; this second of ticks is lost', error);
    }
  }

  /** Recorded days become one chunk each once they are over (a few ms a symbol, once a day). */
  private compactBefore(day: number): void {
    for (const symbol of this.on.keys()) {
      try {
        this.options.store.compact(symbol, day);
      } catch (error) {
        this.options.onError(`could not compact ${symbol}'s recorded ticks`, error);
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
    for (const release of this.on.values()) release();
    this.on.clear();
  }

  private flushSymbol(symbol: string): void {
    if (this.buffers.has(symbol)) this.flush();
  }

  private counted(): void {
    if (++this.pending >= (this.options.maxRows ?? 20_000)) this.flush();
  }

  private bufferOf(symbol: string): { quotes: ColumnBuffer; trades: ColumnBuffer } {
    let b = this.buffers.get(symbol);
    if (!b) {
      b = { quotes: new ColumnBuffer(5), trades: new ColumnBuffer(3) };
      this.buffers.set(symbol, b);
    }
    return b;
  }
}
