import type { IncomingMessage } from 'node:http';
import { encode } from '@msgpack/msgpack';
import type { WebSocket } from 'ws';
import type { Broker } from '../broker/broker.js';
import type { TradeUpdateData } from '../broker/model.js';
import type { FaultPlan } from '../faults.js';
import type { StreamEndpoint } from '../server/route-types.js';

/**
 * The trade_updates stream at `/stream` (README §9.1): authenticate, listen, then every order event of that key's
 * account. Frames are binary carrying JSON, as the paper endpoint sends them, or msgpack when the handshake
 * asked for `Content-Type: application/msgpack`. Stream faults apply to every frame.
 */
export interface TradeUpdatesStreamOptions {
  broker: Broker;
  keys: ReadonlyMap<string, string>;
  faults: FaultPlan;
}

interface Connection {
  socket: WebSocket;
  msgpack: boolean;
  keyId: string | undefined;
  listening: boolean;
  /** A frame held back while reorderTradeUpdates swaps pairs. */
  held: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class TradeUpdatesStream implements StreamEndpoint {
  private readonly connections = new Set<Connection>();
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: TradeUpdatesStreamOptions) {
    this.unsubscribe.push(options.broker.onTradeUpdate((keyId, update) => this.publish(keyId, update)));
    this.unsubscribe.push(
      options.faults.onDisconnect((kind) => {
        if (kind === 'trade_updates' || kind === 'all') for (const connection of this.connections) connection.socket.terminate();
      }),
    );
  }

  matches(path: string): boolean {
    return path === '/stream';
  }

  onConnection(socket: WebSocket, request: IncomingMessage): void {
    const contentType = String(request.headers['content-type'] ?? '');
    const connection: Connection = { socket, msgpack: contentType.includes('msgpack'), keyId: undefined, listening: false, held: undefined };
    this.connections.add(connection);
    socket.on('close', () => this.connections.delete(connection));
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.onMessage(connection, data));
  }

  dispose(): void {
    for (const stop of this.unsubscribe) stop();
    for (const connection of this.connections) connection.socket.close();
    this.connections.clear();
  }

  private onMessage(connection: Connection, data: Buffer | ArrayBuffer | Buffer[]): void {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message: unknown;
    try {
      message = JSON.parse(buffer.toString('utf8'));
    } catch {
      this.send(connection, { stream: 'error', data: { error_message: 'invalid syntax' } });
      return;
    }
    if (!isRecord(message)) return;
    const data_ = isRecord(message.data) ? message.data : {};
    if (message.action === 'authenticate' || message.action === 'auth') {
      const keyId = typeof data_.key_id === 'string' ? data_.key_id : typeof message.key === 'string' ? message.key : '';
      const secret = typeof data_.secret_key === 'string' ? data_.secret_key : typeof message.secret === 'string' ? message.secret : '';
      const ok = keyId !== '' && this.options.keys.get(keyId) === secret;
      connection.keyId = ok ? keyId : undefined;
      if (!ok) connection.listening = false;
      this.send(connection, { stream: 'authorization', data: { status: ok ? 'authorized' : 'unauthorized', action: 'authenticate' } });
      return;
    }
    if (message.action === 'listen') {
      if (!connection.keyId) {
        this.send(connection, { stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
        return;
      }
      const streams = Array.isArray(data_.streams) ? data_.streams.filter((s): s is string => typeof s === 'string') : [];
      connection.listening = streams.includes('trade_updates');
      this.send(connection, { stream: 'listening', data: { streams: connection.listening ? ['trade_updates'] : [] } });
    }
  }

  private publish(keyId: string, update: TradeUpdateData): void {
    const faults = this.options.faults.current;
    for (const connection of this.connections) {
      if (connection.keyId !== keyId || !connection.listening) continue;
      const frame = { stream: 'trade_updates', data: update };
      if (faults.reorderTradeUpdates) {
        if (connection.held === undefined) {
          connection.held = frame;
          continue;
        }
        const first = connection.held;
        connection.held = undefined;
        this.sendUpdate(connection, frame);
        this.sendUpdate(connection, first);
        continue;
      }
      if (connection.held !== undefined) {
        const held = connection.held;
        connection.held = undefined;
        this.sendUpdate(connection, held);
      }
      this.sendUpdate(connection, frame);
    }
  }

  private sendUpdate(connection: Connection, frame: unknown): void {
    this.send(connection, frame);
    if (this.options.faults.current.duplicateTradeUpdates) this.send(connection, frame);
  }

  private send(connection: Connection, frame: unknown): void {
    const faults = this.options.faults.current;
    if (faults.streamsSilent || connection.socket.readyState !== connection.socket.OPEN) return;
    const payload = connection.msgpack ? encode(frame) : Buffer.from(JSON.stringify(frame), 'utf8');
    const transmit = (): void => {
      if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(payload, { binary: true });
    };
    if (faults.latencyMs > 0) setTimeout(transmit, faults.latencyMs);
    else transmit();
  }
}
