import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer } from 'ws';
import type { FaultPlan } from '../faults.js';
import {
  BODY_FORMAT_INVALID,
  BODY_TOO_LARGE,
  ENDPOINT_NOT_FOUND,
  FORBIDDEN,
  INTERNAL_ERROR,
  METHOD_NOT_ALLOWED,
  RATE_LIMIT_EXCEEDED,
  SERVER_ERRORS,
} from './alpaca-errors.js';
import { KeyStore } from './auth.js';
import { readJsonBody, DEFAULT_BODY_LIMIT_BYTES } from './body.js';
import { CONTROL_PREFIX, ControlApi, type ControlHooks } from './control-api.js';
import { FixedWindowRateLimiter, type RateDecision } from './rate-limit.js';
import { sendJson } from './respond.js';
import { Router } from './router.js';
import { AlpacaHttpError, type ExchangeResponse, type HttpMethod, type Route, type StreamEndpoint } from './route-types.js';

/** How long the exchange keeps an idle keep-alive connection open (Node's default, as Alpaca-facing clients expect). */
export const EXCHANGE_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** The part of the workstation's Logger the server needs (any object with these methods will do). */
export interface ExchangeLog {
  warn(source: string, message: string, fields?: Record<string, unknown>): void;
  error(source: string, message: string, fields?: Record<string, unknown>): void;
}

export interface ExchangeServerOptions {
  routes: readonly Route[];
  streams: readonly StreamEndpoint[];
  /** keyId -> secret */
  keys: ReadonlyMap<string, string>;
  faults: FaultPlan;
  /** Requests per key per minute (Alpaca: 200). */
  rateLimitPerMinute?: number;
  /** Wall time for the rate-limit windows (their reset header is compared with clients' clocks); tests fake it. */
  wallClock?: () => number;
  /** The control API's token; a random one is made when absent. */
  controlToken?: string;
  control?: ControlHooks;
  log?: ExchangeLog;
  bodyLimitBytes?: number;
}

export interface ExchangeServer {
  readonly server: Server;
  readonly controlToken: string;
  /** Listens on 127.0.0.1 (port 0 picks a free one) and resolves with the port. */
  listen(port?: number): Promise<number>;
  /** http://127.0.0.1:PORT once listening. */
  readonly url: string;
  close(): Promise<void>;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];
const consoleLog: ExchangeLog = {
  warn: (source, message, fields) => console.warn(`[${source}] ${message}`, fields ?? ''),
  error: (source, message, fields) => console.error(`[${source}] ${message}`, fields ?? ''),
};

function isMethod(method: string | undefined): method is HttpMethod {
  return (METHODS as readonly string[]).includes(method ?? '');
}

/** The order submission endpoint: the one whose answers `dropOrderResponses` swallows. */
function isOrderSubmission(method: HttpMethod, route: Route): boolean {
  return method === 'POST' && route.path === '/v2/orders';
}

export function createExchangeServer(options: ExchangeServerOptions): ExchangeServer {
  const router = new Router(options.routes);
  const keys = new KeyStore(options.keys);
  const limiter = new FixedWindowRateLimiter(options.rateLimitPerMinute ?? 200, options.wallClock);
  const controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
  const control = new ControlApi(controlToken, options.faults, options.control);
  const log = options.log ?? consoleLog;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const faults = options.faults;
  const sockets = new Set<Socket>();
  let port = 0;

  async function handleControl(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    const refusal = control.authorize(req);
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    const body = await readJsonBody(req, bodyLimit);
    if (body.kind === 'malformed') return sendJson(res, 400, BODY_FORMAT_INVALID);
    if (body.kind === 'too-large') return sendJson(res, 413, BODY_TOO_LARGE);
    const answer = control.handle(method, path, body.body);
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  async function handleAlpaca(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
    const method = req.method;
    if (!isMethod(method)) return sendJson(res, 405, METHOD_NOT_ALLOWED, { Allow: METHODS.join(', ') });
    const match = router.match(method, path);
    if (match.kind === 'not-found') return sendJson(res, 404, ENDPOINT_NOT_FOUND);
    if (match.kind === 'method-not-allowed') return sendJson(res, 405, METHOD_NOT_ALLOWED, { Allow: match.allowed.join(', ') });

    const keyId = keys.verifyHeaders(req.headers);
    if (!keyId) return sendJson(res, 403, FORBIDDEN);

    const rate = limiter.take(keyId);
    const rateHeaders = FixedWindowRateLimiter.headers(rate);
    if (!rate.allowed) return sendJson(res, 429, RATE_LIMIT_EXCEEDED, rateHeaders);

    const latency = faults.current.latencyMs;
    if (latency > 0) await delay(latency);
    const injected = faults.takeError(isOrderSubmission(method, match.route));
    if (injected !== undefined) return sendInjectedError(res, injected, rate);

    const body = await readJsonBody(req, bodyLimit);
    if (body.kind === 'malformed') return sendJson(res, 400, BODY_FORMAT_INVALID, rateHeaders);
    if (body.kind === 'too-large') return sendJson(res, 413, BODY_TOO_LARGE, rateHeaders);

    const answer: ExchangeResponse = await match.route.handler({ method, path, params: match.params, query, body: body.body, keyId });
    if (isOrderSubmission(method, match.route) && answer.status < 300 && faults.takeDroppedOrderResponse()) {
      // The order exists now; the client never learns it. This is the case client order ids exist for.
      req.socket.destroy();
      return;
    }
    if (answer.events) return openEventStream(res, answer.events, rateHeaders);
    sendJson(res, answer.status, answer.body, { ...rateHeaders, ...answer.headers });
  }

  function openEventStream(res: ServerResponse, events: NonNullable<ExchangeResponse['events']>, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders();
    events({
      send(data, id) {
        if (res.writableEnded || res.destroyed) return;
        res.write(`${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
      },
      end: () => res.end(),
      onClose: (listener) => res.on('close', listener),
    });
  }

  function sendInjectedError(res: ServerResponse, status: 429 | 500 | 502 | 503 | 504, rate: RateDecision): void {
    if (status === 429) {
      return sendJson(res, 429, RATE_LIMIT_EXCEEDED, FixedWindowRateLimiter.headers({ ...rate, remaining: 0 }));
    }
    sendJson(res, status, SERVER_ERRORS[status], FixedWindowRateLimiter.headers(rate));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://exchange.invalid');
    const path = url.pathname;
    const work = path.startsWith(CONTROL_PREFIX)
      ? handleControl(req, res, req.method ?? 'GET', path)
      : handleAlpaca(req, res, path, url.searchParams);
    work.catch((error: unknown) => {
      if (error instanceof AlpacaHttpError) return sendJson(res, error.status, error.body);
      log.error('exchange', 'request failed', { method: req.method, path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      sendJson(res, 500, INTERNAL_ERROR);
    });
  });
  // Node's default, stated: clients must drop idle pooled sockets before this (keep-alive-fetch.ts keeps 4 s).
  server.keepAliveTimeout = EXCHANGE_KEEP_ALIVE_TIMEOUT_MS;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  // Compression is left off: loopback gains nothing from it, and it costs latency on every frame.
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://exchange.invalid').pathname;
    const endpoint = options.streams.find((s) => s.matches(path));
    if (!endpoint) {
      const body = JSON.stringify(ENDPOINT_NOT_FOUND);
      socket.end(`HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      try {
        endpoint.onConnection(ws, req);
      } catch (error) {
        log.error('exchange', 'stream endpoint failed on connect', { path, error: String(error) });
        ws.close(1011, 'internal error');
      }
    });
  });

  return {
    server,
    controlToken,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    listen(wanted = 0) {
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(wanted, '127.0.0.1', () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          resolve(port);
        });
      });
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
