import type { Bar, Timeframe } from '../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { StrategyContext } from '../../kernel/strategy/types.js';

/**
 * The closes (and volumes) of every symbol of a universe, appended once per cross-section for the symbols that
 * printed a bar at that time: what the cross-sectional strategies regress, rank and test. Only bars already
 * handled are in it, so reading it cannot look ahead. Keeps at most `capacity` values per symbol.
 */
/** One symbol's columns (closes, volumes, times), trimmed in blocks. */
interface Columns {
  c: number[];
  v: number[];
  t: EpochMs[];
}

export class CloseHistory {
  private readonly bySymbol = new Map<string, Columns>();
  /** The last symbol looked up and its columns: strategies ask about one symbol several times in a row. */
  private lastSymbol = '';
  private lastColumns: Columns | undefined;

  constructor(private readonly capacity: number) {}

  private seeded = false;

  /**
   * Before the first cross-section: the bars the runtime already holds from before `t` (a walk-forward window's
   * warm-up, a live bot's history), so a strategy whose own history starts with the run is not cold for a year.
   * In a run from the data's first bar there is nothing before `t` and this adds nothing.
   */
  seed(ctx: Pick<StrategyContext, 'bars' | 'universe'>, t: EpochMs, timeframe: Timeframe): void {
    if (this.seeded) return;
    this.seeded = true;
    for (const symbol of ctx.universe) {
      for (const bar of ctx.bars(symbol, timeframe, this.capacity + 1)) if (bar.t < t) this.append(symbol, bar);
    }
  }

  /** Appends the bars printed at `t` (a symbol whose latest bar is older did not trade at `t` and is skipped). */
  push(t: EpochMs, bars: ReadonlyMap<string, Readonly<Bar>>): void {
    for (const [symbol, bar] of bars) if (bar.t === t) this.append(symbol, bar);
  }

  private columns(symbol: string): Columns | undefined {
    if (symbol === this.lastSymbol && this.lastColumns !== undefined) return this.lastColumns;
    const columns = this.bySymbol.get(symbol);
    if (columns !== undefined) {
      this.lastSymbol = symbol;
      this.lastColumns = columns;
    }
    return columns;
  }

  private append(symbol: string, bar: Readonly<Bar>): void {
    let col = this.columns(symbol);
    if (col === undefined) {
      col = { c: [], v: [], t: [] };
      this.bySymbol.set(symbol, col);
    }
    col.c.push(bar.c);
    col.v.push(bar.v);
    col.t.push(bar.t);
    // Trim in blocks: one splice per `capacity` bars instead of a shift per bar.
    if (col.c.length >= 2 * this.capacity) {
      col.c.splice(0, col.c.length - this.capacity);
      col.v.splice(0, col.v.length - this.capacity);
      col.t.splice(0, col.t.length - this.capacity);
    }
  }

  /** Number of closes held for the symbol. */
  length(symbol: string): number {
    return this.columns(symbol)?.c.length ?? 0;
  }

  /** The close `back` bars before the latest (0: the latest); NaN when there is no such bar. */
  close(symbol: string, back = 0): number {
    const c = this.columns(symbol)?.c;
    if (c === undefined || back >= c.length) return NaN;
    return c[c.length - 1 - back]!;
  }

  /** The volume `back` bars before the latest (0: the latest); NaN when there is no such bar. */
  volume(symbol: string, back = 0): number {
    const v = this.columns(symbol)?.v;
    if (v === undefined || back >= v.length) return NaN;
    return v[v.length - 1 - back]!;
  }

  /** Time of the latest close of the symbol (NaN when none). */
  lastTime(symbol: string): EpochMs {
    const ts = this.columns(symbol)?.t;
    return ts === undefined || ts.length === 0 ? NaN : ts[ts.length - 1]!;
  }

  /**
   * The simple returns of the symbol's last `count` bars, oldest first, written into `rows[i][column]` (the same
   * numbers as from lastCloses(symbol, count + 1): close[i + 1] / close[i] - 1, with nothing allocated); false, and
   * nothing written, when fewer than count + 1 closes are held.
   */
  returnsInto(symbol: string, count: number, rows: ReadonlyArray<Float64Array>, column: number): boolean {
    const c = this.columns(symbol)?.c;
    if (c === undefined || c.length < count + 1) return false;
    const base = c.length - count - 1;
    for (let i = 0; i < count; i++) rows[i]![column] = c[base + i + 1]! / c[base + i]! - 1;
    return true;
  }

  /** The last `count` closes, oldest first (fewer when the history is shorter). */
  lastCloses(symbol: string, count: number): number[] {
    const c = this.columns(symbol)?.c ?? [];
    return c.slice(Math.max(0, c.length - count));
  }

  /** The last `count` volumes, oldest first. */
  lastVolumes(symbol: string, count: number): number[] {
    const v = this.columns(symbol)?.v ?? [];
    return v.slice(Math.max(0, v.length - count));
  }

  /** Simple return from `from` bars back to `to` bars back (12-1 momentum: from 252, to 21); NaN when too short. */
  returnBetween(symbol: string, from: number, to: number): number {
    const a = this.close(symbol, from);
    const b = this.close(symbol, to);
    return a > 0 && b > 0 ? b / a - 1 : NaN;
  }
}
