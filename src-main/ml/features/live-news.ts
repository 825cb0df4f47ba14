import type { GrowingNews, ScoredHeadline } from './feature.js';

/**
 * One symbol's headlines as a strategy receives them (onNews), kept as the append-only, time-ordered list the
 * news features read in place (FeatureContext.liveNews). The features walk the list once with two cursors, so
 * each bar costs only the headlines that arrived since the last one.
 */
export class LiveNews implements GrowingNews {
  readonly items: ScoredHeadline[] = [];

  /**
   * Adds a headline. `floor` is the close of the last bar the symbol's features already processed: a headline
   * that arrives late (published before that close, e.g. a slow live wire) cannot change a bar already decided,
   * so it is stamped at that close and counts in the next bar's window instead. It is also never placed before
   * the newest one held, which keeps the list in time order. In a backtest neither clamp moves anything: the
   * engine delivers headlines in time order, each before the first bar whose close is after it.
   */
  append(t: number, score: number, floor = -Infinity): void {
    if (!Number.isFinite(t) || !Number.isFinite(score)) return;
    const newest = this.items.length > 0 ? this.items[this.items.length - 1]!.t : -Infinity;
    this.items.push({ t: Math.max(t, floor, newest), score });
  }
}
