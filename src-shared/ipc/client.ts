import type { EventChannel, InvokeChannel, PayloadOf, RequestOf, ResponseOf } from './contract.js';
import { CodedError, isIpcErrorCode, type Envelope } from './errors.js';
import type { EventBatch } from './wire.js';
import { ChannelListeners } from './channel-listeners.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

/** Cancellation as both DOM and Node provide it, without depending on either's type library. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface CallOptions {
  signal?: AbortSignalLike;
}

/** The typed client every GUI feature uses; it cannot tell which transport carries it. */
export interface WorkstationClient {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>, options?: CallOptions): Promise<ResponseOf<C>>;
  subscribe<C extends EventChannel>(channel: C, onBatch: (items: PayloadOf<C>[]) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  readonly connection: ConnectionState;
}

/** What a transport must do; the typed client adds types, reference counting and error mapping on top. */
export interface Transport {
  invoke(channel: string, callId: number, request: unknown): Promise<Envelope<unknown>>;
  cancel(callId: number): void;
  subscribe(channel: string): void;
  unsubscribe(channel: string): void;
  setEventSink(sink: (batch: EventBatch) => void): void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  readonly connection: ConnectionState;
}

export function createClient(transport: Transport): WorkstationClient {
  let nextCallId = 1;
  const listeners = new ChannelListeners<(items: unknown[]) => void>(
    (channel) => transport.subscribe(channel),
    (channel) => transport.unsubscribe(channel),
  );

  transport.setEventSink((batch) => {
    for (const listener of listeners.of(batch.ch)) listener(batch.items);
  });

  async function invoke<C extends InvokeChannel>(
    channel: C,
    request: RequestOf<C>,
    options?: CallOptions,
  ): Promise<ResponseOf<C>> {
    const callId = nextCallId++;
    const signal = options?.signal;
    if (signal?.aborted) throw new CodedError('CANCELLED', `${channel} was cancelled before it started`);
    const onAbort = (): void => transport.cancel(callId);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const envelope = await transport.invoke(channel, callId, request);
      if (envelope.ok) return envelope.value as ResponseOf<C>;
      const code = isIpcErrorCode(envelope.error.code) ? envelope.error.code : 'INTERNAL';
      throw new CodedError(code, forTrader(channel, envelope.error.message));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Main names the channel in a refusal for its log; whoever reads this client's errors (a trader) gets the reason. */
  function forTrader(channel: string, message: string): string {
    return message.startsWith(`${channel}: `) ? message.slice(channel.length + 2) : message;
  }

  function subscribe<C extends EventChannel>(channel: C, onBatch: (items: PayloadOf<C>[]) => void): () => void {
    return listeners.add(channel, onBatch as (items: unknown[]) => void);
  }

  return {
    invoke,
    subscribe,
    onConnection: (listener) => transport.onConnection(listener),
    get connection() {
      return transport.connection;
    },
  };
}

