/**
 * The calls in flight for one connected GUI, so that a cancel message or a disconnect aborts exactly them.
 */
export class CallsInFlight {
  private readonly controllers = new Map<number, AbortController>();

  begin(callId: number): AbortSignal {
    // A reused id aborts the older call: ids are per connection and the client never reuses one knowingly.
    this.controllers.get(callId)?.abort();
    const controller = new AbortController();
    this.controllers.set(callId, controller);
    return controller.signal;
  }

  end(callId: number, signal: AbortSignal): void {
    const controller = this.controllers.get(callId);
    if (controller && controller.signal === signal) this.controllers.delete(callId);
  }

  cancel(callId: number): boolean {
    const controller = this.controllers.get(callId);
    if (!controller) return false;
    controller.abort();
    this.controllers.delete(callId);
    return true;
  }

  cancelAll(): void {
    for (const controller of this.controllers.values()) controller.abort();
    this.controllers.clear();
  }

  get size(): number {
    return this.controllers.size;
  }
}
