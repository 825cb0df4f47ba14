import type { ConnectionState, Transport } from '../../src-shared/ipc/client.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import type { BridgeApi, EventBatch } from '../../src-shared/ipc/wire.js';

/** The contract over the preload bridge; Electron IPC does not drop, so the state is always connected. */
export class ElectronTransport implements Transport {
  private sink: (batch: EventBatch) => void = () => {};
  private readonly unsubscribers = new Map<string, () => void>();

  constructor(private readonly bridge: BridgeApi) {}

  readonly connection: ConnectionState = 'connected';

  onConnection(): () => void {
    return () => {};
  }

  setEventSink(sink: (batch: EventBatch) => void): void {
    this.sink = sink;
  }

  invoke(channel: string, callId: number, request: unknown): Promise<Envelope<unknown>> {
    return this.bridge.invoke(channel, callId, request);
  }

  cancel(callId: number): void {
    this.bridge.cancel(callId);
  }

  subscribe(channel: string): void {
    if (this.unsubscribers.has(channel)) return;
    this.unsubscribers.set(channel, this.bridge.subscribe(channel, (batch) => this.sink(batch)));
  }

  unsubscribe(channel: string): void {
    this.unsubscribers.get(channel)?.();
    this.unsubscribers.delete(channel);
  }
}
