import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { clientMessage, WS_CLOSE, type ServerMessage } from '../../src-shared/ipc/wire.js';
import { describeIssues } from '../ipc/router.js';
import { GuiSession } from '../ipc/session.js';
import { contentSecurityPolicy } from '../security/csp.js';
import type { Workstation } from '../services/workstation.js';
import { readStaticFile } from './static-files.js';

export interface HostOptions {
  workstation: Workstation;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks any free port. */
  port: number;
  /** Address to listen on; anything but loopback needs `allowRemote`. */
  bind?: string;
  allowRemote?: boolean;
  /** Fixed token for tests; otherwise a fresh random one per start. */
  token?: string;
  authTimeoutMs?: number;
}

export interface RunningHost {
  url: string;
  /** The URL with the token in its fragment (never sent to the server in requests or referrers). */
  urlWithToken: string;
  port: number;
  token: string;
  connections(): number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_MESSAGE_BYTES = 1024 * 1024;

export function isLoopback(address: string): boolean {
  return LOOPBACK.has(address) || address.startsWith('127.');
}

/**
 * The headless host: the built GUI over HTTP and the IPC contract over an authenticated WebSocket.
 * A socket must present the per-start token before anything else; until then every call is refused.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bind = options.bind ?? '127.0.0.1';
  if (!isLoopback(bind) && !options.allowRemote) {
    throw new CodedError(
      'FORBIDDEN',
      `refusing to listen on ${bind}: the host serves a trading account; pass --allow-remote to bind a non-loopback address`,
    );
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const log = options.workstation.log;
  log.redactor.addSecret(token);

  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const open = new Set<WebSocket>();
  let allowedHosts = new Set<string>();

  const hostAllowed = (header: string | undefined): boolean => header !== undefined && allowedHosts.has(header.toLowerCase());

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void serveHttp(request, response);
  });

  async function serveHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The Host check stops DNS-rebinding pages from reading the GUI through a name that resolves to loopback.
    if (!hostAllowed(request.headers.host)) return plain(response, 421, 'unknown host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'method not allowed');
    const file = await readStaticFile(options.rendererDir, request.url ?? '/');
    if (!file) return plain(response, 404, 'the GUI is not built: run `npm run build`');
    const wsOrigin = `ws://${request.headers.host ?? ''}`;
    response.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Content-Security-Policy': contentSecurityPolicy([wsOrigin]),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    const origin = request.headers.origin;
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(request.headers.host)) return refuseUpgrade(socket, 421, 'Misdirected Request');
    // Browsers always send Origin on a WebSocket; a foreign page's origin is refused before the handshake.
    if (!origin || !allowedHosts.has(originHost(origin))) {
      log.warn('host', 'refused a WebSocket from a foreign origin', { origin: String(origin).slice(0, 200) });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  });

  function accept(ws: WebSocket, request: IncomingMessage): void {
    const peer = `ws:${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    const send = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const session = new GuiSession(options.workstation.router, options.workstation.hub, peer, (batch) =>
      send({ t: 'event', ...batch }),
    );
    let authenticated = false;
    open.add(ws);
    const authTimer = setTimeout(() => {
      if (!authenticated) ws.close(WS_CLOSE.authTimeout, 'authentication timed out');
    }, options.authTimeoutMs ?? 10_000);

    ws.on('message', (data: RawData, isBinary: boolean) => {
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(rawText(data));
      } catch {
        return send({ t: 'error', error: { code: 'BAD_REQUEST', message: 'messages must be JSON text' } });
      }
      const parsed = clientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = invokeIdOf(raw);
        const error = { code: 'BAD_REQUEST', message: `malformed message: ${describeIssues(parsed.error)}` } as const;
        return id === undefined ? send({ t: 'error', error }) : send({ t: 'result', id, env: { ok: false, error } });
      }
      const message = parsed.data;
      if (message.t === 'auth') {
        const given = Buffer.from(message.token);
        if (given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes)) {
          authenticated = true;
          clearTimeout(authTimer);
          send({ t: 'auth', ok: true });
          log.info('host', 'GUI connected', { peer });
        } else {
          send({ t: 'auth', ok: false, error: { code: 'UNAUTHENTICATED', message: 'the token is not valid for this host' } });
          log.warn('host', 'refused a WebSocket with a wrong token', { peer });
          ws.close(WS_CLOSE.authFailed, 'authentication failed');
        }
        return;
      }
      if (!authenticated) {
        const error = { code: 'UNAUTHENTICATED', message: 'authenticate with the host token first' } as const;
        return message.t === 'invoke' ? send({ t: 'result', id: message.id, env: { ok: false, error } }) : send({ t: 'error', error });
      }
      switch (message.t) {
        case 'invoke':
          void session.invoke(message.id, message.ch, message.req).then((env) => send({ t: 'result', id: message.id, env }));
          return;
        case 'cancel':
          session.cancel(message.id);
          return;
        case 'sub': {
          const result = session.subscribe(message.ch);
          if (!result.ok) send({ t: 'error', error: result.error });
          return;
        }
        case 'unsub':
          session.unsubscribe(message.ch);
          return;
      }
    });

    ws.on('close', () => {
      clearTimeout(authTimer);
      session.close();
      open.delete(ws);
      if (authenticated) log.info('host', 'GUI disconnected', { peer });
    });
    ws.on('error', (error) => log.warn('host', 'WebSocket error', { peer, error: error.message }));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, bind, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = bind.includes(':') ? `[${bind}]` : bind;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${urlHost}:${port}`.toLowerCase()]);
  const url = `http://${urlHost}:${port}/`;
  log.info('host', 'headless host listening', { url, remote: !isLoopback(bind) });

  return {
    url,
    urlWithToken: `${url}#token=${encodeURIComponent(token)}`,
    port,
    token,
    connections: () => open.size,
    close: () => closeServer(server, open),
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function invokeIdOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  return record.t === 'invoke' && Number.isSafeInteger(record.id) && (record.id as number) >= 0 ? (record.id as number) : undefined;
}

function originHost(origin: string): string {
  try {
    const parsed = new URL(origin);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

async function closeServer(server: Server, open: Set<WebSocket>): Promise<void> {
  for (const ws of open) ws.close(WS_CLOSE.shuttingDown, 'host is shutting down');
  await new Promise<void>((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
