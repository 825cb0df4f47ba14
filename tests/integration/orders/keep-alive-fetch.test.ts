import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from '../../../src-main/adapters/alpaca/execution/keep-alive-fetch.js';

/** The SDK's transport for trading requests, against a loopback server: what fetch would do, over pooled sockets. */
describe('keepAliveFetch (the SDK transport over node:http keep-alive)', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string; socket: number }> = [];
  const sockets = new Map<unknown, number>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (!sockets.has(request.socket)) sockets.set(request.socket, sockets.size + 1);
        seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, socket: sockets.get(request.socket)! });
        if (request.url === '/v2/orders/none') response.writeHead(204).end();
        else if (request.url === '/slow') setTimeout(() => response.writeHead(200).end('late'), 2_000);
        else response.writeHead(request.url === '/v2/refused' ? 422 : 200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '199' }).end(JSON.stringify({ echo: body || null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends method, query, headers and a JSON body, and answers as a fetch Response; one socket serves them in turn', async () => {
    const transport = keepAliveFetch();
    seen.length = 0;
    const posted = await transport.fetch(`${base}/v2/orders?nested=true`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'APCA-API-KEY-ID': 'PKX' }, body: '{"qty":"1"}' });
    expect(posted.status).toBe(200);
    expect(posted.headers.get('x-ratelimit-remaining')).toBe('199');
    expect(await posted.json()).toEqual({ echo: '{"qty":"1"}' });
    const refused = await transport.fetch(new URL(`${base}/v2/refused`), { method: 'GET', headers: new Headers({ accept: 'application/json' }) });
    expect(refused.status).toBe(422);
    expect(await refused.clone().json()).toEqual({ echo: null });
    const empty = await transport.fetch(`${base}/v2/orders/none`, { method: 'DELETE' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['POST', '/v2/orders?nested=true'],
      ['GET', '/v2/refused'],
      ['DELETE', '/v2/orders/none'],
    ]);
    expect(seen[0]!.headers['apca-api-key-id']).toBe('PKX');
    expect(seen[0]!.headers['content-length']).toBe('11');
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
    transport.close();
  });

  it('an abort (the SDK timeout) rejects with an AbortError, as fetch does', async () => {
    const transport = keepAliveFetch();
    const controller = new AbortController();
    const pending = transport.fetch(`${base}/slow`, { method: 'GET', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    transport.close();
  });
});
