import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FREE_SOCKET_TIMEOUT_MS, keepAliveFetch } from '../../../src-main/adapters/alpaca/execution/keep-alive-fetch.js';
import { FaultPlan } from '../../../src-main/exchange/faults.js';
import { createExchangeServer, EXCHANGE_KEEP_ALIVE_TIMEOUT_MS } from '../../../src-main/exchange/server/exchange-server.js';

/**
 * A server that keeps a connection after its first answer and closes it exactly when the client reuses it (the
 * next request's bytes arrive): the race that failed `orders.account` 27 times in 32 minutes. Plain TCP so the
 * close is placed to the byte, with no timer.
 */
function racingServer(close: 'hang-up' | 'reset'): Promise<{ server: Server; base: string; requests: string[]; connections: () => number }> {
  const requests: string[] = [];
  let connections = 0;
  const server = createTcpServer((socket: Socket) => {
    connections += 1;
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      const line = chunk.toString('latin1').split('\r\n')[0] ?? '';
      if (answered >= 1) {
        // The idle timeout "fires" as the reused socket's request arrives: closed unanswered.
        if (close === 'reset') socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      answered += 1;
      requests.push(line);
      const body = JSON.stringify({ request: line, connection: connections });
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`);
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, connections: () => connections })),
  );
}

describe('keep-alive sockets closed by the server at the moment of reuse', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => cleanup.splice(0).forEach((c) => c()));

  for (const close of ['hang-up', 'reset'] as const) {
    it(`a read still succeeds (${close === 'reset' ? 'ECONNRESET' : 'socket hang up'}): retried once on a fresh connection`, async () => {
      const { server, base, requests, connections } = await racingServer(close);
      const transport = keepAliveFetch();
      cleanup.push(() => transport.close(), () => server.close());
      expect((await transport.fetch(`${base}/v2/account`, { method: 'GET' })).status).toBe(200);
      const second = await transport.fetch(`${base}/v2/account`, { method: 'GET' });
      expect(second.status).toBe(200);
      expect(await second.json()).toMatchObject({ connection: 2 });
      expect(requests).toEqual(['GET /v2/account HTTP/1.1', 'GET /v2/account HTTP/1.1']);
      expect(connections()).toBe(2);
    });
  }

  it('a write on such a socket is not repeated (its outcome is the order manager\'s to settle)', async () => {
    const { server, base, requests } = await racingServer('reset');
    const transport = keepAliveFetch();
    cleanup.push(() => transport.close(), () => server.close());
    await transport.fetch(`${base}/v2/account`, { method: 'GET' });
    await expect(transport.fetch(`${base}/v2/orders/abc`, { method: 'DELETE' })).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(requests).toEqual(['GET /v2/account HTTP/1.1']);
  });

  it('the client drops idle sockets before the exchange server does', () => {
    const exchange = createExchangeServer({ routes: [], streams: [], keys: new Map<string, string>(), faults: new FaultPlan() });
    expect(exchange.server.keepAliveTimeout).toBe(EXCHANGE_KEEP_ALIVE_TIMEOUT_MS);
    expect(FREE_SOCKET_TIMEOUT_MS).toBeLessThan(EXCHANGE_KEEP_ALIVE_TIMEOUT_MS);
  });
});
