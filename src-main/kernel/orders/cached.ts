/** A cached value older than its bound that could not be refreshed: the risk check refuses (RISK_DATA_STALE). */
export class StaleDataError extends Error {
  readonly code = 'RISK_DATA_STALE';
  constructor(
    readonly ageMs: number,
    override readonly cause: unknown,
  ) {
    super(`the last value is ${Math.round(ageMs / 1000)} s old and could not be refreshed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StaleDataError';
  }
}

/**
 * A value fetched from the broker and kept for a while: fresh within `ttlMs`; stale but usable within `maxAgeMs`
 * (then it is refreshed in the background, so the order path never waits on it); beyond that, fetched first.
 */
export class Cached<T> {
  private value: T | undefined;
  private at = -Infinity;
  private pending: Promise<T> | undefined;

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<T> {
    const age = this.now() - this.at;
    if (this.value !== undefined && age <= this.ttlMs) return this.value;
    if (this.value !== undefined && age <= this.maxAgeMs) {
      void this.refresh().catch(() => undefined);
      return this.value;
    }
    if (this.value === undefined) return this.refresh();
    // Too old to use: a fresh value or a refusal that says how old the last one is, never the old value.
    try {
      return await this.refresh();
    } catch (error) {
      throw new StaleDataError(this.now() - this.at, error);
    }
  }

  /** How old the value is (Infinity before the first fetch). */
  ageMs(): number {
    return this.now() - this.at;
  }

  peek(): T | undefined {
    return this.value;
  }

  /** A value that arrived without a fetch (pushed by a stream): fresh from now, as if just fetched. */
  offer(value: T): void {
    this.value = value;
    this.at = this.now();
  }

  /** Marks the value stale: the next read still gets it (within maxAge) and refreshes it in the background. */
  invalidate(): void {
    this.at = Math.min(this.at, this.now() - this.ttlMs - 1);
  }

  refresh(): Promise<T> {
    if (this.pending) return this.pending;
    const started = this.now();
    this.pending = this.fetch()
      .then((value) => {
        // A value offered while the fetch ran (a streamed quote) is newer than the answer: it stays.
        if (started >= this.at) {
          this.value = value;
          this.at = started;
        }
        return this.value ?? value;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
