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
import { setFrameLimit } from './frame-limit.js';
import { DEFAULT_HOST_LIMITS, type HostLimits } from './limits.js';
import { Outbound } from './outbound.js';
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
/**
 * A refused stranger that does not answer the close handshake would hold its place under the cap on unauthenticated
 * sockets for ws's 30 s close timeout; it is cut off after this instead (a real GUI answers within milliseconds).
 */
const STRANGER_CLOSE_MS = 1_000;

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
  const open = new Set<WebSocket>();
  let unauthenticated = 0;
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
    if (open.size >= limits.maxConnections || unauthenticated >= limits.maxUnauthenticated) {
      refusals.refuse('too-many-connections', peer, { open: open.size, unauthenticated });
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    sockets.handleUpgrade(request, socket, head, (ws) => accept(ws, peer));
  });

  function accept(ws: WebSocket, peer: string): void {
    let authenticated = false;
    let closing = false;
    let messagesBeforeAuth = 0;
    const drop = (code: number, reason: string, terminateAfterMs?: number): void => {
      if (closing) return;
      closing = true;
      ws.close(code, reason);
      // A peer that does not read never receives the close frame either; its buffers go when the socket does.
      if (terminateAfterMs !== undefined) setTimeout(() => ws.terminate(), terminateAfterMs).unref();
    };
    const outbound = new Outbound(ws, {
      limits,
      onOverflow: (reason) => {
        log.warn('host', 'closed a GUI connection that fell behind reading', { peer, reason });
        drop(WS_CLOSE.slowReader, 'the GUI fell behind reading; reconnect to reload', 1_000);
      },
    });
    const reply = (message: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) outbound.reply(JSON.stringify(message));
    };
    const session = new GuiSession(options.workstation.router, options.workstation.hub, peer, (batch) => {
      if (ws.readyState === ws.OPEN) outbound.event(JSON.stringify({ t: 'event', ...batch } satisfies ServerMessage));
    });
    open.add(ws);
    unauthenticated += 1;
    setFrameLimit(ws, limits.preAuthFrameBytes);
    const authTimer = setTimeout(() => {
      if (authenticated) return;
      refusals.refuse('auth-timeout', peer);
      drop(WS_CLOSE.authTimeout, 'authentication timed out', STRANGER_CLOSE_MS);
    }, options.authTimeoutMs ?? 10_000);

    /**
     * Before the token: only small frames, and nothing but the auth message is looked at, so a stranger's frames
     * cost main no parsing or validation beyond a few kilobytes each.
     */
    function beforeAuth(data: RawData, isBinary: boolean): void {
      const bytes = byteLength(data);
      if (bytes > limits.preAuthFrameBytes) {
        refusals.refuse('frame-too-big', peer, { bytes });
        return drop(WS_CLOSE.tooBig, 'frame too big before authentication', 0);
      }
      if (++messagesBeforeAuth > limits.preAuthMessages) {
        refusals.refuse('too-many-messages', peer);
        return drop(WS_CLOSE.protocolError, 'authenticate first', STRANGER_CLOSE_MS);
      }
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(rawText(data));
      } catch {
        return reply({ t: 'error', error: { code: 'BAD_REQUEST', message: 'messages must be JSON text' } });
      }
      const token = authTokenOf(raw);
      if (token === undefined) {
        const error = { code: 'UNAUTHENTICATED', message: 'authenticate with the host token first' } as const;
        const id = invokeIdOf(raw);
        return id === undefined ? reply({ t: 'error', error }) : reply({ t: 'result', id, env: { ok: false, error } });
      }
      if (tokenMatches(token)) {
        authenticated = true;
        unauthenticated -= 1;
        clearTimeout(authTimer);
        setFrameLimit(ws, limits.frameBytes);
        reply({ t: 'auth', ok: true });
        log.info('host', 'GUI connected', { peer });
        return;
      }
      refuseToken();
    }

    function refuseToken(): void {
      reply({ t: 'auth', ok: false, error: { code: 'UNAUTHENTICATED', message: 'the token is not valid for this host' } });
      refusals.refuse('auth-failed', peer);
      drop(WS_CLOSE.authFailed, 'authentication failed', authenticated ? undefined : STRANGER_CLOSE_MS);
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (closing) return;
      if (!authenticated) return beforeAuth(data, isBinary);
      let raw: unknown;
      try {
        if (isBinary) throw new Error('binary');
        raw = JSON.parse(rawText(data));
      } catch {
        return reply({ t: 'error', error: { code: 'BAD_REQUEST', message: 'messages must be JSON text' } });
      }
      const parsed = clientMessage.safeParse(raw);
      if (!parsed.success) {
        const id = invokeIdOf(raw);
        const error = { code: 'BAD_REQUEST', message: `malformed message: ${describeIssues(parsed.error)}` } as const;
        return id === undefined ? reply({ t: 'error', error }) : reply({ t: 'result', id, env: { ok: false, error } });
      }
      const message = parsed.data;
      switch (message.t) {
        case 'auth':
          if (tokenMatches(message.token)) reply({ t: 'auth', ok: true });
          else refuseToken();
          return;
        case 'invoke':
          void session.invoke(message.id, message.ch, message.req).then((env) => reply({ t: 'result', id: message.id, env }));
          return;
        case 'cancel':
          session.cancel(message.id);
          return;
        case 'sub': {
          const result = session.subscribe(message.ch);
          if (!result.ok) reply({ t: 'error', error: result.error });
          return;
        }
        case 'unsub':
          session.unsubscribe(message.ch);
          return;
      }
    });

    ws.on('close', () => {
      clearTimeout(authTimer);
      outbound.dispose();
      session.close();
      open.delete(ws);
      if (authenticated) log.info('host', 'GUI disconnected', { peer });
      else unauthenticated -= 1;
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws refuses an oversized frame from its header (see setFrameLimit) and starts a close handshake that a
      // stranger still sending would hold open for ws's 30 s; a stranger is cut off at once instead.
      if (!authenticated && error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        refusals.refuse('frame-too-big', peer);
        setTimeout(() => ws.terminate(), 0).unref();
      } else log.warn('host', 'WebSocket error', { peer, error: error.message });
    });
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
    bufferedBytes: () => [...open].reduce((sum, ws) => sum + ws.bufferedAmount, 0),
    close: async () => {
      refusals.flush();
      await closeServer(server, open);
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** The token of an auth message, read without the full message schema (the only message taken before it). */
function authTokenOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const record = raw as Record<string, unknown>;
  return record.t === 'auth' && typeof record.token === 'string' && record.token.length > 0 ? record.token : undefined;
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
