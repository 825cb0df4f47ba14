import type { HostLimits } from './limits.js';

/** The part of a WebSocket the outbound queue needs (ws's WebSocket fits). */
export interface OutboundSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
}

export interface OutboundOptions {
  limits: Pick<HostLimits, 'sendHighWaterBytes' | 'sendLimitBytes' | 'slowReaderGraceMs'>;
  /** Called once when the connection must go; the host closes it with the reason and frees its buffers. */
  onOverflow: (reason: string) => void;
  now?: () => number;
  /** While events are being dropped nothing else may call `check`, so it runs on this timer (ms) meanwhile. */
  pollMs?: number;
  setRepeating?: (fn: () => void, ms: number) => unknown;
  clearRepeating?: (handle: unknown) => void;
}

/**
 * Backpressure for one connection. ws queues every send in memory until the peer reads it, so a GUI that stops
 * reading would grow main without bound. Events are dropped while the unsent bytes are over the high-water mark;
 * replies always go (a caller waits on them). Dropped events leave the GUI out of date, so a connection that
 * dropped any is closed: at once if it keeps falling behind past the limit or the grace period, or when it has
 * caught up, so that its reconnect reloads every panel (the GUI reloads its state on each connect).
 */
export class Outbound {
  private droppedSince: number | undefined;
  private dropped = 0;
  private overflowed = false;
  private poll: unknown = undefined;
  private readonly now: () => number;

  constructor(
    private readonly socket: OutboundSocket,
    private readonly options: OutboundOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** A reply to a call: sent unless the connection is already over its limit. */
  reply(text: string): void {
    if (this.overflowed) return;
    this.socket.send(text);
    this.check();
  }

  /** An event batch: dropped (and counted) while the reader is behind. */
  event(text: string): void {
    if (this.overflowed) return;
    if (this.socket.bufferedAmount >= this.options.limits.sendHighWaterBytes) {
      this.dropped += 1;
      if (this.droppedSince === undefined) {
        this.droppedSince = this.now();
        this.startPolling();
      }
      this.check();
      return;
    }
    this.socket.send(text);
    this.check();
  }

  /** Decides whether the connection must go. */
  check(): void {
    if (this.overflowed) return;
    const buffered = this.socket.bufferedAmount;
    const { sendLimitBytes, sendHighWaterBytes, slowReaderGraceMs } = this.options.limits;
    if (buffered > sendLimitBytes) return this.overflow(`more than ${mib(sendLimitBytes)} waiting to be read`);
    if (this.droppedSince === undefined) return;
    if (this.now() - this.droppedSince >= slowReaderGraceMs) {
      return this.overflow(`${this.dropped} event batches dropped; still behind after ${Math.round(slowReaderGraceMs / 1000)} s`);
    }
    if (buffered < sendHighWaterBytes / 4) return this.overflow(`${this.dropped} event batches dropped while behind; reconnect to reload`);
  }

  /** Stops the poll timer (the connection closed). */
  dispose(): void {
    if (this.poll === undefined) return;
    (this.options.clearRepeating ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.poll);
    this.poll = undefined;
  }

  get droppedBatches(): number {
    return this.dropped;
  }

  private startPolling(): void {
    const every = this.options.pollMs ?? 100;
    this.poll = (
      this.options.setRepeating ??
      ((fn, ms) => {
        const handle = setInterval(fn, ms);
        handle.unref?.();
        return handle;
      })
    )(() => this.check(), every);
  }

  private overflow(reason: string): void {
    this.overflowed = true;
    this.dispose();
    this.options.onOverflow(reason);
  }
}

function mib(bytes: number): string {
  const MIB = 1024 * 1024;
  return bytes >= MIB ? `${+(bytes / MIB).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
