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
  /** While events are held or dropped nothing else may call `check`, so it runs on this timer (ms) meanwhile. */
  pollMs?: number;
  setRepeating?: (fn: () => void, ms: number) => unknown;
  clearRepeating?: (handle: unknown) => void;
}

/**
 * Backpressure for one connection. ws queues every send in memory until the peer reads it, so a GUI that stops
 * reading would grow main without bound. Over the high-water mark of unsent bytes, event batches are held back (in
 * order) and sent as the reader catches up, so a large reply costs a short delay and no loss. Held events are
 * bounded too: past that, events are dropped, and a GUI that missed events is out of date, so the connection is
 * closed, when it has caught up (its reconnect reloads every panel) or once it has been losing events for the grace
 * period. Replies always go (a caller waits on them) unless the connection is already over its hard limit.
 */
export class Outbound {
  private held: string[] = [];
  private heldBytes = 0;
  private losingSince: number | undefined;
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

  /**
   * A reply to a call: sent unless the connection is already over its limit. The limit is checked before the send,
   * not after, so one large reply to a reader that keeps up is not mistaken for a reader that stopped.
   */
  reply(text: string): void {
    this.check();
    if (this.overflowed) return;
    this.socket.send(text);
  }

  /** An event batch: sent, held while the reader is behind, or dropped (and counted) when too much is held. */
  event(text: string): void {
    if (this.overflowed) return;
    if (this.held.length === 0 && this.socket.bufferedAmount < this.options.limits.sendHighWaterBytes) {
      this.socket.send(text);
      return;
    }
    if (this.heldBytes + text.length <= this.options.limits.sendHighWaterBytes) {
      this.held.push(text);
      this.heldBytes += text.length;
    } else {
      this.dropped += 1;
      this.losingSince ??= this.now();
    }
    this.startPolling();
    this.check();
  }

  /** Sends held events as the reader catches up, and decides whether the connection must go. */
  check(): void {
    if (this.overflowed) return;
    const { sendLimitBytes, sendHighWaterBytes, slowReaderGraceMs } = this.options.limits;
    if (this.socket.bufferedAmount > sendLimitBytes) return this.overflow(`more than ${size(sendLimitBytes)} waiting to be read`);
    while (this.held.length > 0 && this.socket.bufferedAmount < sendHighWaterBytes) {
      const text = this.held.shift()!;
      this.heldBytes -= text.length;
      this.socket.send(text);
    }
    if (this.losingSince !== undefined) {
      if (this.now() - this.losingSince >= slowReaderGraceMs) {
        return this.overflow(`${this.dropped} event batches dropped; still behind after ${Math.round(slowReaderGraceMs / 1000)} s`);
      }
      if (this.held.length === 0 && this.socket.bufferedAmount < sendHighWaterBytes / 4) {
        return this.overflow(`${this.dropped} event batches dropped while behind; reconnect to reload`);
      }
    }
    if (this.held.length === 0 && this.losingSince === undefined) this.stopPolling();
  }

  get droppedBatches(): number {
    return this.dropped;
  }

  /** Bytes of events held back, waiting for the reader. */
  get heldBytesNow(): number {
    return this.heldBytes;
  }

  /** Stops the poll timer and lets go of held events (the connection closed). */
  dispose(): void {
    this.stopPolling();
    this.held = [];
    this.heldBytes = 0;
  }

  private startPolling(): void {
    if (this.poll !== undefined) return;
    const every = this.options.pollMs ?? 50;
    this.poll = (
      this.options.setRepeating ??
      ((fn, ms) => {
        const handle = setInterval(fn, ms);
        handle.unref?.();
        return handle;
      })
    )(() => this.check(), every);
  }

  private stopPolling(): void {
    if (this.poll === undefined) return;
    (this.options.clearRepeating ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(this.poll);
    this.poll = undefined;
  }

  private overflow(reason: string): void {
    this.overflowed = true;
    this.dispose();
    this.options.onOverflow(reason);
  }
}

function size(bytes: number): string {
  const MIB = 1024 * 1024;
  return bytes >= MIB ? `${+(bytes / MIB).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
