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
    expect(health?.detail).toMatch(/^trading at http:\/\/127\.0\.0\.1:\d+ \((main|worker) thread\)$/);
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

  it('never writes the demo secret to the log', () => {
    const secret = t.workstation.demoExchange!.endpoints.keys.secret;
    expect(JSON.stringify(t.workstation.log.recent(2000))).not.toContain(secret);
  });
});
