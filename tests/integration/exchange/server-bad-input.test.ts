import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExchange, type RunningExchange } from '../../../src-main/exchange/exchange.js';

/**
 * Bad requests over real HTTP against the composed exchange: each gets Alpaca's status and `{code, message}`
 * body, and none of them changes the account (cash, positions, orders).
 */
const START = Date.parse('2024-03-06T15:00:00Z');

describe('bad input over HTTP', () => {
  let ex: RunningExchange;
  let headers: Record<string, string>;
  const post = (body: string) => fetch(`${ex.tradingUrl}/v2/orders`, { method: 'POST', headers, body });
  const order = (fields: Record<string, unknown>) => post(JSON.stringify({ symbol: 'AAPL', side: 'buy', type: 'market', time_in_force: 'day', ...fields }));
  const snapshot = async () => {
    const get = async (path: string) => (await (await fetch(`${ex.tradingUrl}${path}`, { headers })).json()) as unknown;
    const account = (await get('/v2/account')) as Record<string, unknown>;
    return { cash: account.cash, buyingPower: account.buying_power, positions: await get('/v2/positions'), orders: await get('/v2/orders?status=all') };
  };

  beforeAll(async () => {
    ex = await startExchange({ seed: 5, speed: 1, startTime: START });
    headers = { 'APCA-API-KEY-ID': ex.keys.keyId, 'APCA-API-SECRET-KEY': ex.keys.secret, 'Content-Type': 'application/json' };
  });
  afterAll(() => ex.close());

  it('answers each with Alpaca status and body, and leaves the account as it was', async () => {
    const before = await snapshot();
    const cases: Array<{ name: string; send: () => Promise<Response>; status: number; code: number; message?: RegExp }> = [
      { name: 'malformed JSON', send: () => post('{"symbol": "AAPL", "qty": '), status: 400, code: 40010000, message: /request body format is invalid/ },
      { name: 'unknown symbol', send: () => order({ symbol: 'NOSUCHSYMBOL1', qty: '1' }), status: 422, code: 40010001, message: /not found/ },
      { name: 'zero quantity', send: () => order({ qty: '0' }), status: 422, code: 40010001 },
      { name: 'negative quantity', send: () => order({ qty: '-5' }), status: 422, code: 40010001 },
      { name: 'negative notional', send: () => order({ notional: '-100' }), status: 422, code: 40010001 },
      { name: 'both qty and notional', send: () => order({ qty: '1', notional: '100' }), status: 422, code: 40010001, message: /only one of qty or notional/ },
      { name: 'neither qty nor notional', send: () => order({}), status: 422, code: 40010001, message: /qty or notional is required/ },
      { name: 'limit order without limit price', send: () => order({ qty: '1', type: 'limit' }), status: 422, code: 40010001, message: /limit_price/ },
      { name: 'unknown order id', send: () => fetch(`${ex.tradingUrl}/v2/orders/7c0f6b6a-0000-4000-8000-000000000000`, { headers }), status: 404, code: 40410000 },
      { name: 'cancel of an unknown order', send: () => fetch(`${ex.tradingUrl}/v2/orders/7c0f6b6a-0000-4000-8000-000000000000`, { method: 'DELETE', headers }), status: 404, code: 40410000 },
    ];
    const failures: string[] = [];
    for (const c of cases) {
      const res = await c.send();
      const body = (await res.json()) as { code?: number; message?: string };
      const ok = res.status === c.status && body.code === c.code && typeof body.message === 'string' && body.message.length > 0 && (!c.message || c.message.test(body.message));
      if (!ok) failures.push(`${c.name}: got ${res.status} ${JSON.stringify(body)}, want ${c.status} code ${c.code}${c.message ? ` ${String(c.message)}` : ''}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
