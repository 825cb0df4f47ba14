import type { IncomingMessage } from 'node:http';
import { decode, encode } from '@msgpack/msgpack';
import type { RawData, WebSocket } from 'ws';
import type { FaultPlan } from '../faults.js';
import { NEWS_SOURCE, type NewsArticle, type NewsWire } from '../news/news-wire.js';
import { rfc3339 } from '../routes/market-data/format.js';
import type { StreamEndpoint } from '../server/route-types.js';

/**
 * Alpaca's news WebSocket (/v1beta1/news; contract README 9.4): the market data streams' connect and auth
 * (headers or an auth message), `subscribe`/`unsubscribe` on the one channel `news` with symbols or `*`, answered
 * with the full set; articles as `T:"n"` messages without images. JSON unless the handshake asks for msgpack
 * (then times are msgpack timestamps, as the SDKs read them). Connection limits for news are unconfirmed, so none.
 */
export const NEWS_STREAM_PATH = '/v1beta1/news';

const ERRORS: Record<number, string> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
};

interface Connection {
  socket: WebSocket;
  msgpack: boolean;
  keyId: string | undefined;
  symbols: Set<string>;
}

export interface NewsStreamOptions {
  wire: NewsWire;
  keys: ReadonlyMap<string, string>;
  faults: FaultPlan;
  authTimeoutMs?: number;
}

export function newsMessage(a: NewsArticle, time: (t: number) => string | Date): Record<string, unknown> {
  return {
    T: 'n',
    id: a.id,
    headline: a.headline,
    summary: a.summary,
    author: a.author,
    created_at: time(a.t),
    updated_at: time(a.t),
    url: a.url,
    content: a.content,
    symbols: a.symbols,
    source: NEWS_SOURCE,
  };
}

export class NewsStream implements StreamEndpoint {
  private readonly connections = new Set<Connection>();
  private readonly release: () => void;

  constructor(private readonly options: NewsStreamOptions) {
    this.release = options.wire.onArticles((articles) => this.dispatch(articles));
    options.faults.onDisconnect((kind) => {
      if (kind !== 'market_data' && kind !== 'all') return;
      for (const c of this.connections) c.socket.close(1001, 'disconnected');
    });
  }

  dispose(): void {
    this.release();
  }

  matches(path: string): boolean {
    return path === NEWS_STREAM_PATH;
  }

  onConnection(socket: WebSocket, request: IncomingMessage): void {
    const c: Connection = { socket, msgpack: String(request.headers['content-type'] ?? '').includes('msgpack'), keyId: undefined, symbols: new Set() };
    this.connections.add(c);
    this.send(c, [{ T: 'success', msg: 'connected' }]);
    const timer = setTimeout(() => {
      if (c.keyId === undefined) {
        this.error(c, 404);
        socket.close();
      }
    }, this.options.authTimeoutMs ?? 10_000);
    socket.on('close', () => {
      clearTimeout(timer);
      this.connections.delete(c);
    });
    socket.on('message', (data: RawData, isBinary: boolean) => this.onMessage(c, data, isBinary));
    const keyId = request.headers['apca-api-key-id'];
    const secret = request.headers['apca-api-secret-key'];
    if (typeof keyId === 'string' && typeof secret === 'string') this.authenticate(c, keyId, secret);
  }

  private onMessage(c: Connection, data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message: unknown;
    try {
      message = isBinary && c.msgpack ? decode(bytes) : JSON.parse(bytes.toString('utf8'));
    } catch {
      return this.error(c, 400);
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return this.error(c, 400);
    const m = message as Record<string, unknown>;
    if (m.action === 'auth') {
      if (typeof m.key !== 'string' || typeof m.secret !== 'string') return this.error(c, 400);
      return this.authenticate(c, m.key, m.secret);
    }
    if (m.action === 'subscribe' || m.action === 'unsubscribe') {
      if (c.keyId === undefined) return this.error(c, 401);
      const symbols = m.news ?? [];
      if (!Array.isArray(symbols) || !symbols.every((s) => typeof s === 'string')) return this.error(c, 400);
      for (const s of symbols as string[]) {
        if (m.action === 'subscribe') c.symbols.add(s);
        else c.symbols.delete(s);
      }
      return this.send(c, [{ T: 'subscription', news: [...c.symbols] }]);
    }
    this.error(c, 400);
  }

  private authenticate(c: Connection, keyId: string, secret: string): void {
    if (c.keyId !== undefined) return this.error(c, 403);
    if (this.options.keys.get(keyId) !== secret) return this.error(c, 402);
    c.keyId = keyId;
    this.send(c, [{ T: 'success', msg: 'authenticated' }]);
  }

  private error(c: Connection, code: number): void {
    this.send(c, [{ T: 'error', code, msg: ERRORS[code] ?? 'internal error' }]);
  }

  private send(c: Connection, messages: Record<string, unknown>[]): void {
    if (this.options.faults.current.streamsSilent || c.socket.readyState !== c.socket.OPEN) return;
    c.socket.send(c.msgpack ? encode(messages) : JSON.stringify(messages));
  }

  private dispatch(articles: readonly NewsArticle[]): void {
    for (const c of this.connections) {
      if (c.keyId === undefined || c.symbols.size === 0) continue;
      const wanted = articles.filter((a) => c.symbols.has('*') || a.symbols.some((s) => c.symbols.has(s)));
      if (wanted.length === 0) continue;
      this.send(c, wanted.map((a) => newsMessage(a, c.msgpack ? (t) => new Date(t) : rfc3339)));
    }
  }
}
