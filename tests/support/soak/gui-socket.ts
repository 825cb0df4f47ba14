import WebSocket from 'ws';
import type { ServerMessage } from '../../../src-shared/ipc/wire.js';

/** A call's envelope as the host answers it. */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

export class CallTimeout extends Error {
  constructor(readonly channel: string, timeoutMs: number) {
    super(`${channel}: no answer within ${timeoutMs} ms`);
  }
}

/**
 * A client that speaks to the headless host exactly as the GUI does (the token, then invoke/sub over one
 * WebSocket), keeping only what a long run needs: pending calls by id and a listener per event channel.
 */
export class GuiSocket {
  private nextId = 1;
  private readonly pending = new Map<number, (envelope: Envelope) => void>();
  private readonly listeners = new Map<string, Array<(item: unknown) => void>>();
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(JSON.parse(String(data)) as ServerMessage));
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const [, resolve] of this.pending) resolve({ ok: false, error: { code: 'SOCKET_CLOSED', message: `socket closed (${code})` } });
      this.pending.clear();
    });
    socket.on('error', () => undefined);
  }

  static async open(port: number, token: string): Promise<GuiSocket> {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin: `http://127.0.0.1:${port}` });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const client = new GuiSocket(socket);
    const answer = new Promise<ServerMessage>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage));
      socket.once('close', (code) => reject(new Error(`socket closed (${code}) before the auth answer`)));
    });
    socket.send(JSON.stringify({ t: 'auth', token }));
    const reply = await answer;
    if (reply.t !== 'auth' || !reply.ok) throw new Error(`auth refused: ${JSON.stringify(reply)}`);
    return client;
  }

  /** Invokes a channel; resolves with the envelope (or a SOCKET_CLOSED one), rejects with CallTimeout. */
  call(channel: string, req: unknown, timeoutMs = 30_000): Promise<Envelope> {
    const id = this.nextId++;
    if (this.closeCode !== undefined) return Promise.resolve({ ok: false, error: { code: 'SOCKET_CLOSED', message: `socket closed (${this.closeCode})` } });
    return new Promise<Envelope>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CallTimeout(channel, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, (envelope) => {
        clearTimeout(timer);
        resolve(envelope);
      });
      this.socket.send(JSON.stringify({ t: 'invoke', id, ch: channel, req }));
    });
  }

  /** Subscribes to an event channel; every item of every batch goes to the listener. */
  subscribe(channel: string, listener: (item: unknown) => void = () => undefined): void {
    const list = this.listeners.get(channel) ?? [];
    list.push(listener);
    this.listeners.set(channel, list);
    this.socket.send(JSON.stringify({ t: 'sub', ch: channel }));
  }

  /** Stops reading from the socket (the host's writes back up in its buffers), as a stalled browser tab does. */
  stopReading(): void {
    this.socket.pause();
  }

  close(): void {
    this.socket.close();
  }

  /** Drops the connection without a closing handshake. */
  destroy(): void {
    this.socket.terminate();
  }

  private onMessage(message: ServerMessage): void {
    if (message.t === 'result') {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.env as Envelope);
    } else if (message.t === 'event') {
      for (const listener of this.listeners.get(message.ch) ?? []) for (const item of message.items) listener(item);
    }
  }
}
