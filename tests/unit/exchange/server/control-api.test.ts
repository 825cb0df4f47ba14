import { afterEach, describe, expect, it } from 'vitest';
import { CONTROL_TOKEN_HEADER } from '../../../../src-main/exchange/server/control-api.js';
import { startServer, type Harness } from './harness.js';

describe('exchange control API', () => {
  let h: Harness;
  afterEach(() => h.close());
  const token = 'control-token-for-tests';

  it('refuses requests without the right token and changes nothing', async () => {
    h = await startServer([], { controlToken: token });
    const cases: Array<Record<string, string>> = [{}, { [CONTROL_TOKEN_HEADER]: 'wrong' }];
    for (const headers of cases) {
      const res = await fetch(`${h.url}/__exchange/faults`, { method: 'PUT', headers, body: JSON.stringify({ latencyMs: 500 }) });
      expect(res.status).toBe(403);
      expect((await res.json()) as { message: string }).toMatchObject({ code: 40310000, message: expect.stringContaining(CONTROL_TOKEN_HEADER) });
    }
    expect(h.faults.current.latencyMs).toBe(0);
  });

  it('reads and sets faults with the token, validating the changes', async () => {
    h = await startServer([], { controlToken: token });
    const headers = { [CONTROL_TOKEN_HEADER]: token };
    const put = await fetch(`${h.url}/__exchange/faults`, { method: 'PUT', headers, body: JSON.stringify({ latencyMs: 5, errorBurst: { status: 500, remaining: 3 } }) });
    expect(put.status).toBe(200);
    expect(h.faults.current).toMatchObject({ latencyMs: 5, errorBurst: { status: 500, remaining: 3 } });
    const bad = await fetch(`${h.url}/__exchange/faults`, { method: 'PUT', headers, body: JSON.stringify({ latencyMs: -1, bogus: true }) });
    expect(bad.status).toBe(422);
    const get = await fetch(`${h.url}/__exchange/faults`, { headers });
    expect(await get.json()).toMatchObject({ latencyMs: 5 });
    const clear = await fetch(`${h.url}/__exchange/faults`, { method: 'PUT', headers, body: JSON.stringify({ errorBurst: null, latencyMs: 0 }) });
    expect(await clear.json()).toMatchObject({ latencyMs: 0 });
    expect(h.faults.current.errorBurst).toBeUndefined();
  });

  it('disconnects streams, halts symbols and advances the clock through hooks', async () => {
    const halts: Array<[string, boolean]> = [];
    let now = 1000;
    h = await startServer([], {
      controlToken: token,
      control: { setHalted: (s, v) => halts.push([s, v]), advanceClock: (ms) => (now += ms) },
    });
    const kinds: string[] = [];
    h.faults.onDisconnect((k) => kinds.push(k));
    const headers = { [CONTROL_TOKEN_HEADER]: token };
    expect((await fetch(`${h.url}/__exchange/faults/disconnect-streams`, { method: 'POST', headers })).status).toBe(200);
    await fetch(`${h.url}/__exchange/faults/disconnect-streams`, { method: 'POST', headers, body: '{"kind":"trade_updates"}' });
    expect(kinds).toEqual(['all', 'trade_updates']);
    await fetch(`${h.url}/__exchange/market/halt`, { method: 'POST', headers, body: '{"symbol":"AAPL","halted":true}' });
    expect(halts).toEqual([['AAPL', true]]);
    const adv = await fetch(`${h.url}/__exchange/clock/advance`, { method: 'POST', headers, body: '{"ms":500}' });
    expect(await adv.json()).toEqual({ now: 1500 });
    const health = await fetch(`${h.url}/__exchange/health`, { headers });
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('says why when a hook is missing', async () => {
    h = await startServer([], { controlToken: token });
    const res = await fetch(`${h.url}/__exchange/clock/advance`, { method: 'POST', headers: { [CONTROL_TOKEN_HEADER]: token }, body: '{"ms":1}' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toContain('wall time');
  });
});
