/**
 * A token bucket in front of every REST request: Alpaca allows about 200 requests a minute per key, so the
 * adapter waits for a token instead of spending requests on 429s. If a 429 still arrives (another client on
 * the same key), `pauseUntil` holds every caller until the server's reset time.
 */
export interface TokenBucketOptions {
  capacity: number;
  /** Tokens added per millisecond. */
  refillPerMs: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Waiters are served in order, so a burst cannot starve an earlier caller. */
  private queue: Promise<void> = Promise.resolve();
  private waitedMs = 0;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? (() => Date.now());
    this.sleep = options.sleep ?? sleepMs;
    this.tokens = options.capacity;
    this.updatedAt = this.now();
  }

  static perMinute(requests: number, options: Omit<TokenBucketOptions, 'capacity' | 'refillPerMs'> = {}): TokenBucket {
    return new TokenBucket({ capacity: requests, refillPerMs: requests / 60_000, ...options });
  }

  /** Resolves when the caller may send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // A cancelled waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: nobody sends before `time`, and the bucket restarts empty. */
  pauseUntil(time: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, time);
    this.tokens = 0;
    this.updatedAt = Math.max(this.now(), this.pausedUntil);
  }

  /** The bucket's time source (epoch ms), so a server's reset time is compared on the same clock. */
  clock(): number {
    return this.now();
  }

  /** Total time callers spent waiting, for health and tests. */
  get totalWaitMs(): number {
    return this.waitedMs;
  }

  get available(): number {
    this.refill();
    return this.tokens;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const now = this.now();
      if (now < this.pausedUntil) {
        await this.wait(this.pausedUntil - now, signal);
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.wait(Math.ceil((1 - this.tokens) / this.options.refillPerMs), signal);
    }
  }

  private async wait(ms: number, signal?: AbortSignal): Promise<void> {
    this.waitedMs += ms;
    await this.sleep(ms, signal);
  }

  private refill(): void {
    const now = this.now();
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.options.capacity, this.tokens + (now - this.updatedAt) * this.options.refillPerMs);
    this.updatedAt = now;
  }
}

function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
