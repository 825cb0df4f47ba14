import { trading } from '@alpacahq/alpaca-trade-api';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPostOrderRequest } from '../../../src-main/adapters/alpaca/execution/alpaca-venue.js';
import { resolveExecutionConfig } from '../../../src-main/adapters/alpaca/execution/execution-config.js';
import { toVenueOrder } from '../../../src-main/adapters/alpaca/execution/map-order.js';
import { OrderPost } from '../../../src-main/adapters/alpaca/execution/order-post.js';
import { toVenueError } from '../../../src-main/adapters/alpaca/execution/venue-errors.js';
import { VenueError } from '../../../src-main/kernel/orders/venue.js';
import { CONTRACT_DIR } from '../../support/contract.js';

/**
 * The hand-written order POST against a loopback HTTP server that answers with recorded Alpaca payloads: the
 * request is byte-for-byte what the SDK sends (body, auth headers), the answer maps to the same order, and each
 * failure maps to the same VenueError as the SDK path's.
 */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const accepted = readFileSync(join(CONTRACT_DIR, 'trading', 'order-accepted-limit-SPY.json'), 'utf8');
const duplicate = readFileSync(join(CONTRACT_DIR, 'errors', '422-client-order-id-must-be-unique.json'), 'utf8');

describe('OrderPost (POST /v2/orders without the SDK transport)', () => {
  let server: Server;
  let base = '';
  const seen: Seen[] = [];
  let answer: (response: ServerResponse) => void = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(accepted);

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        answer(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const config = (timeoutMs = 2_000) => resolveExecutionConfig({ mode: 'demo', keyId: 'PKTEST1234', secret: 'test-secret-value', baseUrl: base, timeoutMs, requestsPerSecond: 100 });
  const intent = { symbol: 'SPY', side: 'buy', type: 'stop_limit', timeInForce: 'day', qty: '1.5', limitPrice: '410.25', stopPrice: '409.10', extendedHours: false, orderClass: 'bracket', takeProfit: { limitPrice: '420' }, stopLoss: { stopPrice: '400', limitPrice: '399.5' } } as const;

  it('sends what the SDK sends and reads the answer as the SDK does', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(accepted);
    seen.length = 0;
    const sdk = new trading.OrdersApi(new trading.Configuration({ keyId: 'PKTEST1234', secret: 'test-secret-value', basePath: base, retry: { maxRetries: 0 } }));
    const viaSdk = toVenueOrder(await sdk.postOrder({ postOrderRequest: toPostOrderRequest(intent, 'ws-same-id') }));
    const post = new OrderPost(config(), undefined);
    const direct = await post.submit(toPostOrderRequest(intent, 'ws-same-id'));
    post.close();
    expect(direct).toEqual(viaSdk);
    expect(direct).toMatchObject({ symbol: 'SPY', status: 'accepted', qty: '1' });
    const [bySdk, byHand] = seen;
    expect(byHand!.method).toBe('POST');
    expect(byHand!.url).toBe(bySdk!.url);
    expect(JSON.parse(byHand!.body)).toEqual(JSON.parse(bySdk!.body));
    expect(JSON.parse(byHand!.body)).toMatchObject({ client_order_id: 'ws-same-id', qty: '1.5', limit_price: '410.25', stop_price: '409.10', order_class: 'bracket', take_profit: { limit_price: '420' } });
    for (const header of ['apca-api-key-id', 'apca-api-secret-key', 'content-type']) expect(byHand!.headers[header]).toBe(bySdk!.headers[header]);
    // Keep-alive: the connection stays open for the next order.
    expect(byHand!.headers.connection).toBe('keep-alive');
  });

  const failure = async (respond: (response: ServerResponse) => void, timeoutMs = 2_000): Promise<VenueError> => {
    answer = respond;
    const post = new OrderPost(config(timeoutMs), undefined);
    try {
      await post.submit(toPostOrderRequest(intent, 'ws-fails'));
    } catch (error) {
      return error as VenueError;
    } finally {
      post.close();
    }
    throw new Error('the post did not fail');
  };

  it('maps refusals and missing answers as the SDK path does', async () => {
    const limited = await failure((r) => r.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' }).end('{"message":"too many requests"}'));
    expect(limited).toMatchObject({ kind: 'rate-limited', code: 'RATE_LIMITED', retryAfterMs: 2000 });
    const dup = await failure((r) => r.writeHead(422, { 'content-type': 'application/json' }).end(duplicate));
    expect(dup).toMatchObject({ kind: 'duplicate-client-order-id', code: 'DUPLICATE_CLIENT_ORDER_ID' });
    const poor = await failure((r) => r.writeHead(403, { 'content-type': 'application/json' }).end('{"code":40310000,"message":"insufficient buying power"}'));
    expect(poor).toMatchObject({ kind: 'rejected', code: 'INSUFFICIENT_BUYING_POWER', message: 'insufficient buying power' });
    const down = await failure((r) => r.writeHead(503).end('upstream down'));
    expect(down).toMatchObject({ kind: 'unknown-outcome', code: 'BROKER_UNAVAILABLE' });
    const silent = await failure(() => {}, 200);
    expect(silent).toMatchObject({ kind: 'unknown-outcome', code: 'NO_ANSWER' });
    expect(silent.message).toMatch(/no answer within 200 ms/);
    const reset = await failure((r) => r.socket?.destroy());
    expect(reset).toMatchObject({ kind: 'unknown-outcome', code: 'NO_ANSWER' });
    // The same 403 through the SDK maps to the same error.
    answer = (r) => r.writeHead(403, { 'content-type': 'application/json' }).end('{"code":40310000,"message":"insufficient buying power"}');
    const sdk = new trading.OrdersApi(new trading.Configuration({ keyId: 'PKTEST1234', secret: 'test-secret-value', basePath: base, retry: { maxRetries: 0 } }));
    const viaSdk = await sdk.postOrder({ postOrderRequest: toPostOrderRequest(intent, 'ws-fails') }).catch((error: unknown) => toVenueError(error, true));
    expect(viaSdk).toMatchObject({ kind: poor.kind, code: poor.code, message: poor.message });
  });

  it('waits its turn in the shared token bucket: with no token left nothing reaches the broker', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(accepted);
    const bucket = new trading.RateLimiter({ maxRequests: 1, intervalMs: 3_600_000 });
    const post = new OrderPost(config(), bucket);
    seen.length = 0;
    await post.submit(toPostOrderRequest(intent, 'ws-a'));
    let settled = false;
    void post.submit(toPostOrderRequest(intent, 'ws-b')).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(settled).toBe(false);
    expect(seen.map((s) => (JSON.parse(s.body) as { client_order_id: string }).client_order_id)).toEqual(['ws-a']);
    post.close();
  });
});
