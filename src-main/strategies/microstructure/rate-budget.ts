import type { EpochMs } from '../../../src-shared/time.js';

/**
 * A sliding-window budget of order requests (place, replace and cancel each count one, as Alpaca counts calls):
 * at most `limit` in any `windowMs`. A request is taken only if it fits; `reserve` keeps the last few for the
 * requests that reduce risk (cancels, flattening), so quoting can never use up the room they need.
 */
export class RequestBudget {
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Requests in the window ending at t. */
  used(t: EpochMs): number {
    while (this.head < this.times.length && this.times[this.head]! <= t - this.windowMs) this.head++;
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  /** Takes one request at t if it fits below limit - reserve; false (nothing taken) otherwise. */
  take(t: EpochMs, reserve = 0): boolean {
    if (this.used(t) >= this.limit - reserve) return false;
    this.times.push(t);
    return true;
  }
}
