/**
 * Reference counts of symbols across consumers: the stream is told about a symbol only when its first consumer
 * arrives and only when its last one leaves, however many tabs, bots and alerts share it.
 */
export class RefCounts {
  private readonly counts = new Map<string, number>();

  /** Adds one reference to each symbol; returns the symbols that had none before. */
  acquire(symbols: Iterable<string>): string[] {
    const first: string[] = [];
    for (const symbol of symbols) {
      const count = this.counts.get(symbol) ?? 0;
      if (count === 0) first.push(symbol);
      this.counts.set(symbol, count + 1);
    }
    return first;
  }

  /** Removes one reference from each symbol; returns the symbols that now have none. */
  release(symbols: Iterable<string>): string[] {
    const last: string[] = [];
    for (const symbol of symbols) {
      const count = this.counts.get(symbol) ?? 0;
      if (count <= 1) {
        if (count === 1) last.push(symbol);
        this.counts.delete(symbol);
      } else {
        this.counts.set(symbol, count - 1);
      }
    }
    return last;
  }

  count(symbol: string): number {
    return this.counts.get(symbol) ?? 0;
  }

  symbols(): string[] {
    return [...this.counts.keys()];
  }
}
