import type { EpochMs } from '../../../src-shared/time.js';

/**
 * A budget of order requests (place, replace and cancel each count one, as Alpaca counts calls): at most `limit` in
 * any `windowMs`, and, when `burst` is given, paced as a token bucket too: `burst` deep, refilled at limit / windowMs.
 * The window alone let a bot spend its whole minute in a second, which the broker's own bucket (the host keeps 10
 * deep at 3 a second for all bots) then queues: a replace waited 333 ms a token and went out on an old quote. Paced,
 * a quote that finds no token is not sent at all, and the next quote decides afresh.
 * `reserve` keeps room back for the requests that reduce risk (cancels, flattening): the last `reserve` of the
 * window, and the bucket's last token, so quoting can never use up the room they need.
 */
export class RequestBudget {
  private readonly times: number[] = [];
  private head = 0;
  private tokens: number;
  private filledAt = -Infinity;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    readonly burst?: number,
  ) {
    this.tokens = burst ?? 0;
  }

  /** Requests in the window ending at t. */
  used(t: EpochMs): number {
    while (this.head < this.times.length && this.times[this.head]! <= t - this.windowMs) this.head++;
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** Tokens in the bucket at t (Infinity without one). */
  available(t: EpochMs): number {
    if (this.burst === undefined) return Infinity;
    if (t > this.filledAt) {
      if (Number.isFinite(this.filledAt)) this.tokens = Math.min(this.burst, this.tokens + ((t - this.filledAt) * this.limit) / this.windowMs);
      this.filledAt = t;
    }
    return this.tokens;
  }

  /** Takes one request at t if it fits (below limit - reserve, and a token beyond the reserved one); false, nothing taken, otherwise. */
  take(t: EpochMs, reserve = 0): boolean {
    if (this.used(t) >= this.limit - reserve) return false;
    const need = reserve > 0 && this.burst !== undefined && this.burst > 1 ? 2 : 1;
    if (this.available(t) < need) return false;
    if (this.burst !== undefined) this.tokens -= 1;
    this.times.push(t);
    return true;
  }
}
