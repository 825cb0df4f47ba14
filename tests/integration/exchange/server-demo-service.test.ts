import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWorkstation, type TestWorkstation } from '../../support/workstation.js';

describe('demo mode starts the local exchange', () => {
  let t: TestWorkstation;
  beforeAll(async () => {
    t = await startTestWorkstation();
  });
  afterAll(() => t.dispose());

  it('reports it healthy with its trading URL, and exposes URLs and keys for the adapter', async () => {
    const health = t.workstation.registry.health().find((h) => h.name === 'demo-exchange');
    expect(health?.state).toBe('ok');
    expect(health?.detail).toMatch(/^trading at http:\/\/127\.0\.0\.1:\d+ \((main|worker) thread; (wall clock|simulated clock from \S+)\)$/);
    const endpoints = t.workstation.demoExchange!.endpoints;
    expect(health?.detail).toContain(endpoints.tradingUrl);
    expect(endpoints.keys.keyId).toMatch(/^PK[A-Z0-9]{18}$/);
    expect(endpoints.keys.secret).toHaveLength(40);
    expect(endpoints.streamUrl).toBe(`${endpoints.tradingUrl.replace('http', 'ws')}/stream`);
    // The exchange answers on that URL (an unknown path gets Alpaca's 404, proving it is the exchange).
    const res = await fetch(`${endpoints.tradingUrl}/v2/not-an-endpoint`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 40410000, message: 'endpoint not found' });
  });

  it('runs on wall time in trading hours, and from the latest open (market open) outside them', async () => {
    const { tradingUrl, keys } = t.workstation.demoExchange!.endpoints;
    const res = await fetch(`${tradingUrl}/v2/clock`, { headers: { 'APCA-API-KEY-ID': keys.keyId, 'APCA-API-SECRET-KEY': keys.secret } });
    const clock = (await res.json()) as { timestamp: string; is_open: boolean };
    const exchangeNow = Date.parse(clock.timestamp);
    const from = t.workstation.demoExchange!.simulatedFrom;
    if (from === undefined) {
      expect(Math.abs(exchangeNow - Date.now())).toBeLessThan(60_000);
    } else {
      expect(exchangeNow).toBeGreaterThanOrEqual(from);
      expect(exchangeNow - from).toBeLessThan(10 * 60_000);
      expect(clock.is_open).toBe(true);
    }
  });

  it('never writes the demo secret to the log', () => {
    const secret = t.workstation.demoExchange!.endpoints.keys.secret;
    expect(JSON.stringify(t.workstation.log.recent(2000))).not.toContain(secret);
  });
});
