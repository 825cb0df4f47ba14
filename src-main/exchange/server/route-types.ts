import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

/**
 * The local exchange's HTTP surface is a list of routes (trading REST, market data REST) and stream endpoints
 * (trade_updates, market data). Route modules build on these types only; the server owns parsing, auth,
 * rate limits, fault injection and serialisation.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ExchangeRequest {
  method: HttpMethod;
  /** Path without the query, e.g. `/v2/orders/abc`. */
  path: string;
  /** Named segments of the route pattern (`/v2/orders/:order_id` gives `order_id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when there is none); malformed JSON never reaches a route. */
  body: unknown;
  /** The authenticated key id: every account-scoped route looks its account up by it. */
  keyId: string;
}

export interface ExchangeResponse {
  status: number;
  /** Serialised as JSON; absent for 204. */
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * A server-sent event stream instead of a JSON body: the server answers 200 `text/event-stream` and hands
   * the channel over; the stream lasts until the route ends it or the client goes away.
   */
  events?: (channel: EventChannel) => void;
}

export interface EventChannel {
  /** Writes one event: `data: <json>` (with `id:` when given). */
  send(data: unknown, id?: string | number): void;
  end(): void;
  onClose(listener: () => void): void;
}

export type RouteHandler = (request: ExchangeRequest) => ExchangeResponse | Promise<ExchangeResponse>;

export interface Route {
  method: HttpMethod;
  /** Pattern with `:name` segments; `/v2/orders:by_client_order_id` is a literal path. */
  path: string;
  handler: RouteHandler;
}

/** A WebSocket endpoint: the server matches the upgrade path and hands over the socket. */
export interface StreamEndpoint {
  /** e.g. `/stream`, `/v2/iex`, `/v1beta1/indicative`. */
  matches(path: string): boolean;
  onConnection(socket: WebSocket, request: IncomingMessage): void;
}

/**
 * An error with Alpaca's HTTP status and body (`{code, message, ...context}`); route handlers throw it and
 * the server answers with it unchanged. Bodies follow ../shared/alpaca-contract/errors/.
 */
export class AlpacaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code?: number; message: string } & Record<string, unknown>,
  ) {
    super(body.message);
    this.name = 'AlpacaHttpError';
  }
}
