import type { SendControl } from './venue.js';

/** Why a send was stopped before its request left: a code the order keeps and a message a trader can act on. */
export class SendAbort extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SendAbort';
  }
}

interface Entry {
  controller: AbortController;
  /** The current attempt's request has been handed to the socket: it can no longer be stopped. */
  written: boolean;
  /** Some attempt of this order has left the process (the broker may hold it). */
  everWritten: boolean;
}

/**
 * Every order send in progress, attempt by attempt: which can still be stopped (waiting in the rate limiter, or
 * between attempts) and which have a request out. The kill switch and shutdown abort the first kind and wait
 * (bounded) for the second, so nothing queued leaves after a trip and nothing writes to a closed journal.
 */
export class SendRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly idleWaiters = new Set<() => void>();

  /** Registers an order's send; the returned control goes with each attempt's request. */
  open(clientOrderId: string): SendControl & { readonly aborted: boolean; readonly reason: SendAbort | undefined; nextAttempt(): void; close(): void } {
    const entry: Entry = { controller: new AbortController(), written: false, everWritten: false };
    this.entries.set(clientOrderId, entry);
    return {
      get signal() {
        return entry.controller.signal;
      },
      get aborted() {
        return entry.controller.signal.aborted;
      },
      get reason() {
        const reason: unknown = entry.controller.signal.reason;
        return reason instanceof SendAbort ? reason : undefined;
      },
      onWrite: () => {
        entry.written = true;
        entry.everWritten = true;
      },
      nextAttempt: () => {
        entry.written = false;
      },
      close: () => {
        if (this.entries.get(clientOrderId) === entry) this.entries.delete(clientOrderId);
        if (this.entries.size === 0) for (const wake of [...this.idleWaiters]) wake();
      },
    };
  }

  /** Aborts every send that has no request out now. Returns their ids and whether any attempt of each ever left. */
  abortQueued(reason: SendAbort): Array<{ clientOrderId: string; everWritten: boolean }> {
    const stopped: Array<{ clientOrderId: string; everWritten: boolean }> = [];
    for (const [clientOrderId, entry] of this.entries) {
      if (entry.written || entry.controller.signal.aborted) continue;
      entry.controller.abort(reason);
      stopped.push({ clientOrderId, everWritten: entry.everWritten });
    }
    return stopped;
  }

  /** Orders whose request is out now (written, no answer yet). */
  writtenNow(): string[] {
    return [...this.entries].filter(([, e]) => e.written).map(([id]) => id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Resolves true once no send is in progress, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.entries.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.idleWaiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      timer.unref?.();
      this.idleWaiters.add(wake);
    });
  }
}
