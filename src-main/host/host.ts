import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CodedError } from '../../src-shared/ipc/errors.js';
import { WS_CLOSE } from '../../src-shared/ipc/wire.js';
import { contentSecurityPolicy } from '../security/csp.js';
import type { Workstation } from '../services/workstation.js';
import { HostConnections } from './connection.js';
import { DEFAULT_HOST_LIMITS, type HostLimits } from './limits.js';
import { RefusalLog } from './refusal-log.js';
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
  /** Overrides of the connection limits (tests use small ones). */
  limits?: Partial<HostLimits>;
}

export interface RunningHost {
  url: string;
  /** The URL with the token in its fragment (never sent to the server in requests or referrers). */
  urlWithToken: string;
  port: number;
  token: string;
  connections(): number;
  /** Bytes queued for all connections and not yet read by their peers (bounded by the limits). */
  bufferedBytes(): number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

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
  const tokenMatches = (given: string): boolean => {
    const bytes = Buffer.from(given);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };

  const limits: HostLimits = { ...DEFAULT_HOST_LIMITS, ...options.limits };
  const refusals = new RefusalLog(log, { windowMs: limits.refusalWindowMs });
  const server = createServer();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: limits.frameBytes });
  const connections = new HostConnections({
    workstation: options.workstation,
    limits,
    refusals,
    tokenMatches,
    authTimeoutMs: options.authTimeoutMs ?? 10_000,
  });
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
    const peer = `ws:${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (!hostAllowed(request.headers.host)) {
      refusals.refuse('unknown-host', peer);
      return refuseUpgrade(socket, 421, 'Misdirected Request');
    }
    // Browsers always send Origin on a WebSocket; a foreign page's origin is refused before the handshake.
    if (!origin || !allowedHosts.has(originHost(origin))) {
      refusals.refuse('foreign-origin', peer, { origin: String(origin).slice(0, 200) });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    // Caps before the handshake: strangers waiting to authenticate cannot crowd out the trader's own tabs.
    if (connections.full()) {
      refusals.refuse('too-many-connections', peer, connections.counts());
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => connections.accept(ws, peer));
  });

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
    connections: () => connections.open.size,
    bufferedBytes: () => connections.bufferedBytes(),
    close: async () => {
      refusals.flush();
      await closeServer(server, connections.open);
    },
  };
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
