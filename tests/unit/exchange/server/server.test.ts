import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaHttpError, type Route } from '../../../../src-main/exchange/server/route-types.js';
import { AUTH, KEY_ID, startServer, type Harness } from './harness.js';

describe('exchange server: auth, bodies, errors', () => {
  let h: Harness;
  afterEach(() => h.close());

  const seen: unknown[] = [];
  const routes: Route[] = [
    { method: 'GET', path: '/v2/account', handler: (r) => ({ status: 200, body: { key: r.keyId } }) },
    {
      method: 'POST',
      path: '/v2/echo',
      handler: (r) => {
        seen.push(r.body);
        return { status: 200, body: { body: r.body ?? null } };
      },
    },
    { method: 'DELETE', path: '/v2/orders/:id', handler: () => ({ status: 204 }) },
    { method: 'GET', path: '/v2/fails', handler: () => { throw new AlpacaHttpError(404, { code: 40410000, message: 'order not found' }); } },
    { method: 'GET', path: '/v2/crash', handler: () => { throw new TypeError('boom'); } },
  ];

  it('answers an authenticated request as JSON', async () => {
    h = await startServer(routes);
    const res = await fetch(`${h.url}/v2/account`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ key: KEY_ID });
  });

  it('refuses missing, wrong or misnamed credentials with the recorded 403 body', async () => {
    h = await startServer(routes);
    const cases: Array<Record<string, string>> = [
      {},
      { 'APCA-API-KEY-ID': KEY_ID },
      { ...AUTH, 'APCA-API-SECRET-KEY': 'wrong' },
      { ...AUTH, 'APCA-API-KEY-ID': 'PKUNKNOWN' },
      // errors/403-forbidden-bad-auth-headers.json came from underscores instead of dashes.
      { APCA_API_KEY_ID: KEY_ID, APCA_API_SECRET_KEY: 'x' },
    ];
    for (const headers of cases) {
      const res = await fetch(`${h.url}/v2/account`, { headers });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'forbidden.' });
    }
  });

  it('answers unknown paths with 404 and wrong methods with 405, in Alpaca body format', async () => {
    h = await startServer(routes);
    const missing = await fetch(`${h.url}/v2/nope`, { headers: AUTH });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 40410000, message: 'endpoint not found' });
    const wrong = await fetch(`${h.url}/v2/account`, { method: 'POST', headers: AUTH });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(await wrong.json()).toMatchObject({ code: 40510000 });
  });

  it('stops malformed JSON before the route, with 400 and code 40010000', async () => {
    h = await startServer(routes);
    seen.length = 0;
    for (const body of ['{"symbol": "AAPL",', 'not json', '{"a":1}}']) {
      const res = await fetch(`${h.url}/v2/echo`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 40010000, message: 'request body format is invalid' });
    }
    expect(seen).toEqual([]);
    const ok = await fetch(`${h.url}/v2/echo`, { method: 'POST', headers: AUTH, body: '{"a":[1,2]}' });
    expect(await ok.json()).toEqual({ body: { a: [1, 2] } });
  });

  it('caps the body size', async () => {
    h = await startServer(routes, { bodyLimitBytes: 1000 });
    const res = await fetch(`${h.url}/v2/echo`, { method: 'POST', headers: AUTH, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 41310000 });
  });

  it('passes AlpacaHttpError through and turns other errors into a logged 500', async () => {
    h = await startServer(routes);
    const notFound = await fetch(`${h.url}/v2/fails`, { headers: AUTH });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ code: 40410000, message: 'order not found' });
    const crash = await fetch(`${h.url}/v2/crash`, { headers: AUTH });
    expect(crash.status).toBe(500);
    expect(await crash.json()).toEqual({ code: 50010000, message: 'internal server error' });
    expect(h.errors.join('\n')).toContain('boom');
  });

  it('sends 204 without a body', async () => {
    h = await startServer(routes);
    const res = await fetch(`${h.url}/v2/orders/abc`, { method: 'DELETE', headers: AUTH });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('refuses WebSocket upgrades to unknown paths with 404', async () => {
    h = await startServer(routes);
    const { default: WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${h.url.replace('http', 'ws')}/v2/nowhere`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
      ws.once('error', () => undefined);
    });
    expect(status).toBe(404);
  });
});
