import type { EpochMs } from '../../../src-shared/time.js';

/** Halt intervals per symbol (fault injection), so history generated later still leaves the halt silent. */
export class HaltBook {
  private readonly intervals = new Map<string, { from: EpochMs; to: EpochMs }[]>();

  isHalted(symbol: string): boolean {
    const list = this.intervals.get(symbol);
    const last = list?.[list.length - 1];
    return last !== undefined && last.to === Infinity;
  }

  /** Returns whether the state changed. */
  set(symbol: string, halted: boolean, now: EpochMs): boolean {
    if (halted === this.isHalted(symbol)) return false;
    const list = this.intervals.get(symbol) ?? [];
    if (halted) list.push({ from: now, to: Infinity });
    else (list[list.length - 1] as { to: EpochMs }).to = now;
    this.intervals.set(symbol, list);
    return true;
  }

  haltedAt(symbol: string, t: EpochMs): boolean {
    const list = this.intervals.get(symbol);
    if (!list) return false;
    for (const i of list) if (t >= i.from && t < i.to) return true;
    return false;
  }

  /** The start of the halt covering `t`, if any (latest prices then come from before it). */
  haltStart(symbol: string, t: EpochMs): EpochMs | undefined {
    for (const i of this.intervals.get(symbol) ?? []) if (t >= i.from && t < i.to) return i.from;
    return undefined;
  }
}
