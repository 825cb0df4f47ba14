import type { ConnectionState, Transport } from '../../src-shared/ipc/client.js';
import type { Envelope } from '../../src-shared/ipc/errors.js';
import { WS_CLOSE, type EventBatch, type ServerMessage } from '../../src-shared/ipc/wire.js';

/** The subset of the WebSocket API the transport needs; the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export interface WebSocketTransportOptions {
  url: string;
  token: string;
  createSocket: (url: string) => SocketLike;
  /** Reconnect delays grow from `minDelayMs` to `maxDelayMs` with jitter. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Calls wait this long for a reply before failing with TIMEOUT (cancellable calls are exempt). */
  callTimeoutMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const OPEN = 1;

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
  timer: unknown;
}

/**
 * The contract over the headless host's WebSocket: authenticates with the host token, queues calls until
 * authenticated, reconnects with backoff, and re-subscribes to every channel after a reconnect. Calls in
 * flight when the socket drops fail with UNAVAILABLE rather than hang.
 */
export class WebSocketTransport implements Transport {
  private socket: SocketLike | undefined;
  private state: ConnectionState = 'connecting';
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly channels = new Set<string>();
  private sink: (batch: EventBatch) => void = () => {};
  private attempt = 0;
  private stopped = false;
  private reconnectTimer: unknown;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: WebSocketTransportOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as number));
    this.connect();
  }

  get connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  setEventSink(sink: (batch: EventBatch) => void): void {
    this.sink = sink;
  }

  invoke(channel: string, callId: number, request: unknown): Promise<Envelope<unknown>> {
    return new Promise((resolve) => {
      const timeoutMs = this.options.callTimeoutMs ?? 30_000;
      const timer = this.setTimer(() => {
        this.pending.delete(callId);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `the workstation did not answer within ${timeoutMs / 1000} s (is the host busy or stopped?)` } });
      }, timeoutMs);
      this.pending.set(callId, { resolve, timer });
      this.post(JSON.stringify({ t: 'invoke', id: callId, ch: channel, req: request }));
    });
  }

  cancel(callId: number): void {
    this.post(JSON.stringify({ t: 'cancel', id: callId }));
  }

  // Subscriptions are not queued: the channel set is replayed after every (re)authentication.
  subscribe(channel: string): void {
    this.channels.add(channel);
    if (this.isLive()) this.socket?.send(JSON.stringify({ t: 'sub', ch: channel }));
  }

  unsubscribe(channel: string): void {
    this.channels.delete(channel);
    if (this.isLive()) this.socket?.send(JSON.stringify({ t: 'unsub', ch: channel }));
  }

  close(): void {
    this.stopped = true;
    this.clearTimer(this.reconnectTimer);
    this.socket?.close(1000, 'client closed');
    this.failPending('UNAVAILABLE', 'the connection was closed');
    this.setState('disconnected');
  }

  private isLive(): boolean {
    return this.state === 'connected' && this.socket?.readyState === OPEN;
  }

  private post(text: string): void {
    if (this.isLive()) this.socket?.send(text);
    else this.queue.push(text);
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState('connecting');
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ t: 'auth', token: this.options.token })));
    socket.addEventListener('message', (event) => this.onMessage(event.data));
    socket.addEventListener('error', () => {
      // The close event that follows carries the reason and schedules the reconnect.
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.failPending('UNAVAILABLE', 'the connection to the workstation dropped; the call may or may not have run');
      if (event.code === WS_CLOSE.authFailed) {
        this.stopped = true;
        this.setState('unauthorized');
        return;
      }
      this.setState('disconnected');
      this.scheduleReconnect();
    });
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(data) as ServerMessage;
    } catch {
      return;
    }
    switch (message.t) {
      case 'auth':
        if (!message.ok) return;
        this.attempt = 0;
        this.setState('connected');
        for (const channel of this.channels) this.socket?.send(JSON.stringify({ t: 'sub', ch: channel }));
        for (const text of this.queue.splice(0)) this.socket?.send(text);
        return;
      case 'result': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        this.clearTimer(pending.timer);
        pending.resolve(message.env);
        return;
      }
      case 'event':
        this.sink({ ch: message.ch, items: message.items, sentAtMs: message.sentAtMs });
        return;
      case 'error':
        return;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const min = this.options.minDelayMs ?? 250;
    const max = this.options.maxDelayMs ?? 10_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    this.attempt++;
    const delay = base / 2 + Math.random() * (base / 2);
    this.reconnectTimer = this.setTimer(() => this.connect(), delay);
  }

  private failPending(code: 'UNAVAILABLE', message: string): void {
    for (const [id, pending] of this.pending) {
      this.clearTimer(pending.timer);
      pending.resolve({ ok: false, error: { code, message } });
      this.pending.delete(id);
    }
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
