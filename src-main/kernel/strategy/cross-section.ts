import type { Bar } from '../../../src-shared/domain/bar.js';
import type { EpochMs } from '../../../src-shared/time.js';

/**
 * Cross-sectional helpers: ranks of one value per symbol at one time (momentum's "top decile", rotation's "best
 * N"). Ties share the mean of their ranks, so the result does not depend on the map's order; NaN values are left
 * out (a symbol whose indicator is not ready yet has no rank).
 */

/** Percentile rank in [0, 1] per symbol: 0 the lowest value, 1 the highest (a single value ranks 1). */
export function crossSectionalRank(values: ReadonlyMap<string, number>): Map<string, number> {
  const entries = [...values].filter(([, v]) => !Number.isNaN(v)).sort((a, b) => a[1] - b[1]);
  const out = new Map<string, number>();
  const n = entries.length;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && entries[j + 1]![1] === entries[i]![1]) j++;
    const rank = n === 1 ? 1 : (i + j) / 2 / (n - 1);
    for (let k = i; k <= j; k++) out.set(entries[k]![0], rank);
    i = j + 1;
  }
  return out;
}

/** The `n` symbols with the highest values (or lowest with `lowest`), best first; ties broken by symbol name. */
export function topN(values: ReadonlyMap<string, number>, n: number, lowest = false): string[] {
  const sign = lowest ? 1 : -1;
  return [...values]
    .filter(([, v]) => !Number.isNaN(v))
    .sort((a, b) => sign * (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, Math.max(0, n))
    .map(([s]) => s);
}

/**
 * Live side of onCrossSection: bars arrive one symbol at a time, so a timestamp's cross-section is due when every
 * symbol of the universe has a bar at (or after) it, or when a later bar of any symbol shows that time is over (a
 * symbol that did not trade keeps its previous bar), or when the host says so (`flush`, on a timer after the bar's
 * period). Emits each timestamp once, in order.
 */
export class CrossSectionGate {
  private readonly latest = new Map<string, Bar>();
  /** The bar before the latest, per symbol: the later bar that closes a timestamp must not hide its own bar at it. */
  private readonly previous = new Map<string, Bar>();
  private pending: EpochMs | undefined;
  private lastEmitted = -Infinity;

  constructor(private readonly universe: readonly string[]) {}

  /** A symbol's completed bar; returns the timestamps whose cross-section is now due (oldest first). */
  push(symbol: string, bar: Readonly<Bar>): EpochMs[] {
    const due: EpochMs[] = [];
    if (this.pending !== undefined && bar.t > this.pending) {
      // A later bar: the pending time is over, even if some symbol never printed at it.
      due.push(this.pending);
      this.lastEmitted = this.pending;
      this.pending = undefined;
    }
    const last = this.latest.get(symbol);
    if (last !== undefined) this.previous.set(symbol, last);
    this.latest.set(symbol, { ...bar });
    if (bar.t <= this.lastEmitted) return due;
    this.pending = this.pending === undefined ? bar.t : Math.max(this.pending, bar.t);
    if (this.universe.every((s) => (this.latest.get(s)?.t ?? -Infinity) >= this.pending!)) {
      due.push(this.pending);
      this.lastEmitted = this.pending;
      this.pending = undefined;
    }
    return due;
  }

  /** The pending timestamp, when its time is up (`now` past the bar's period): due now even if symbols are missing. */
  flush(): EpochMs | undefined {
    const t = this.pending;
    if (t === undefined) return undefined;
    this.lastEmitted = t;
    this.pending = undefined;
    return t;
  }

  get pendingSince(): EpochMs | undefined {
    return this.pending;
  }

  /** The latest bar of every symbol at or before `t` (what onCrossSection receives). */
  snapshot(t: EpochMs): Map<string, Bar> {
    const out = new Map<string, Bar>();
    for (const s of this.universe) {
      const latest = this.latest.get(s);
      const bar = latest !== undefined && latest.t <= t ? latest : this.previous.get(s);
      if (bar !== undefined && bar.t <= t) out.set(s, bar);
    }
    return out;
  }
}
