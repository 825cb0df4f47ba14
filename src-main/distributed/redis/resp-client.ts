import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { RedisTarget } from './url.js';

/** A reply: a string, an integer, null, an array of replies, or (inside an array, e.g. EXEC's) an error. */
export type RespReply = string | number | null | Error | RespReply[];

interface Pending {
  resolve: (value: RespReply) => void;
  reject: (error: Error) => void;
}

/** The message BullMQ's adapter recognises as "the connection went away" (it then reconnects or resolves null on close). */
const CLOSED = 'Connection closed';
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A small Redis client (RESP2 over TCP or TLS) with the surface of Bun's built-in RedisClient: `send`, `connected`,
 * `connect`, `close`, `duplicate` and the `onconnect` / `onclose` callbacks. BullMQ 6 ships no Redis driver of its
 * own (ioredis and node-redis are optional peers, not installed here); it wraps a client of this shape in its Bun
 * adapter, which supplies reconnection, scripts, pipelines and transactions. We also use it for our own keys
 * (results, datasets, heartbeats, cancel flags).
 *
 * Bulk strings are decoded as UTF-8: everything we and BullMQ store is text (binary data goes in as base64).
 */
export class RespClient {
  connected = false;
  onconnect: () => void = () => undefined;
  onclose: () => void = () => undefined;
  onerror: (error: Error) => void = () => undefined;

  private socket: Socket | undefined;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closing = false;

  /**
   * This client and every duplicate made from it (BullMQ's blocking connection, its reconnections). BullMQ never
   * closes a connection it was handed, so its owner closes the whole family with closeAll().
   */
  private readonly family: { members: Set<RespClient>; closed: boolean };

  constructor(
    readonly target: RedisTarget,
    family?: { members: Set<RespClient>; closed: boolean },
  ) {
    this.family = family ?? { members: new Set(), closed: false };
    this.family.members.add(this);
  }

  /** Opens the socket, authenticates and selects the database; resolves when commands may be sent. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (this.family.closed) return Promise.reject(new Error(`${CLOSED}: this connection was closed by its owner`));
    this.closing = false;
    return new Promise<void>((resolve, reject) => {
      const { host, port } = this.target;
      const socket = this.target.tls
        ? tlsConnect({ host, port, ...(isIP(host) === 0 ? { servername: this.target.tls.servername ?? host } : {}), ...(this.target.tls.ca ? { ca: this.target.tls.ca } : {}), rejectUnauthorized: this.target.tls.rejectUnauthorized ?? true })
        : netConnect({ host, port });
      this.socket = socket;
      // A host that drops packets (a firewall) would otherwise leave connect() waiting for minutes.
      socket.setTimeout(CONNECT_TIMEOUT_MS, () => {
        if (!opened) socket.destroy(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`));
      });
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      let opened = false;
      const fail = (error: Error): void => {
        if (!opened) reject(new Error(`${CLOSED}: cannot reach Redis at ${host}:${port} (${error.message})`));
      };
      socket.once(this.target.tls ? 'secureConnect' : 'connect', () => {
        // Sent before anything else on this socket; replies come back in order, so no command can overtake them.
        const setup: Array<Promise<RespReply>> = [];
        if (this.target.password !== undefined) {
          setup.push(this.write('AUTH', this.target.username !== undefined ? [this.target.username, this.target.password] : [this.target.password]));
        }
        if (this.target.db !== 0) setup.push(this.write('SELECT', [String(this.target.db)]));
        Promise.all(setup).then(
          () => {
            opened = true;
            socket.setTimeout(0);
            this.connected = true;
            resolve();
            this.onconnect();
          },
          (error: Error) => {
            const wrong = /WRONGPASS|NOAUTH|invalid password|invalid username/i.test(error.message);
            reject(new Error(wrong ? `Redis at ${host}:${port} refused the credentials (${error.message})` : error.message));
            socket.destroy();
          },
        );
      });
      socket.on('data', (chunk: Buffer) => this.receive(chunk));
      socket.on('error', (error) => {
        fail(error);
        if (opened) this.onerror(error);
      });
      socket.on('close', () => {
        const wasOpen = this.connected;
        this.connected = false;
        this.socket = undefined;
        this.buffer = Buffer.alloc(0);
        const error = new Error(CLOSED);
        for (const p of this.pending.splice(0)) p.reject(error);
        fail(new Error('the connection closed'));
        // No error passed: BullMQ's adapter would emit it, and an emitter nobody listens to any more throws it.
        // The adapter reconnects either way; commands in flight were rejected above.
        if (wasOpen) this.onclose();
      });
    });
  }

  /** One command; its reply (a top-level error reply rejects). */
  send(command: string, args: ReadonlyArray<string | number | Buffer>): Promise<RespReply> {
    if (!this.connected) return Promise.reject(new Error(CLOSED));
    return this.write(command, args);
  }

  close(): void {
    this.closing = true;
    this.socket?.end();
    this.socket?.destroySoon?.();
  }

  /** BullMQ recognises a client instance by connect/disconnect/duplicate; its adapter itself calls close(). */
  disconnect(): void {
    this.close();
  }

  /** A new, unconnected client to the same server (BullMQ's blocking reads get their own connection). */
  duplicate(): RespClient {
    return new RespClient(this.target, this.family);
  }

  /** Closes this client and its duplicates for good: no callback fires and none reconnects. */
  closeAll(): void {
    this.family.closed = true;
    for (const member of this.family.members) {
      member.onclose = () => undefined;
      member.onconnect = () => undefined;
      member.onerror = () => undefined;
      member.close();
    }
    this.family.members.clear();
  }

  private write(command: string, args: ReadonlyArray<string | number | Buffer>): Promise<RespReply> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error(CLOSED));
    const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
    for (const arg of args) {
      const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg));
      parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
    }
    return new Promise<RespReply>((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(Buffer.concat(parts));
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.buffer, offset);
      if (parsed === undefined) break;
      offset = parsed.next;
      const p = this.pending.shift();
      if (!p) continue;
      if (parsed.value instanceof Error) p.reject(parsed.value);
      else p.resolve(parsed.value);
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }
}

/** One reply starting at `offset`, or undefined when the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, offset: number): { value: RespReply; next: number } | undefined {
  const eol = buffer.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buffer[offset]!);
  const line = buffer.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new Error(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, next: after };
      if (buffer.length < after + length + 2) return undefined;
      return { value: buffer.toString('utf8', after, after + length), next: after + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: RespReply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, next);
        if (item === undefined) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`unexpected reply from Redis (type byte ${JSON.stringify(type)})`);
  }
}
