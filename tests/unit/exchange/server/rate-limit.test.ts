import { afterEach, describe, expect, it } from 'vitest';
import { FixedWindowRateLimiter } from '../../../../src-main/exchange/server/rate-limit.js';
import type { Route } from '../../../../src-main/exchange/server/route-types.js';
import { AUTH, startServer, type Harness } from './harness.js';

describe('rate limit', () => {
  it('counts per key in fixed, clock-aligned windows', () => {
    let now = 1_700_000_010_000;
    const limiter = new FixedWindowRateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').remaining)).toEqual([2, 1, 0]);
    const over = limiter.take('a');
    expect(over).toMatchObject({ allowed: false, remaining: 0, limit: 3 });
    expect(over.resetEpochSeconds).toBe(1_700_000_040);
    expect(limiter.take('b').allowed).toBe(true);
    now = 1_700_000_040_000;
    expect(limiter.take('a')).toMatchObject({ allowed: true, remaining: 2, resetEpochSeconds: 1_700_000_100 });
  });

  describe('over HTTP', () => {
    let h: Harness;
    afterEach(() => h.close());
    const routes: Route[] = [{ method: 'GET', path: '/v2/clock', handler: () => ({ status: 200, body: {} }) }];

    it('sends X-Ratelimit headers on every answer and 429 with the recorded body over the limit', async () => {
      let now = 1_700_000_000_000;
      h = await startServer(routes, { rateLimitPerMinute: 2, wallClock: () => now });
      const first = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
      expect(first.headers.get('x-ratelimit-limit')).toBe('2');
      expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
      expect(first.headers.get('x-ratelimit-reset')).toBe('1700000040');
      await fetch(`${h.url}/v2/clock`, { headers: AUTH });
      const third = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
      expect(third.status).toBe(429);
      expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(await third.json()).toEqual({ code: 42910000, message: 'rate limit exceeded' });
      now += 60_000;
      const later = await fetch(`${h.url}/v2/clock`, { headers: AUTH });
      expect(later.status).toBe(200);
      expect(later.headers.get('x-ratelimit-remaining')).toBe('1');
    });
  });
});
