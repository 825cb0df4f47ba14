import { describe, expect, it } from 'vitest';
import { Router } from '../../../../src-main/exchange/server/router.js';
import type { Route } from '../../../../src-main/exchange/server/route-types.js';

const handler = () => ({ status: 200 });
const route = (method: Route['method'], path: string): Route => ({ method, path, handler });

describe('exchange router', () => {
  const routes = [
    route('GET', '/v2/orders/:order_id'),
    route('PATCH', '/v2/orders/:order_id'),
    route('DELETE', '/v2/orders/:order_id'),
    route('GET', '/v2/orders:by_client_order_id'),
    route('GET', '/v2/orders'),
    route('POST', '/v2/orders'),
    route('GET', '/v2/positions/:symbol_or_asset_id'),
    route('GET', '/v2/stocks/:symbol/bars'),
    route('GET', '/v2/stocks/bars'),
  ];
  const router = new Router(routes);

  it('captures :param segments, decoded', () => {
    const m = router.match('GET', '/v2/orders/abc%2Fdef');
    expect(m).toMatchObject({ kind: 'found', params: { order_id: 'abc/def' } });
  });

  it('treats a colon inside a segment as a literal path', () => {
    const m = router.match('GET', '/v2/orders:by_client_order_id');
    expect(m.kind).toBe('found');
    if (m.kind === 'found') expect(m.route.path).toBe('/v2/orders:by_client_order_id');
    expect(router.match('GET', '/v2/orders:something_else').kind).toBe('not-found');
  });

  it('prefers literal segments over parameters, whatever the registration order', () => {
    const m = router.match('GET', '/v2/stocks/bars');
    if (m.kind !== 'found') throw new Error('no match');
    expect(m.route.path).toBe('/v2/stocks/bars');
    const single = router.match('GET', '/v2/stocks/AAPL/bars');
    expect(single).toMatchObject({ kind: 'found', params: { symbol: 'AAPL' } });
  });

  it('ignores a trailing slash and answers not-found for unknown paths', () => {
    expect(router.match('GET', '/v2/orders/').kind).toBe('found');
    expect(router.match('GET', '/v2/nothing').kind).toBe('not-found');
    expect(router.match('GET', '/v2/orders/a/b').kind).toBe('not-found');
  });

  it('tells a wrong method apart from an unknown path, listing the allowed ones', () => {
    expect(router.match('PUT', '/v2/orders/x')).toEqual({ kind: 'method-not-allowed', allowed: expect.arrayContaining(['GET', 'PATCH', 'DELETE']) });
    expect(router.match('DELETE', '/v2/stocks/bars')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  });

  it('refuses malformed escapes instead of throwing', () => {
    expect(router.match('GET', '/v2/orders/%E0%A4%A').kind).toBe('not-found');
  });
});
