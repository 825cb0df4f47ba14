/**
 * Alpaca's per-key request limit: a fixed window (200 a minute by default). Every answer reports the window,
 * as Alpaca's `X-Ratelimit-*` headers do, so clients can pace themselves before they ever see a 429.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the current window ends. */
  resetEpochSeconds: number;
}

interface Window {
  start: number;
  used: number;
}

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    /** Wall time in epoch ms: the reset header is compared with clients' own clocks. */
    private readonly now: () => number = () => Date.now(),
    private readonly windowMs = 60_000,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`rate limit must be a positive integer, got ${limit}`);
  }

  /** Counts one request of `key` and says whether it is within the limit. */
  take(key: string): RateDecision {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.windowMs) {
      // Windows are aligned to the clock so every key resets at the same, predictable instants.
      window = { start: now - (now % this.windowMs), used: 0 };
      this.windows.set(key, window);
    }
    const allowed = window.used < this.limit;
    if (allowed) window.used++;
    return {
      allowed,
      limit: this.limit,
      remaining: this.limit - window.used,
      resetEpochSeconds: Math.ceil((window.start + this.windowMs) / 1000),
    };
  }

  /** Headers for a decision, on every trading and data response. */
  static headers(decision: RateDecision): Record<string, string> {
    return {
      'X-Ratelimit-Limit': String(decision.limit),
      'X-Ratelimit-Remaining': String(decision.remaining),
      'X-Ratelimit-Reset': String(decision.resetEpochSeconds),
    };
  }
}
