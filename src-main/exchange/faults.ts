/**
 * Fault injection for the local exchange: off unless a test or the demo configuration turns a fault on,
 * through this object or the exchange's control endpoint (a path real Alpaca does not have). The HTTP server
 * applies the request faults; stream endpoints consult the stream faults on every frame they send.
 */
export interface ErrorBurst {
  status: 429 | 500 | 502 | 503 | 504;
  /** How many requests in a row get the error. */
  remaining: number;
  /**
   * Only order submissions (POST /v2/orders) get it. A burst meant for a submission is otherwise taken by whatever
   * request arrives first (a quote read, a watchdog poll), which on a busy machine is not always the order.
   */
  ordersOnly?: boolean;
}

export interface FaultState {
  /** Added to every HTTP response and stream frame, in milliseconds. */
  latencyMs: number;
  /** The next N order submissions are executed but their HTTP response is dropped (socket destroyed). */
  dropOrderResponses: number;
  errorBurst: ErrorBurst | undefined;
  /** Streams stay open but send nothing (no data, no control replies) while set. */
  streamsSilent: boolean;
  /** trade_updates frames are each sent twice while set. */
  duplicateTradeUpdates: boolean;
  /** trade_updates frames are held and sent in reverse order, in pairs, while set. */
  reorderTradeUpdates: boolean;
}

export type StreamKind = 'trade_updates' | 'market_data';

export class FaultPlan {
  private state: FaultState = FaultPlan.none();
  private readonly disconnectListeners = new Set<(kind: StreamKind | 'all') => void>();

  static none(): FaultState {
    return {
      latencyMs: 0,
      dropOrderResponses: 0,
      errorBurst: undefined,
      streamsSilent: false,
      duplicateTradeUpdates: false,
      reorderTradeUpdates: false,
    };
  }

  get current(): Readonly<FaultState> {
    return this.state;
  }

  set(changes: Partial<FaultState>): void {
    this.state = { ...this.state, ...changes };
  }

  reset(): void {
    this.state = FaultPlan.none();
  }

  /** Takes one error from the current burst, if any applies to this request. */
  takeError(isOrderSubmission = false): ErrorBurst['status'] | undefined {
    const burst = this.state.errorBurst;
    if (!burst || burst.remaining <= 0 || (burst.ordersOnly === true && !isOrderSubmission)) return undefined;
    const remaining = burst.remaining - 1;
    this.state = { ...this.state, errorBurst: remaining > 0 ? { ...burst, remaining } : undefined };
    return burst.status;
  }

  /** Takes one dropped order response, if any are pending. */
  takeDroppedOrderResponse(): boolean {
    if (this.state.dropOrderResponses <= 0) return false;
    this.state = { ...this.state, dropOrderResponses: this.state.dropOrderResponses - 1 };
    return true;
  }

  /** Closes the open stream connections of a kind (the endpoints subscribe to this). */
  disconnectStreams(kind: StreamKind | 'all' = 'all'): void {
    for (const listener of this.disconnectListeners) listener(kind);
  }

  onDisconnect(listener: (kind: StreamKind | 'all') => void): () => void {
    this.disconnectListeners.add(listener);
    return () => this.disconnectListeners.delete(listener);
  }
}
