import type { Bar, Timeframe } from '../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../src-shared/time.js';
import type { StrategyContext } from '../../kernel/strategy/types.js';

/**
 * The closes (and volumes) of every symbol of a universe, appended once per cross-section for the symbols that
 * printed a bar at that time: what the cross-sectional strategies regress, rank and test. Only bars already
 * handled are in it, so reading it cannot look ahead. Keeps at most `capacity` values per symbol.
 */
export class CloseHistory {
  private readonly closes = new Map<string, number[]>();
  private readonly volumes = new Map<string, number[]>();
  private readonly times = new Map<string, EpochMs[]>();

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

  private append(symbol: string, bar: Readonly<Bar>): void {
    let c = this.closes.get(symbol);
    if (c === undefined) {
      c = [];
      this.closes.set(symbol, c);
      this.volumes.set(symbol, []);
      this.times.set(symbol, []);
    }
    const v = this.volumes.get(symbol)!;
    const ts = this.times.get(symbol)!;
    c.push(bar.c);
    v.push(bar.v);
    ts.push(bar.t);
    // Trim in blocks: one splice per `capacity` bars instead of a shift per bar.
    if (c.length >= 2 * this.capacity) {
      c.splice(0, c.length - this.capacity);
      v.splice(0, v.length - this.capacity);
      ts.splice(0, ts.length - this.capacity);
    }
  }

  /** Number of closes held for the symbol. */
  length(symbol: string): number {
    return this.closes.get(symbol)?.length ?? 0;
  }

  /** The close `back` bars before the latest (0: the latest); NaN when there is no such bar. */
  close(symbol: string, back = 0): number {
    const c = this.closes.get(symbol);
    if (c === undefined || back >= c.length) return NaN;
    return c[c.length - 1 - back]!;
  }

  /** Time of the latest close of the symbol (NaN when none). */
  lastTime(symbol: string): EpochMs {
    const ts = this.times.get(symbol);
    return ts === undefined || ts.length === 0 ? NaN : ts[ts.length - 1]!;
  }

  /** The last `count` closes, oldest first (fewer when the history is shorter). */
  lastCloses(symbol: string, count: number): number[] {
    const c = this.closes.get(symbol) ?? [];
    return c.slice(Math.max(0, c.length - count));
  }

  /** The last `count` volumes, oldest first. */
  lastVolumes(symbol: string, count: number): number[] {
    const v = this.volumes.get(symbol) ?? [];
    return v.slice(Math.max(0, v.length - count));
  }

  /** Simple return from `from` bars back to `to` bars back (12-1 momentum: from 252, to 21); NaN when too short. */
  returnBetween(symbol: string, from: number, to: number): number {
    const a = this.close(symbol, from);
    const b = this.close(symbol, to);
    return a > 0 && b > 0 ? b / a - 1 : NaN;
  }
}
