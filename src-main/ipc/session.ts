import { isEventChannel } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import { CallsInFlight } from './calls.js';
import type { BatchSink, EventHub } from './event-hub.js';
import type { IpcRouter } from './router.js';

/**
 * One connected GUI (a browser socket or an Electron window): its calls in flight and its subscriptions.
 * Both transports drive this, so cancellation and subscription rules are the same for both.
 */
export class GuiSession {
  private readonly calls = new CallsInFlight();
  private readonly subscriptions = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly router: IpcRouter,
    private readonly hub: EventHub,
    readonly peer: string,
    private readonly sink: BatchSink,
  ) {}

  async invoke(callId: number, channel: unknown, request: unknown): Promise<Envelope<unknown>> {
    if (this.closed) return { ok: false, error: { code: 'UNAVAILABLE', message: 'the connection is closing' } };
    const signal = this.calls.begin(callId, this.router.isCancellable(String(channel)));
    if (!signal) {
      return {
        ok: false,
        error: { code: 'CALL_ID_IN_USE', message: `call id ${callId} is still in flight on this connection; use a new id for each call` },
      };
    }
    try {
      return await this.router.dispatch(channel, request, { signal, peer: this.peer });
    } finally {
      this.calls.end(callId, signal);
    }
  }

  /** Cancels a cancellable call; a call with side effects ignores the request (false). */
  cancel(callId: number): boolean {
    return this.calls.cancel(callId);
  }

  subscribe(channel: unknown): Envelope<null> {
    if (!isEventChannel(channel)) {
      return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `"${String(channel).slice(0, 64)}" is not an event channel` } };
    }
    if (!this.closed && !this.subscriptions.has(channel)) {
      this.subscriptions.set(channel, this.hub.subscribe(channel, this.sink));
    }
    return { ok: true, value: null };
  }

  unsubscribe(channel: unknown): void {
    if (typeof channel !== 'string') return;
    this.subscriptions.get(channel)?.();
    this.subscriptions.delete(channel);
  }

  get callsInFlight(): number {
    return this.calls.size;
  }

  close(): void {
    this.closed = true;
    this.calls.cancelAll();
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
  }
}
