import type { Logger } from '../logging/logger.js';

export type RefusalReason =
  | 'foreign-origin'
  | 'unknown-host'
  | 'auth-failed'
  | 'auth-timeout'
  | 'frame-too-big'
  | 'too-many-connections'
  | 'too-many-messages';

export interface RefusalLogOptions {
  windowMs: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Refused connections, summarised: the first refusal of a window is logged at once (so a trader who typed a wrong
 * token sees why), the rest are counted and written as one line when the window ends. A flood of strangers thus
 * costs at most two log lines a window instead of one per attempt.
 */
export class RefusalLog {
  private counts = new Map<RefusalReason, number>();
  private suppressed = 0;
  private lastPeer = '';
  private timer: unknown = undefined;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(
    private readonly log: Logger,
    private readonly options: RefusalLogOptions,
  ) {
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const handle = setTimeout(fn, ms);
        handle.unref?.();
        return handle;
      });
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as NodeJS.Timeout));
  }

  refuse(reason: RefusalReason, peer: string, detail?: Record<string, unknown>): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    this.lastPeer = peer;
    if (this.timer === undefined) {
      this.log.warn('host', `refused a WebSocket connection: ${reason}`, { peer, reason, ...detail });
      this.timer = this.setTimer(() => this.flush(), this.options.windowMs);
      return;
    }
    this.suppressed += 1;
  }

  /** Writes the window's summary if anything was counted beyond its first line, and starts a new window. */
  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.suppressed > 0) {
      const total = [...this.counts.values()].reduce((sum, n) => sum + n, 0);
      this.log.warn('host', `refused ${total} WebSocket connections in the last ${Math.round(this.options.windowMs / 1000)} s`, {
        total,
        byReason: Object.fromEntries(this.counts),
        lastPeer: this.lastPeer,
      });
    }
    this.counts = new Map();
    this.suppressed = 0;
  }
}
