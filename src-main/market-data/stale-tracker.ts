/**
 * Which symbols are stale: no message for `staleAfterMs` while the market is open, or the stream is down.
 * `evaluate` returns only the symbols whose flag changed, so consumers hear each transition once.
 */
export class StaleTracker {
  private readonly lastMessage = new Map<string, number>();
  private readonly watchedSince = new Map<string, number>();
  private readonly flagged = new Set<string>();

  constructor(private readonly staleAfterMs: number) {}

  watch(symbol: string, now: number): void {
    if (!this.watchedSince.has(symbol)) this.watchedSince.set(symbol, now);
  }

  unwatch(symbol: string): void {
    this.watchedSince.delete(symbol);
    this.lastMessage.delete(symbol);
    this.flagged.delete(symbol);
  }

  /**
   * A message arrived; returns true when this made a stale symbol fresh. With `mayClear` false (the stream is
   * still filling a gap) the time is noted but the flag stays.
   */
  seen(symbol: string, now: number, mayClear = true): boolean {
    this.lastMessage.set(symbol, now);
    return mayClear && this.flagged.delete(symbol);
  }

  lastMessageAt(symbol: string): number | null {
    return this.lastMessage.get(symbol) ?? null;
  }

  isStale(symbol: string): boolean {
    return this.flagged.has(symbol);
  }

  /** Re-evaluates every watched symbol; returns those whose stale flag changed. */
  evaluate(now: number, marketOpen: boolean, streamUp: boolean): string[] {
    const changed: string[] = [];
    for (const [symbol, since] of this.watchedSince) {
      const last = this.lastMessage.get(symbol) ?? since;
      const stale = !streamUp || (marketOpen && now - last >= this.staleAfterMs);
      if (stale !== this.flagged.has(symbol)) {
        if (stale) this.flagged.add(symbol);
        else this.flagged.delete(symbol);
        changed.push(symbol);
      }
    }
    return changed;
  }
}
