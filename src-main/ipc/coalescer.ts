/**
 * Batches a stream of payloads so that at most `maxBatchesPerSecond` batches leave per subscription.
 * The first payload after a quiet period leaves at once (no added latency for rare events); payloads that
 * arrive within the window after a flush wait for the window's end and leave together.
 */
export interface CoalescerOptions {
  maxBatchesPerSecond: number;
  /** Payloads held at most; beyond it the oldest are dropped and counted, so memory stays bounded. */
  maxBuffered?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Coalescer<T> {
  private buffer: T[] = [];
  private lastFlushAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = undefined;
  private droppedCount = 0;
  private readonly intervalMs: number;
  private readonly maxBuffered: number;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly emit: (batch: T[]) => void,
    options: CoalescerOptions,
  ) {
    this.intervalMs = 1000 / options.maxBatchesPerSecond;
    this.maxBuffered = options.maxBuffered ?? 100_000;
    this.now = options.now ?? (() => performance.now());
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  push(item: T): void {
    this.buffer.push(item);
    if (this.buffer.length > this.maxBuffered) {
      const excess = this.buffer.length - this.maxBuffered;
      this.buffer.splice(0, excess);
      this.droppedCount += excess;
    }
    if (this.timer !== undefined) return;
    const wait = this.lastFlushAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = this.setTimer(() => this.flush(), wait);
  }

  /** Payloads dropped because a consumer fell too far behind. */
  get dropped(): number {
    return this.droppedCount;
  }

  flush(): void {
    if (this.timer !== undefined) {
      this.clearTimer(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.lastFlushAt = this.now();
    this.emit(batch);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.buffer = [];
  }
}
