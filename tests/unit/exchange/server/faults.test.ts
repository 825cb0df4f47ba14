import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Route } from '../../../../src-main/exchange/server/route-types.js';
import { AUTH, startServer, type Harness } from './harness.js';

describe('fault injection in the server', () => {
  let h: Harness;
  afterEach(() => h.close());
  const orders: unknown[] = [];
  const routes: Route[] = [
    { method: 'GET', path: '/v2/clock', handler: () => ({ status: 200, body: { ok: true } }) },
    {
      method: 'POST',
      path: '/v2/orders',
      handler: (r) => {
        orders.push(r.body);
        return { status: 200, body: { id: `o${orders.length}` } };
      },
    },
  ];

  it('adds latency to responses', async () => {
    h = await startServer(routes);
    h.faults.set({ latencyMs: 120 });
    const started = performance.now();
    const res = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('answers an error burst with the chosen status, then recovers', async () => {
    h = await startServer(routes);
    h.faults.set({ errorBurst: { status: 503, remaining: 2 } });
    const statuses: number[] = [];
    const bodies: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
      statuses.push(res.status);
      bodies.push(await res.json());
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(bodies[0]).toEqual({ code: 50310000, message: 'service unavailable' });
    expect(h.faults.current.errorBurst).toBeUndefined();
  });

  it('an orders-only burst passes other requests and errors the next order submission', async () => {
    h = await startServer(routes);
    orders.length = 0;
    h.faults.set({ errorBurst: { status: 429, remaining: 1, ordersOnly: true } });
    expect((await fetch(`${h.url}/v2/clock`, { headers: AUTH })).status).toBe(200);
    const post = (): Promise<Response> => fetch(`${h.url}/v2/orders`, { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ symbol: 'AAPL' }) });
    expect((await post()).status).toBe(429);
    expect(orders).toHaveLength(0);
    expect((await post()).status).toBe(200);
    expect(orders).toHaveLength(1);
    expect(h.faults.current.errorBurst).toBeUndefined();
  });

  it('injects 429 with rate-limit headers', async () => {
    h = await startServer(routes);
    h.faults.set({ errorBurst: { status: 429, remaining: 1 } });
    const res = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
    expect(res.status).toBe(429);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d{10}$/);
    expect(await res.json()).toEqual({ code: 42910000, message: 'rate limit exceeded' });
  });

  it('executes a dropped order but destroys the socket instead of answering', async () => {
    h = await startServer(routes);
    orders.length = 0;
    h.faults.set({ dropOrderResponses: 1 });
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${h.url}/v2/orders`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' } }, (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.end(JSON.stringify({ symbol: 'AAPL' }));
    });
    expect(outcome).toBe('ECONNRESET');
    expect(orders).toEqual([{ symbol: 'AAPL' }]);
    const next = await fetch(`${h.url}/v2/orders`, { method: 'POST', headers: AUTH, body: '{"symbol":"MSFT"}' });
    expect(next.status).toBe(200);
    expect(orders).toHaveLength(2);
  });
});
