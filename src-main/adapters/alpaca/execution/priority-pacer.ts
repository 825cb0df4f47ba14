import type { RequestPacer } from './order-post.js';

/** Who is asking: an order (post or replace) or a background read (account, positions, activities, lookups). */
export type PacedRequest = 'order' | 'read';

interface Waiter {
  resolve: (release: () => void) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * One token bucket for every paced trading request (the broker counts them all), in which orders go first. A read
 * waits behind every queued order, and takes a token only while `reserve` would remain, so an order that arrives
 * finds one: measured with the SDK's plain FIFO bucket, a replace waited behind the account, position and activity
 * reads a fill had set off, up to 780 ms at p99 (bench/ticks live). The budget is the same as before: `maxRequests`
 * per `intervalMs`, refilled continuously, never more than `burst` at once.
 */
export class PriorityPacer implements RequestPacer {
  private tokens: number;
  private last: number;
  private readonly orders: Waiter[] = [];
  private readonly reads: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly depth: number;

  constructor(
    private readonly maxRequests: number,
    private readonly intervalMs: number,
    private readonly reserve = Math.min(1, maxRequests - 1),
    private readonly now: () => number = Date.now,
    /** The bucket's depth (the largest burst); at least maxRequests. */
    burst = maxRequests,
  ) {
    if (!(maxRequests >= 1) || !(intervalMs > 0)) throw new Error(`pacer needs at least one request per interval, got ${maxRequests} per ${intervalMs} ms`);
    this.depth = Math.max(maxRequests, burst);
    this.tokens = this.depth;
    this.last = now();
  }

  /** Waits for a token; the release is a no-op kept for the RequestPacer shape (the token is spent). */
  acquire(signal?: AbortSignal, kind: PacedRequest = 'order'): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const queue = kind === 'order' ? this.orders : this.reads;
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(abortReason(signal));
          this.drain();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      queue.push(waiter);
      this.drain();
    });
  }

  /** Requests waiting now, by kind (for health lines and tests). */
  waiting(): { orders: number; reads: number } {
    return { orders: this.orders.length, reads: this.reads.length };
  }

  private refill(): void {
    const now = this.now();
    if (now > this.last) {
      this.tokens = Math.min(this.depth, this.tokens + ((now - this.last) * this.maxRequests) / this.intervalMs);
      this.last = now;
    }
  }

  private drain(): void {
    this.refill();
    while (this.orders.length > 0 && this.tokens >= 1) this.grant(this.orders.shift()!);
    while (this.orders.length === 0 && this.reads.length > 0 && this.tokens >= 1 + this.reserve) this.grant(this.reads.shift()!);
    this.schedule();
  }

  private grant(waiter: Waiter): void {
    this.tokens -= 1;
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.resolve(() => undefined);
  }

  /** One timer, set for the earliest moment the head of the queues can go (an order arriving resets it sooner). */
  private schedule(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.orders.length === 0 && this.reads.length === 0) return;
    const needed = (this.orders.length > 0 ? 1 : 1 + this.reserve) - this.tokens;
    const waitMs = Math.max(1, Math.ceil((needed * this.intervalMs) / this.maxRequests));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.drain();
    }, waitMs);
  }
}
