/**
 * The calls in flight for one connected GUI, so that a cancel message or a disconnect aborts exactly the calls
 * that may be abandoned. A call with side effects (an order submit, the kill switch) is never aborted: once it
 * started, its outcome is real and the caller must learn it, so its signal never fires.
 */
interface InFlight {
  controller: AbortController;
  cancellable: boolean;
}

export class CallsInFlight {
  private readonly calls = new Map<number, InFlight>();

  /**
   * Starts a call, or answers undefined when the id is already in flight: ids are per connection, and reusing
   * one would make a later cancel or reply ambiguous, so the second call is refused rather than the first lost.
   */
  begin(callId: number, cancellable: boolean): AbortSignal | undefined {
    if (this.calls.has(callId)) return undefined;
    const controller = new AbortController();
    this.calls.set(callId, { controller, cancellable });
    return controller.signal;
  }

  end(callId: number, signal: AbortSignal): void {
    const call = this.calls.get(callId);
    if (call && call.controller.signal === signal) this.calls.delete(callId);
  }

  /** Aborts the call if it is in flight and cancellable; true when it was aborted. */
  cancel(callId: number): boolean {
    const call = this.calls.get(callId);
    if (!call?.cancellable) return false;
    call.controller.abort();
    this.calls.delete(callId);
    return true;
  }

  /** On disconnect: aborts every cancellable call; calls with side effects run to their end. */
  cancelAll(): void {
    for (const [callId, call] of this.calls) {
      if (!call.cancellable) continue;
      call.controller.abort();
      this.calls.delete(callId);
    }
  }

  get size(): number {
    return this.calls.size;
  }
}
