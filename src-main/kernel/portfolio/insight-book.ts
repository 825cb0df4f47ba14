import type { EpochMs } from '../../../src-shared/time.js';
import type { Insight } from '../strategy/insight.js';

/**
 * The active insights of one strategy instance: the latest per symbol (a newer one replaces it, LEAN's rule), until
 * its horizon ends (time, or a count of the symbol's bars). Expiry and arrival mark the book changed, which is what
 * makes the portfolio layer rebalance; an expired symbol's target becomes zero.
 */
export class InsightBook {
  private readonly latest = new Map<string, Insight>();
  /** Symbols that ever had an insight: the portfolio layer manages (and may close) only these. */
  private readonly managed = new Set<string>();
  private changed = false;

  add(insight: Insight): void {
    this.latest.set(insight.symbol, insight);
    this.managed.add(insight.symbol);
    this.changed = true;
  }

  /** A bar of `symbol` completed: bar horizons count down. */
  onBar(symbol: string): void {
    const insight = this.latest.get(symbol);
    if (insight?.barsLeft === undefined) return;
    insight.barsLeft--;
    if (insight.barsLeft <= 0) this.expire(symbol);
  }

  /** Time horizons that ended by `now` expire (a whole group with its first leg). */
  advance(now: EpochMs): void {
    for (const [symbol, insight] of this.latest) if (insight.expiresAt !== undefined && insight.expiresAt <= now) this.expire(symbol);
  }

  /** Active insights, in the order they were last given. */
  active(): Insight[] {
    return [...this.latest.values()];
  }

  symbols(): string[] {
    return [...this.managed];
  }

  get(symbol: string): Insight | undefined {
    return this.latest.get(symbol);
  }

  /** Whether anything arrived or expired since the last call (then clears the mark). */
  takeChanged(): boolean {
    const was = this.changed;
    this.changed = false;
    return was;
  }

  /** A liquidation by risk cancels the insight, so the portfolio model does not buy straight back. */
  cancel(symbol: string): void {
    if (this.latest.delete(symbol)) this.changed = true;
  }

  private expire(symbol: string): void {
    const insight = this.latest.get(symbol);
    if (!insight) return;
    this.latest.delete(symbol);
    this.changed = true;
    if (insight.group === undefined) return;
    for (const [other, i] of this.latest) if (i.group === insight.group) this.latest.delete(other);
  }
}
